import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { callbackKinds, type CallbackKind } from '../events/call-event';
import { CallbackInvalidError } from '../events/callback-invalid-error';
import type { CallbackParams } from '../events/normalise-callback';
import { AmdVerdictHandler } from './amd-verdict-handler';
import type { CallbackReceiverOptions } from './callback-receiver-options';
import { logValue } from '../logging/log-value';
import type { CallbackLink } from '../urls/service-urls';
import { callbackPaths } from '../urls/service-paths';
import { DEFAULT_PARAMETER_LIMIT, parseFormFields, parseWebhookBody } from './parse-webhook-body';
import { sendRawAnswer, type RawAnswer } from './raw-answer';
import { header } from './signed-webhook-reader';
import { RequestAbortedError } from './request-aborted-error';
import { RequestBodyError } from './request-body-error';

type Answer = RawAnswer;

/**
 * POST /callbacks/:kind on node's own request and response, without Express.
 *
 * Telnyx sends several status callbacks per call and a campaign sends them by the thousand;
 * Express's per-request work (request decoration, routing, body-parser) costs several times what
 * storing the event does (docs/benchmarks.md, "events"). So the HTTP server offers each request
 * here first (`take`), and createApp mounts the same receiver as its first middleware, so
 * supertest, the dev server and the production server all run this one implementation.
 *
 * 200 only once the event is durably in Redis (or was already there); 503 when Redis cannot take
 * it, so Telnyx delivers again and nothing acknowledged is lost. The signature is checked on the
 * raw bytes before anything is parsed.
 */
export class CallbackReceiver {
  private readonly kinds = new Map<string, CallbackKind>(callbackKinds.map((kind) => [callbackPaths[kind], kind]));
  private readonly parameterLimit: number;

  constructor(private readonly options: CallbackReceiverOptions) {
    this.parameterLimit = options.parameterLimit ?? DEFAULT_PARAMETER_LIMIT;
  }

  /** Answers the request when it is a callback and returns true; anything else is left alone. */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const kind = this.kindAt(queryAt < 0 ? url : url.slice(0, queryAt));
    if (!kind) return false;
    void this.receive(kind, req, res, queryAt < 0 ? '' : url.slice(queryAt + 1));
    return true;
  }

  /** The same, as Express middleware (mounted first, before any body parser reads the stream). */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!this.take(req, res)) next();
  };

  /** Routes match as Express's would: case-insensitive, one trailing slash allowed. */
  private kindAt(path: string): CallbackKind | undefined {
    const exact = this.kinds.get(path);
    if (exact) return exact;
    const normalised = (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();
    return this.kinds.get(normalised);
  }

  private async receive(kind: CallbackKind, req: IncomingMessage, res: ServerResponse, query: string): Promise<void> {
    let answer: Answer;
    try {
      answer = await this.answer(kind, req, query);
    } catch (error) {
      if (error instanceof RequestAbortedError) return;
      const handled = this.options.errorHandler.handle(error, { source: 'http', method: req.method, path: callbackPaths[kind] });
      answer = { status: handled.httpStatus, text: handled.message };
      // An unread remainder of the body would be taken for the next request on this connection.
      if (error instanceof RequestBodyError && !req.readableEnded) answer.headers = { connection: 'close' };
    }
    sendRawAnswer(res, answer);
  }

  private async answer(kind: CallbackKind, req: IncomingMessage, query: string): Promise<Answer> {
    const { ingestor, logger, urls } = this.options;
    // The shared gate: an unsigned request is refused before a byte of its body is read.
    const read = await this.options.reader.read(req, callbackPaths[kind]);
    if (!read.ok) return read.answer;
    const raw = read.raw;
    const amd = this.options.amd;
    // Telnyx's parameters come from the signed body only; from the URL only our sealed link is read.
    const body = parseWebhookBody(header(req, 'content-type'), raw, this.parameterLimit);
    const link = urls.readCallback(kind, parseFormFields(query, this.parameterLimit), body);
    if (link.problem) {
      logger.warn({ kind, callSid: logValue(body.CallSid), problem: link.problem }, 'callback link not honoured: the event is kept without its flow or campaign attempt');
    }
    const params: CallbackParams = { ...withoutLinkNames(body), ...linkParameters(link) };
    const verdict = amd !== undefined && (kind === 'call-status' || kind === 'amd') && AmdVerdictHandler.carriesVerdict(params, link);
    if (!ingestor && !verdict) return { status: 503, text: 'Event store not configured' };
    let text = 'OK';
    if (ingestor) {
      try {
        const result = await ingestor.ingest(kind, params);
        text = result.stored ? 'OK' : 'OK (duplicate)';
      } catch (error) {
        if (error instanceof CallbackInvalidError) {
          logger.warn({ kind, problem: logValue(error.message, 200) }, 'callback refused');
          return { status: 400, text: error.message };
        }
        // While Redis is away the outage's closing line counts these (docs/operations.md, "Redis").
        if (!this.options.availability?.count('callbacksRefused', error)) logger.error({ kind, callSid: logValue(params.CallSid), err: error }, 'callback not stored: answering 503 so Telnyx retries');
        return { status: 503, text: 'Event store unavailable', headers: { 'retry-after': '5' } };
      }
    }
    if (!verdict) return { status: 200, text };
    const baseUrl = this.options.publicBaseUrl ?? `http://${header(req, 'host') ?? 'localhost'}`;
    if (kind === 'amd') {
      try {
        await amd.async(params, baseUrl, link);
      } catch (error) {
        logger.error({ kind, callSid: logValue(params.CallSid), err: error }, 'AMD redirect not enqueued: answering 503 so Telnyx retries');
        return { status: 503, text: 'Jobs unavailable', headers: { 'retry-after': '5' } };
      }
      return { status: 200, text };
    }
    // The answer to a synchronous verdict is run by Telnyx: TeXML for a new branch, else nothing.
    const answer = amd.sync(params, baseUrl, link);
    return answer.texml !== undefined
      ? { status: 200, text: answer.texml, headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store' } }
      : { status: 200, text: '' };
  }
}

/** Names the events layer reads as ours (normalise-callback.ts): only the sealed link may supply them. */
const LINK_NAMES = ['flow', 'campaign', 'contact', 'attempt', 'machine'] as const;

function withoutLinkNames(body: Record<string, unknown>): Record<string, unknown> {
  if (!LINK_NAMES.some((name) => name in body)) return body;
  const copy = { ...body };
  for (const name of LINK_NAMES) delete copy[name];
  return copy;
}

function linkParameters(link: CallbackLink): Record<string, string> {
  return {
    ...(link.flow ? { flow: link.flow } : {}),
    ...(link.attempt ? { campaign: link.attempt.campaign, contact: String(link.attempt.contact), attempt: String(link.attempt.attempt) } : {}),
  };
}
