import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { CallbackIngestor } from '../events/callback-ingestor';
import type { EventStore } from '../events/event-store';
import type { ErrorHandler } from '../errors';
import type { VoiceAnswer, VoiceResponder } from '../flows/voice-responder';
import { JobsUnavailableError } from '../jobs/jobs-unavailable-error';
import type { OperationProducer } from '../jobs/operation-producer';
import { logValue } from '../logging/log-value';
import type { RequestParameters } from '../templates/call-context';
import type { ServiceUrls, UrlQuery } from '../urls/service-urls';
import { servicePaths } from '../urls/service-paths';
import type { CampaignAnswer } from './campaign-answer';
import type { ServiceMetrics } from './metrics/service-metrics';
import type { WebhookGetRefusals } from './middleware/webhook-get-refusals';
import { parseWebhookBody } from './parse-webhook-body';
import type { QueueLeaveMarks } from './queue-leave-marks';
import { sendRawAnswer, type RawAnswer } from './raw-answer';
import { RequestAbortedError } from './request-aborted-error';
import { RequestBodyError } from './request-body-error';
import { header, type SignedWebhookReader } from './signed-webhook-reader';

export interface VoiceWebhookReceiverOptions {
  /** The signature gate the callbacks share. */
  reader: SignedWebhookReader;
  /** Where GETs the reader refuses are noted (shown on /readyz). */
  getRefusals: WebhookGetRefusals;
  responder: VoiceResponder;
  /** Reads the sealed value back from the URL (nothing else of the query is read). */
  urls: ServiceUrls;
  campaignAnswer: CampaignAnswer;
  metrics: ServiceMetrics;
  logger: Logger;
  errorHandler: ErrorHandler;
  producer?: OperationProducer;
  /** Where the steps a call took are recorded, without waiting (never needed to answer). */
  timeline?: Pick<EventStore, 'recordFlowSteps'>;
  /** Takes the queue events Telnyx reports only through the Enqueue action (without waiting). */
  ingestor?: Pick<CallbackIngestor, 'ingest'>;
  /** PUBLIC_BASE_URL; when unset, URLs are derived from the request. */
  publicBaseUrl?: string;
  /** TRUST_PROXY: derive the base URL from X-Forwarded-Proto/-Host (as Express's req.protocol and req.host do). */
  trustProxy: boolean;
  /** Where the Leaves the service issues are remembered (see QueueLeaveMarks). */
  queueMarks?: QueueLeaveMarks;
}

type Endpoint = 'voice' | 'step' | 'queue-wait';
type Entry = Endpoint | 'campaign-answer';

const ENTRIES = new Map<string, Entry>([
  [servicePaths.voice, 'voice'],
  [servicePaths.step, 'step'],
  [servicePaths.queueWait, 'queue-wait'],
  [servicePaths.campaignAnswer, 'campaign-answer'],
]);

