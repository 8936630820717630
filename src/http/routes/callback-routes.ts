import { Router } from 'express';
import type { Logger } from 'pino';
import { callbackKinds } from '../../events/call-event';
import { callbackPaths } from '../../events/callback-paths';
import { CallbackInvalidError } from '../../events/callback-invalid-error';
import type { CallbackIngestor } from '../../events/callback-ingestor';
import type { CallbackParams } from '../../events/normalise-callback';


/**
 * POST /callbacks/:kind. 200 only once the event is durably in Redis (or was already there);
 * 503 when Redis cannot take it, so Telnyx delivers again and nothing acknowledged is lost.
 */
export function callbackRoutes(ingestor: CallbackIngestor | undefined, logger: Logger): Router {
  const router = Router();
  for (const kind of callbackKinds) {
    router.post(callbackPaths[kind], async (req, res) => {
      if (!ingestor) {
        res.status(503).type('text/plain').send('Event store not configured');
        return;
      }
      const params: CallbackParams = { ...(req.query as CallbackParams), ...((req.body as CallbackParams | undefined) ?? {}) };
      try {
        const result = await ingestor.ingest(kind, params);
        res.status(200).type('text/plain').send(result.stored ? 'OK' : 'OK (duplicate)');
      } catch (error) {
        if (error instanceof CallbackInvalidError) {
          logger.warn({ kind, problem: error.message }, 'callback refused');
          res.status(400).type('text/plain').send(error.message);
          return;
        }
        logger.error({ kind, callSid: params.CallSid, err: error }, 'callback not stored: answering 503 so Telnyx retries');
        res.status(503).type('text/plain').set('Retry-After', '5').send('Event store unavailable');
      }
    });
  }
  return router;
}
