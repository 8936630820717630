import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { logValue } from '../../logging/log-value';
import type { SignatureCheck, WebhookSignatureVerifier } from '../../telnyx/webhook-signature-verifier';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { parseWebhookBody } from '../parse-webhook-body';
import { readRequestBody } from '../read-request-body';
import { RequestAbortedError } from '../request-aborted-error';
import type { WebhookGetRefusals } from './webhook-get-refusals';

const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface SignedWebhookOptions {
  verifier: WebhookSignatureVerifier | undefined;
  metrics: ServiceMetrics;
  logger: Logger;
  getRefusals: WebhookGetRefusals;
  /** Largest body read (413 past it); 64 KiB. */
  bodyLimitBytes?: number;
  now?: () => Date;
}

/**
 * The webhook router's gate: nothing of a request is parsed or logged before its signature holds.
 * 1. Headers missing, malformed or outside the timestamp window: 403 before a byte of the body is
 *    read (the connection is closed rather than drained).
 * 2. The raw body (64 KiB at most) is checked against `telnyx-signature-ed25519`: 403 when it fails.
 * 3. With verification on, a GET is refused (405): Telnyx signs only its timestamp, so every
 *    parameter of it is unsigned (docs/security.md).
 * 4. Only then is the body parsed into req.body. The query string is never parsed into it.
 * Refusals log one small line (no body, capped values).
 */
export function signatureMiddleware(options: SignedWebhookOptions): RequestHandler {
  const { verifier, metrics, logger } = options;
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const now = options.now ?? (() => new Date());
  const refuse = (req: Request, res: Response, check: Exclude<SignatureCheck, { ok: true }>, bodyUnread: boolean) => {
    metrics.signatureFailures.inc({ problem: check.problem });
    logger.warn({ path: logValue(req.path), method: req.method, problem: check.problem, detail: check.detail, ip: req.ip }, 'webhook signature refused');
    // A bare 403: an attacker learns nothing about the flows. An unread body is not drained.
    if (bodyUnread) res.set('Connection', 'close');
    res.status(403).type('text/plain').set('Cache-Control', 'no-store').send('Forbidden');
  };
  return (req, res, next) => {
    const timestamp = req.get('telnyx-timestamp');
    const signature = req.get('telnyx-signature-ed25519');
    if (verifier) {
      const pre = verifier.precheck(timestamp, signature);
      if (!pre.ok) {
        refuse(req, res, pre, true);
        return;
      }
    }
    readRequestBody(req, limit).then(
      (raw) => {
        if (verifier) {
          const check = verifier.check(timestamp, signature, raw);
          if (!check.ok) {
            refuse(req, res, check, false);
            return;
          }
          if (req.method === 'GET') {
            refuseGet(req, res);
            return;
          }
        }
        try {
          req.body = parseWebhookBody(req.get('content-type'), raw);
        } catch (error) {
          next(error);
          return;
        }
        next();
      },
      (error: unknown) => {
        if (error instanceof RequestAbortedError) return;
        next(error);
      },
    );
  };

  function refuseGet(req: Request, res: Response): void {
    options.getRefusals.note(String(logValue(req.path)), now());
    metrics.signatureFailures.inc({ problem: 'get' });
    logger.warn(
      { path: logValue(req.path), method: 'GET', reason: "GET webhooks are refused: Telnyx signs only a GET's timestamp, not its query; set the TeXML application's methods to POST" },
      'webhook refused',
    );
    res
      .status(405)
      .set('Allow', 'POST')
      .type('text/plain')
      .set('Cache-Control', 'no-store')
      .send("GET webhooks are refused: Telnyx signs only a GET's timestamp. Set the TeXML application's voice and status callback methods to POST.");
  }
}