const TEXML_HEADERS = { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store' } as const;

/**
 * The voice webhooks (/voice, /voice/step, /voice/queue-wait, /campaigns/answer) on node's own
 * request and response, without Express, as CallbackReceiver serves callbacks: Express's
 * per-request work costs more than answering a webhook does (docs/benchmarks.md, "voice-webhook").
 * The HTTP server offers each request here first (`take`) and createApp mounts the same receiver
 * as middleware, so supertest, the dev server and the production server run one implementation.
 *
 * The order is issue 12's: signature on the raw bytes before anything is parsed or logged (the
 * shared SignedWebhookReader); a GET refused when signatures are checked; Telnyx's parameters from
 * the signed body only, and from the URL only the sealed value, read by ServiceUrls. Each webhook
 * writes one log line. Anything that fails outside the flows (whose own failures are the fallback
 * document already) answers the flow set's fallback document too, so Telnyx always gets TeXML.
 */
export class VoiceWebhookReceiver {
  /** The GETs refused here, for /readyz. */
  readonly getRefusals: WebhookGetRefusals;

  constructor(private readonly options: VoiceWebhookReceiverOptions) {
    this.getRefusals = options.getRefusals;
  }

  /** Answers the request when it is a voice webhook and returns true; anything else is left alone. */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    const method = req.method;
    if (method !== 'POST' && method !== 'GET' && method !== 'HEAD') return false;
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const entry = entryAt(queryAt < 0 ? url : url.slice(0, queryAt));
    if (!entry) return false;
    void this.receive(entry, req, res, queryAt < 0 ? '' : url.slice(queryAt + 1));
    return true;
  }

  /** The same, as Express middleware (mounted before any body parser reads the stream). */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!this.take(req, res)) next();
  };

  private async receive(entry: Entry, req: IncomingMessage, res: ServerResponse, queryString: string): Promise<void> {
    const path = entry === 'campaign-answer' ? servicePaths.campaignAnswer : pathOf(entry);
    try {
      const read = await this.options.reader.read(req, path);
      if (!read.ok) return sendRawAnswer(res, read.answer);
      if (this.options.reader.verifies && req.method === 'GET') return sendRawAnswer(res, this.options.reader.refuseGet(path));
      let query: UrlQuery = parseQueryString(queryString);
      const body = parseWebhookBody(header(req, 'content-type'), read.raw);
      // A GET reaches here only with verification off (nothing is signed then): its query stands in for the body.
      let params = (req.method === 'GET' ? query : body) as RequestParameters;
      let endpoint: Endpoint;
      if (entry === 'campaign-answer') {
        const outcome = this.options.campaignAnswer.answer(params, query);
        if ('texml' in outcome) return sendRawAnswer(res, { status: 200, text: outcome.texml, headers: TEXML_HEADERS });
        // Served here as the voice URL it names, in the same request.
        const at = outcome.forwardTo.indexOf('?');
        endpoint = entryAt(at < 0 ? outcome.forwardTo : outcome.forwardTo.slice(0, at)) === 'step' ? 'step' : 'voice';
        query = parseQueryString(at < 0 ? '' : outcome.forwardTo.slice(at + 1));
        if (req.method === 'GET') params = query as RequestParameters;
      } else {
        endpoint = entry;
      }
      await this.respond(endpoint, req, res, params, query);
    } catch (error) {
      this.fail(error, req, res, path);
    }
  }

  /** Asks the responder and answers TeXML; the jobs, timeline and log line follow the answer. */
  private async respond(endpoint: Endpoint, req: IncomingMessage, res: ServerResponse, params: RequestParameters, query: UrlQuery): Promise<void> {
    const started = process.hrtime.bigint();
    const { responder, urls, queueMarks } = this.options;
    const baseUrl = this.options.publicBaseUrl ?? `${this.protocol(req)}://${this.host(req) ?? 'localhost'}`;
    const callSid = typeof params.CallSid === 'string' ? params.CallSid : undefined;
    let queue: { leaveIssued: boolean } | undefined;
    if (endpoint === 'step' && queueMarks && callSid && params.QueueResult === undefined) {
      // The Enqueue's action: did we issue the Leave that brought the caller here?
      const state = responder.peekState(query);
      if (state?.kind === 'enqueue') queue = { leaveIssued: await queueMarks.issued(callSid, state.queuedAt) };
    }
    const rendered =
      endpoint === 'voice'
        ? responder.inbound(params, baseUrl, urls.readVoice(query))
        : endpoint === 'step'
          ? responder.step(params, baseUrl, query, queue)
          : responder.queueWait(params, baseUrl, query);
    // A document that stopped at a `request` action goes on once the request is answered (within its budget).
    const answer = rendered.pendingRequest ? await responder.settle(rendered) : rendered;
    // A Leave (from a queue's wait step) is marked before Telnyx can follow it to the Enqueue's action.
    if (endpoint !== 'voice' && queueMarks && callSid && answer.texml.includes('<Leave/>')) await queueMarks.mark(callSid, answer.flow);
    sendRawAnswer(res, { status: 200, text: answer.texml, headers: TEXML_HEADERS });
    this.handOffJobs(answer);
    this.recordSteps(endpoint, params, answer);
    this.reportQueueLeft(answer, params);
    this.record(endpoint, params, answer, started);
  }

  /** The one error path: classified and logged once, answered with the fallback document. */
  private fail(error: unknown, req: IncomingMessage, res: ServerResponse, path: string): void {
    if (error instanceof RequestAbortedError) return;
    const handled = this.options.errorHandler.handle(error, { source: 'http', method: req.method, path });
    if (res.headersSent) return;
    // A request the service cannot read keeps its 4xx; a failure of ours is not a 500 but the
    // polite fallback, as a flow's own failure is (DESIGN.md).
    const status = handled.httpStatus < 500 ? handled.httpStatus : 200;
    if (status === 200) this.options.metrics.fallbacks.inc({ reason: 'internal-error' });
    const answer: RawAnswer = { status, text: this.options.responder.failureDocument(), headers: { ...TEXML_HEADERS } };
    // An unread remainder of the body would be taken for the next request on this connection.
    if (error instanceof RequestBodyError && !req.readableEnded) answer.headers!.connection = 'close';
    sendRawAnswer(res, answer);
  }

  /** Express's req.protocol: X-Forwarded-Proto (its first value) only when TRUST_PROXY is on. */
  private protocol(req: IncomingMessage): string {
    const own = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    if (!this.options.trustProxy) return own;
    const forwarded = header(req, 'x-forwarded-proto') || own;
    const comma = forwarded.indexOf(',');
    return (comma < 0 ? forwarded : forwarded.slice(0, comma)).trim();
  }

  /** Express's req.host: X-Forwarded-Host (its first value) only when TRUST_PROXY is on, else Host. */
  private host(req: IncomingMessage): string | undefined {
    const forwarded = this.options.trustProxy ? header(req, 'x-forwarded-host') : undefined;
    if (!forwarded) return header(req, 'host') || undefined;
    const comma = forwarded.indexOf(',');
    return (comma < 0 ? forwarded : forwarded.slice(0, comma)).trimEnd() || undefined;
  }

  private handOffJobs(answer: VoiceAnswer): void {
    const { producer, logger, metrics } = this.options;
    for (const job of answer.jobs) {
      if (!producer) {
        logger.warn({ op: job.op, flow: logValue(job.origin.flow), step: logValue(job.origin.step) }, 'flow asked for a job but no job producer is configured');
        metrics.jobEnqueueFailures.inc({ op: job.op });
        continue;
      }
      producer.enqueue(job).catch((error: unknown) => {
        metrics.jobEnqueueFailures.inc({ op: job.op });
        // Refused because Redis is away: counted in the outage's closing line, not logged per job.
        if (error instanceof JobsUnavailableError && error.counted) return;
        logger.error({ op: job.op, callSid: logValue(job.origin.callSid), flow: logValue(job.origin.flow), step: logValue(job.origin.step), err: error }, 'job not enqueued (the call continues)');
      });
    }
  }

  private recordSteps(endpoint: Endpoint, params: RequestParameters, answer: VoiceAnswer): void {
    const { timeline, logger } = this.options;
    const callSid = typeof params.CallSid === 'string' ? params.CallSid : undefined;
    if (!timeline || !callSid || !answer.flow) return;
    timeline
      .recordFlowSteps({ callSid, flow: answer.flow, steps: answer.trail, outcome: answer.ending, endpoint, at: new Date() })
      .catch((error: unknown) => logger.debug({ callSid: logValue(callSid), err: error }, 'flow steps not recorded on the timeline'));
  }

  /** Telnyx reports leaving a queue only on the Enqueue action: turn it into a `queue.left` event, with the result the service derived. */
  private reportQueueLeft(answer: VoiceAnswer, params: RequestParameters): void {
    const { ingestor, logger } = this.options;
    if (!ingestor || answer.resumed?.kind !== 'enqueue' || typeof params.CallSid !== 'string') return;
    ingestor
      .ingest('queue', { ...params, QueueResult: answer.queueResult ?? 'left', flow: answer.resumed.flow })
      .catch((error: unknown) => logger.warn({ callSid: logValue(params.CallSid), err: error }, 'queue event not recorded'));
  }

  private record(endpoint: Endpoint, params: RequestParameters, answer: VoiceAnswer, started: bigint): void {
    const { metrics, logger } = this.options;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const flow = answer.flow ?? 'none';
    metrics.webhookLatency.observe({ endpoint, flow, outcome: answer.ending }, seconds);
    for (const request of answer.requests ?? []) {
      metrics.flowRequests.inc({ host: request.host, outcome: requestOutcomeLabel(request.outcome) });
      metrics.flowRequestDuration.observe({ host: request.host }, request.ms / 1000);
    }
    const line = {
      endpoint,
      callSid: logValue(params.CallSid),
      flow: logValue(flow),
      step: logValue(answer.trail.at(-1) ?? answer.step),
      outcome: answer.ending,
      route: logValue(answer.route),
      refusedEntry: logValue(answer.refusedEntry),
      jobs: answer.jobs.length || undefined,
      requests: answer.requests?.map((r) => `${r.host} ${r.outcome} ${r.ms}ms`),
      durationMs: Math.round(seconds * 1e6) / 1e3,
    };
    if (answer.ending === 'fallback') {
      const reason = answer.tokenProblem ? `token-${answer.tokenProblem}` : classifyReason(answer.fallbackReason);
      metrics.fallbacks.inc({ reason });
      logger.warn({ ...line, reason: logValue(answer.fallbackReason, 300) }, 'webhook answered with fallback');
    } else {
      logger.info(line, 'webhook');
    }
  }
}

