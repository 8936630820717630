import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { logValue } from '../logging/log-value';
import type { SignatureCheck, WebhookSignatureVerifier } from '../telnyx/webhook-signature-verifier';
import type { ServiceMetrics } from './metrics/service-metrics';
import type { WebhookGetRefusals } from './middleware/webhook-get-refusals';
import type { RawAnswer } from './raw-answer';
import { readRequestBody } from './read-request-body';

const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface SignedWebhookReaderOptions {
  /** Checks Telnyx's Ed25519 signature; absent when WEBHOOK_VERIFY is off. */
  verifier: WebhookSignatureVerifier | undefined;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Where refused GETs are noted for /readyz. */
  getRefusals: WebhookGetRefusals;
  /** Largest body read (413 past it); 64 KiB. */
  bodyLimitBytes?: number;
  now?: () => Date;
}

export type SignedRead = { ok: true; raw: Buffer } | { ok: false; answer: RawAnswer };

/**
 * The gate every Telnyx webhook goes through, on node's own request (voice webhooks, callbacks,
 * and whatever else reaches Express's webhook router). Nothing of a request is parsed or logged
 * before its signature holds:
 * 1. Headers missing, malformed or outside the timestamp window: 403 before a byte of the body is
 *    read (the connection is closed rather than drained).
 * 2. The raw body (64 KiB at most, else a RequestBodyError) is checked against
 *    `telnyx-signature-ed25519`: 403 when it fails.
 * Refusals log one small line (no body, capped values) and count in texml_signature_failures_total.
 */
export class SignedWebhookReader {
  private readonly bodyLimit: number;
  private readonly now: () => Date;

  constructor(private readonly options: SignedWebhookReaderOptions) {
    this.bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
    this.now = options.now ?? (() => new Date());
  }

  /** Whether signatures are checked (WEBHOOK_VERIFY on, with a key). */
  get verifies(): boolean {
    return this.options.verifier !== undefined;
  }

  /** The body, once its signature holds; or the refusal to send. `path` is what the log line names. */
  async read(req: IncomingMessage, path: string): Promise<SignedRead> {
    const { verifier } = this.options;
    if (!verifier) return { ok: true, raw: await readRequestBody(req, this.bodyLimit) };
    // Headers first: an unsigned request is refused before a byte of its body is read.
    const headers = verifier.precheck(header(req, 'telnyx-timestamp'), header(req, 'telnyx-signature-ed25519'));
    if (!headers.ok) return { ok: false, answer: this.refuse(req, path, headers, true) };
    const raw = await readRequestBody(req, this.bodyLimit);
    const check = await verifier.checkBody(headers, raw);
    return check.ok ? { ok: true, raw } : { ok: false, answer: this.refuse(req, path, check, false) };
  }

  /**
   * With verification on, a GET is refused (405): Telnyx signs only its timestamp, so every
   * parameter of it is unsigned (docs/security.md). Noted for /readyz.
   */
  refuseGet(path: string): RawAnswer {
    const shown = logValue(path);
    this.options.getRefusals.note(String(shown), this.now());
    this.options.metrics.signatureFailures.inc({ problem: 'get' });
    this.options.logger.warn(
      { path: shown, method: 'GET', reason: "GET webhooks are refused: Telnyx signs only a GET's timestamp, not its query; set the TeXML application's methods to POST" },
      'webhook refused',
    );
    return {
      status: 405,
      text: "GET webhooks are refused: Telnyx signs only a GET's timestamp. Set the TeXML application's voice and status callback methods to POST.",
      headers: { allow: 'POST', 'cache-control': 'no-store' },
    };
  }

  /** A bare 403 (an attacker learns nothing about the flows) and one small log line. */
  private refuse(req: IncomingMessage, path: string, check: Exclude<SignatureCheck, { ok: true }>, bodyUnread: boolean): RawAnswer {
    this.options.metrics.signatureFailures.inc({ problem: check.problem });
    // The peer address, and what a proxy in front says the client was (not trusted, only shown).
    const forwardedFor = header(req, 'x-forwarded-for');
    this.options.logger.warn(
      { path: logValue(path), method: req.method, problem: check.problem, detail: check.detail, ip: req.socket.remoteAddress, ...(forwardedFor ? { forwardedFor: logValue(forwardedFor) } : {}) },
      'webhook signature refused',
    );
    // An unread body is not drained: the connection closes after the answer.
    return { status: 403, text: 'Forbidden', headers: { 'cache-control': 'no-store', ...(bodyUnread ? { connection: 'close' } : {}) } };
  }
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
