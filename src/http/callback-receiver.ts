import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { callbackKinds, type CallbackKind } from '../events/call-event';
import { CallbackInvalidError } from '../events/callback-invalid-error';
import { callbackPaths } from '../events/callback-paths';
import type { CallbackParams } from '../events/normalise-callback';
import { AmdVerdictHandler } from './amd-verdict-handler';
import type { CallbackReceiverOptions } from './callback-receiver-options';
import { parseContentType, readRequestBody } from './read-request-body';
import { RequestAbortedError } from './request-aborted-error';
import { RequestBodyError } from './request-body-error';

const DEFAULT_BODY_LIMIT = 64 * 1024;
const DEFAULT_PARAMETER_LIMIT = 1000;

type Answer = { status: number; text: string; headers?: Record<string, string> };

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
  private readonly bodyLimit: number;
  private readonly parameterLimit: number;

  constructor(private readonly options: CallbackReceiverOptions) {
    this.bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
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
    if (res.headersSent || res.destroyed) return;
    const body = Buffer.from(answer.text, 'utf8');
    res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), ...answer.headers });
    res.end(body);
  }

  private async answer(kind: CallbackKind, req: IncomingMessage, query: string): Promise<Answer> {
    const { ingestor, verifier, logger, metrics } = this.options;
    const raw = await readRequestBody(req, this.bodyLimit);
    if (verifier) {
      const check = verifier.check(header(req, 'telnyx-timestamp'), header(req, 'telnyx-signature-ed25519'), raw);
      if (!check.ok) {
        metrics.signatureFailures.inc({ problem: check.problem });
        // The peer address, and what a proxy in front says the client was (not trusted, only shown).
        const forwardedFor = header(req, 'x-forwarded-for');
        logger.warn(
          { path: callbackPaths[kind], method: req.method, problem: check.problem, detail: check.detail, ip: req.socket.remoteAddress, ...(forwardedFor ? { forwardedFor } : {}) },
          'webhook signature refused',
        );
        // A bare 403: an attacker learns nothing about the service.
        return { status: 403, text: 'Forbidden', headers: { 'cache-control': 'no-store' } };
      }
    }
    const amd = this.options.amd;
    const params: CallbackParams = { ...this.formFields(query), ...this.bodyFields(header(req, 'content-type'), raw) };
    const verdict = amd !== undefined && (kind === 'call-status' || kind === 'amd') && AmdVerdictHandler.carriesVerdict(params);
    if (!ingestor && !verdict) return { status: 503, text: 'Event store not configured' };
    let text = 'OK';
    if (ingestor) {
      try {
        const result = await ingestor.ingest(kind, params);
        text = result.stored ? 'OK' : 'OK (duplicate)';
      } catch (error) {
        if (error instanceof CallbackInvalidError) {
          logger.warn({ kind, problem: error.message }, 'callback refused');
          return { status: 400, text: error.message };
        }
        // While Redis is away the outage's closing line counts these (docs/operations.md, "Redis").
        if (!this.options.availability?.count('callbacksRefused', error)) logger.error({ kind, callSid: params.CallSid, err: error }, 'callback not stored: answering 503 so Telnyx retries');
        return { status: 503, text: 'Event store unavailable', headers: { 'retry-after': '5' } };
      }
    }
    if (!verdict) return { status: 200, text };
    const baseUrl = this.options.publicBaseUrl ?? `http://${header(req, 'host') ?? 'localhost'}`;
    if (kind === 'amd') {
      try {
        await amd.async(params, baseUrl);
      } catch (error) {
        logger.error({ kind, callSid: params.CallSid, err: error }, 'AMD redirect not enqueued: answering 503 so Telnyx retries');
        return { status: 503, text: 'Jobs unavailable', headers: { 'retry-after': '5' } };
      }
      return { status: 200, text };
    }
    // The answer to a synchronous verdict is run by Telnyx: TeXML for a new branch, else nothing.
    const answer = amd.sync(params, baseUrl);
    return answer.texml !== undefined
      ? { status: 200, text: answer.texml, headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store' } }
      : { status: 200, text: '' };
  }

  /** Form-encoded (what TeXML sends) or JSON; any other type contributes nothing, as with Express's parsers. */
  private bodyFields(contentTypeHeader: string | undefined, raw: Buffer): Record<string, unknown> {
    if (raw.length === 0) return {};
    const { type, charset } = parseContentType(contentTypeHeader);
    const isForm = type === 'application/x-www-form-urlencoded';
    const isJson = type === 'application/json' || (type?.startsWith('application/') === true && type.endsWith('+json'));
    if (!isForm && !isJson) return {};
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
      throw new RequestBodyError(415, `unsupported charset "${charset}": send UTF-8`);
    }
    const text = raw.toString('utf8');
    if (isForm) return this.formFields(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new RequestBodyError(400, `request body is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new RequestBodyError(400, 'request body must be a JSON object');
    return parsed as Record<string, unknown>;
  }

  /** Fields of a query string or form body; a repeated name gives an array, as Express's parsers do. */
  private formFields(text: string): Record<string, string | string[]> {
    const fields: Record<string, string | string[]> = {};
    if (text === '') return fields;
    let count = 0;
    for (const [name, value] of new URLSearchParams(text)) {
      if (++count > this.parameterLimit) throw new RequestBodyError(413, `more than ${this.parameterLimit} parameters`);
      if (name === '__proto__') continue;
      const existing = fields[name];
      fields[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return fields;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