/** Routes match as Express's would: case-insensitive, one trailing slash allowed. */
function entryAt(path: string): Entry | undefined {
  const exact = ENTRIES.get(path);
  if (exact) return exact;
  return ENTRIES.get((path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase());
}

function pathOf(endpoint: Endpoint): string {
  return endpoint === 'voice' ? servicePaths.voice : endpoint === 'step' ? servicePaths.step : servicePaths.queueWait;
}

/** `200` -> `2xx`, `200 cached` -> `cached`; `timeout` and `error` as they are. */
function requestOutcomeLabel(outcome: string): string {
  if (outcome.endsWith(' cached')) return 'cached';
  return /^\d{3}$/.test(outcome) ? `${outcome[0]}xx` : outcome;
}

/** A small, fixed label set for the fallback counter. */
function classifyReason(reason: string | undefined): string {
  if (!reason) return 'unknown';
  if (reason.startsWith('unknown flow')) return 'unknown-flow';
  if (reason.includes('is not an entry point')) return 'not-entry-point';
  if (reason.startsWith('unknown step') || reason.includes('no longer exists')) return 'unknown-step';
  if (reason.startsWith('no flow set')) return 'no-flows';
  if (reason.startsWith('no valid input')) return 'input-exhausted';
  if (reason.startsWith('more than')) return 'loop';
  return 'render-error';
}
