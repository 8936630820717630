import type { RequestHandler } from 'express';
import { parseWebhookBody } from '../parse-webhook-body';
import { sendRawAnswer } from '../raw-answer';
import { RequestAbortedError } from '../request-aborted-error';
import type { SignedWebhookReader } from '../signed-webhook-reader';

/**
 * The gate in front of whatever webhook-like request Express still sees (the voice webhooks and
 * callbacks are served ahead of it, by receivers sharing the same SignedWebhookReader): signature
 * on the raw bytes first (403), a GET refused while signatures are checked (405), and only then the
 * body parsed into req.body. The query string is never parsed into it.
 */
export function signatureMiddleware(reader: SignedWebhookReader): RequestHandler {
  return (req, res, next) => {
    reader.read(req, req.path).then(
      (read) => {
        if (!read.ok) return sendRawAnswer(res, read.answer);
        if (reader.verifies && req.method === 'GET') return sendRawAnswer(res, reader.refuseGet(req.path));
        try {
          req.body = parseWebhookBody(req.get('content-type'), read.raw);
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
}
