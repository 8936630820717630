import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { VoiceAnswer, VoiceResponder } from '../../flows/voice-responder';
import type { OperationProducer } from '../../jobs/operation-producer';
import type { ServiceMetrics } from '../metrics/service-metrics';
import type { EventStore } from '../../events/event-store';
import type { CallbackIngestor } from '../../events/callback-ingestor';
import { logValue } from '../../logging/log-value';
import type { RequestParameters } from '../../templates/call-context';
import type { QueueLeaveMarks } from '../queue-leave-marks';
import { JobsUnavailableError } from '../../jobs/jobs-unavailable-error';
import type { ServiceUrls, UrlQuery } from '../../urls/service-urls';

export interface VoiceRouteDependencies {
  responder: VoiceResponder;
  /** Reads the sealed value back from the URL (nothing else of the query is read). */
  urls: ServiceUrls;
  metrics: ServiceMetrics;
  logger: Logger;
  producer?: OperationProducer;
  /** Where the steps a call took are recorded, without waiting (never needed to answer). */
  timeline?: Pick<EventStore, 'recordFlowSteps'>;
  /** Takes the queue events Telnyx reports only through the Enqueue action (without waiting). */
  ingestor?: Pick<CallbackIngestor, 'ingest'>;
  /** PUBLIC_BASE_URL; when unset, URLs are derived from the request. */
  publicBaseUrl?: string;
  /** Where the Leaves the service issues are remembered (see QueueLeaveMarks). */
  queueMarks?: QueueLeaveMarks;
}

type Endpoint = 'voice' | 'step' | 'queue-wait';

/**
 * /voice, /voice/step and /voice/queue-wait: ask the responder, answer TeXML. Telnyx's parameters
 * are the signed body (the signature middleware parsed it after checking it); from the URL only the
 * sealed value is read, by ServiceUrls. The query is never merged over the body.
 */
export function voiceRoutes(deps: VoiceRouteDependencies): Router {
  const router = Router();
  const handle = (endpoint: Endpoint) => async (req: Request, res: Response) => {
    const started = process.hrtime.bigint();
    const query = req.query as UrlQuery;
    // A GET reaches here only with verification off (nothing is signed then): its query stands in for the body.
    const params: RequestParameters = req.method === 'GET' ? (query as RequestParameters) : ((req.body as RequestParameters | undefined) ?? {});
    // req.protocol and req.host follow X-Forwarded-Proto/-Host only when TRUST_PROXY is on.
    const baseUrl = deps.publicBaseUrl ?? `${req.protocol}://${req.host ?? 'localhost'}`;
    const callSid = typeof params.CallSid === 'string' ? params.CallSid : undefined;
    let queue: { leaveIssued: boolean } | undefined;
    if (endpoint === 'step' && deps.queueMarks && callSid && params.QueueResult === undefined) {
      // The Enqueue's action: did we issue the Leave that brought the caller here?
      const state = deps.responder.peekState(query);
      if (state?.kind === 'enqueue') queue = { leaveIssued: await deps.queueMarks.issued(callSid, state.queuedAt) };
    }
    const answer =
      endpoint === 'voice'
        ? deps.responder.inbound(params, baseUrl, deps.urls.readVoice(query))
        : endpoint === 'step'
          ? deps.responder.step(params, baseUrl, query, queue)
          : deps.responder.queueWait(params, baseUrl, query);
    // A Leave (from a queue's wait step) is marked before Telnyx can follow it to the Enqueue's action.
    if (endpoint !== 'voice' && deps.queueMarks && callSid && answer.texml.includes('<Leave/>')) await deps.queueMarks.mark(callSid, answer.flow);
    res.status(200).type('application/xml; charset=utf-8').set('Cache-Control', 'no-store').send(answer.texml);
    handOffJobs(answer, deps);
    recordSteps(endpoint, params, answer, deps);
    reportQueueLeft(answer, params, deps);
    record(endpoint, params, answer, started, deps);
  };
  router.route('/voice').get(handle('voice')).post(handle('voice'));
  router.route('/voice/step').get(handle('step')).post(handle('step'));
  router.route('/voice/queue-wait').get(handle('queue-wait')).post(handle('queue-wait'));
  return router;
}

function handOffJobs(answer: VoiceAnswer, deps: VoiceRouteDependencies): void {
  for (const job of answer.jobs) {
    if (!deps.producer) {
      deps.logger.warn({ op: job.op, flow: logValue(job.origin.flow), step: logValue(job.origin.step) }, 'flow asked for a job but no job producer is configured');
      deps.metrics.jobEnqueueFailures.inc({ op: job.op });
      continue;
    }
    deps.producer.enqueue(job).catch((error: unknown) => {
      deps.metrics.jobEnqueueFailures.inc({ op: job.op });
      // Refused because Redis is away: counted in the outage's closing line, not logged per job.
      if (error instanceof JobsUnavailableError && error.counted) return;
      deps.logger.error({ op: job.op, callSid: logValue(job.origin.callSid), flow: logValue(job.origin.flow), step: logValue(job.origin.step), err: error }, 'job not enqueued (the call continues)');
    });
  }
}

function recordSteps(endpoint: Endpoint, params: RequestParameters, answer: VoiceAnswer, deps: VoiceRouteDependencies): void {
  const callSid = typeof params.CallSid === 'string' ? params.CallSid : undefined;
  if (!deps.timeline || !callSid || !answer.flow) return;
  deps.timeline
    .recordFlowSteps({ callSid, flow: answer.flow, steps: answer.trail, outcome: answer.ending, endpoint, at: new Date() })
    .catch((error: unknown) => deps.logger.debug({ callSid: logValue(callSid), err: error }, 'flow steps not recorded on the timeline'));
}

/** Telnyx reports leaving a queue only on the Enqueue action: turn it into a `queue.left` event, with the result the service derived. */
function reportQueueLeft(answer: VoiceAnswer, params: RequestParameters, deps: VoiceRouteDependencies): void {
  if (!deps.ingestor || answer.resumed?.kind !== 'enqueue' || typeof params.CallSid !== 'string') return;
  deps.ingestor
    .ingest('queue', { ...params, QueueResult: answer.queueResult ?? 'left', flow: answer.resumed.flow })
    .catch((error: unknown) => deps.logger.warn({ callSid: logValue(params.CallSid), err: error }, 'queue event not recorded'));
}

function record(endpoint: Endpoint, params: RequestParameters, answer: VoiceAnswer, started: bigint, deps: VoiceRouteDependencies): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const flow = answer.flow ?? 'none';
  deps.metrics.webhookLatency.observe({ endpoint, flow, outcome: answer.ending }, seconds);
  const line = {
    endpoint,
    callSid: logValue(params.CallSid),
    flow: logValue(flow),
    step: logValue(answer.trail.at(-1) ?? answer.step),
    outcome: answer.ending,
    route: logValue(answer.route),
    refusedEntry: logValue(answer.refusedEntry),
    jobs: answer.jobs.length || undefined,
    durationMs: Math.round(seconds * 1e6) / 1e3,
  };
  if (answer.ending === 'fallback') {
    const reason = answer.tokenProblem ? `token-${answer.tokenProblem}` : classifyReason(answer.fallbackReason);
    deps.metrics.fallbacks.inc({ reason });
    deps.logger.warn({ ...line, reason: logValue(answer.fallbackReason, 300) }, 'webhook answered with fallback');
  } else {
    deps.logger.info(line, 'webhook');
  }
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
