import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { WebhookSignatureVerifier } from '../../telnyx/webhook-signature-verifier';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { rawBodyOf } from './webhook-body';

/**
 * Refuses webhooks that are unsigned, badly signed or outside the timestamp window with a bare
 * 403 (no TeXML: an attacker learns nothing about the flows). For GET the signed body is empty,
 * so the query string is not covered: configure the TeXML application to use POST.
 */
export function signatureMiddleware(verifier: WebhookSignatureVerifier | undefined, metrics: ServiceMetrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!verifier) {
      next();
      return;
    }
    const check = verifier.check(req.get('telnyx-timestamp'), req.get('telnyx-signature-ed25519'), rawBodyOf(req));
    if (check.ok) {
      next();
      return;
    }
    metrics.signatureFailures.inc({ problem: check.problem });
    logger.warn({ path: req.path, method: req.method, problem: check.problem, detail: check.detail, ip: req.ip }, 'webhook signature refused');
    res.status(403).type('text/plain').set('Cache-Control', 'no-store').send('Forbidden');
  };
}
