import type { Logger } from 'pino';
import type { EventStore } from '../events/event-store';
import type { JobRequest } from '../jobs/job-request';
import type { VoiceAnswer, VoiceResponder } from '../flows/voice-responder';
import type { OperationProducer } from '../jobs/operation-producer';
import { logValue } from '../logging/log-value';
import type { RequestParameters } from '../templates/call-context';
import type { CallbackLink } from '../urls/service-urls';

export interface AmdVerdictHandlerOptions {
  responder: VoiceResponder;
  logger: Logger;
  /** Where a verdict's jobs and the asynchronous redirect (`calls.update`) go. */
  producer?: OperationProducer;
  /** Where the steps the verdict's document passed through are recorded (without waiting). */
  timeline?: Pick<EventStore, 'recordFlowSteps'>;
}

/** What the status callback answers a synchronous verdict with: TeXML, or nothing (an empty body). */
export interface SyncVerdictAnswer {
  texml?: string;
}

/**
 * Acts on an answering-machine verdict (AnsweredBy) for a call that runs a flow.
 *
 * Synchronous detection (MachineDetection on, AsyncAmd false): Telnyx holds the Url's TeXML until
 * detection ends, posts AnsweredBy to the call's StatusCallback and runs the TeXML that answer
 * carries ("The new instructions can be sent back as response to be processed by the TeXML
 * engine", texml-answering-machine-detection-support.md). So the answer is the document the
 * verdict calls for, or an empty body when it changes nothing (the held TeXML then runs).
 *
 * Asynchronous detection (AsyncAmd true): the TeXML already runs; the verdict comes to
 * AsyncAmdStatusCallback, whose answer Telnyx does not read. A different branch is reached by
 * updating the live call (UpdateCallRequest `Texml`, or `Status=completed` to hang up), as a
 * `calls.update` job whose idempotency key is the call's, so a redelivered verdict redirects once.
 */
export class AmdVerdictHandler {
  constructor(private readonly options: AmdVerdictHandlerOptions) {}

  /**
   * True when the callback carries a verdict this handler acts on: AnsweredBy in the signed body,
   * the flow in the callback URL's sealed link (src/urls), never from anything unsigned.
   */
  static carriesVerdict(params: RequestParameters, link: CallbackLink): boolean {
    // A status callback of an ended call that repeats AnsweredBy is history, not a verdict to act on.
    const live = params.CallStatus === undefined || params.CallStatus === 'in-progress' || params.CallStatus === 'answered';
    return live && typeof params.AnsweredBy === 'string' && params.AnsweredBy !== '' && typeof link.flow === 'string';
  }

  /** Synchronous verdict (on the status callback): the TeXML to answer with, if any. */
  sync(params: RequestParameters, baseUrl: string, link: CallbackLink): SyncVerdictAnswer {
    const answer = this.decide(params, baseUrl, link);
    if (!answer) return {};
    this.handOff(answer.jobs, params);
    this.recordSteps(answer, params);
    this.options.logger.info({ callSid: logValue(params.CallSid), answeredBy: logValue(params.AnsweredBy), flow: answer.flow, steps: answer.trail }, 'AMD verdict (sync): answering with the branch it calls for');
    return { texml: answer.texml };
  }

  /**
   * Asynchronous verdict: enqueues the redirect (and the document's jobs). Resolves once the
   * redirect job is accepted, so a failure answers 503 and Telnyx delivers the verdict again.
   */
  async async(params: RequestParameters, baseUrl: string, link: CallbackLink): Promise<void> {
    const answer = this.decide(params, baseUrl, link);
    const callSid = typeof params.CallSid === 'string' ? params.CallSid : undefined;
    if (!answer || !callSid) return;
    const { producer, logger } = this.options;
    if (!producer) {
      logger.warn({ callSid: logValue(callSid), answeredBy: logValue(params.AnsweredBy), flow: answer.flow }, 'AMD verdict (async) calls for another branch but no job producer is configured: the call is not redirected');
      return;
    }
    const flow = answer.flow ?? String(link.flow);
    const hangup = answer.ending === 'hangup' && answer.trail.length === 0;
    await producer.enqueue({
      op: 'calls.update',
      params: hangup ? { call_sid: callSid, status: 'completed' } : { call_sid: callSid, texml: answer.texml },
      idempotencyKey: `amd-verdict-${callSid}`,
      origin: { flow, step: answer.trail.at(-1)?.split('.').at(-1) ?? 'amd', callSid },
    });
    this.handOff(answer.jobs, params);
    this.recordSteps(answer, params);
    logger.info({ callSid: logValue(callSid), answeredBy: logValue(params.AnsweredBy), flow, steps: answer.trail, hangup }, 'AMD verdict (async): redirecting the live call');
  }

  private decide(params: RequestParameters, baseUrl: string, link: CallbackLink): VoiceAnswer | undefined {
    const answer = this.options.responder.amdVerdict(params, baseUrl, link);
    if (answer?.ending === 'fallback') {
      // The call keeps what it has rather than being switched to a fallback document.
      this.options.logger.warn({ callSid: logValue(params.CallSid), flow: link.flow, reason: answer.fallbackReason }, 'AMD verdict not acted on: the flow could not render it');
      return undefined;
    }
    return answer;
  }

  private handOff(jobs: readonly JobRequest[], params: RequestParameters): void {
    const { producer, logger } = this.options;
    for (const job of jobs) {
      if (!producer) {
        logger.warn({ op: job.op, flow: job.origin.flow, step: job.origin.step }, 'flow asked for a job but no job producer is configured');
        continue;
      }
      producer.enqueue(job).catch((error: unknown) => logger.error({ op: job.op, callSid: params.CallSid, err: error }, 'job not enqueued (the call continues)'));
    }
  }

  private recordSteps(answer: VoiceAnswer, params: RequestParameters): void {
    const callSid = typeof params.CallSid === 'string' ? params.CallSid : undefined;
    if (!this.options.timeline || !callSid || !answer.flow || answer.trail.length === 0) return;
    this.options.timeline
      .recordFlowSteps({ callSid, flow: answer.flow, steps: answer.trail, outcome: answer.ending, endpoint: 'amd', at: new Date() })
      .catch((error: unknown) => this.options.logger.debug({ callSid, err: error }, 'flow steps not recorded on the timeline'));
  }
}
