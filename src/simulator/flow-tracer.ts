import { parseMachineParam } from '../campaigns/answer-url';
import { callbackPaths } from '../events/callback-paths';
import type { FlowSetSource } from '../flows/flow-set-holder';
import type { RenderEnding } from '../flows/flow-interpreter';
import type { JobRequest } from '../flows/job-request';
import { VoiceResponder } from '../flows/voice-responder';
import { FlowStateCodec } from '../state/flow-state-codec';
import type { RequestParameters } from '../templates/call-context';

/** What the service did with one webhook: the steps its document passed through, the jobs, how it ended. */
export interface RequestInsight {
  steps: string[];
  jobs: JobRequest[];
  ending: RenderEnding;
  /** `flow.step` the call waits at, when the document waits for the caller. */
  waitingAt?: string;
  fallbackReason?: string;
  /** Set when the state token could not be opened (another FLOW_STATE_SECRET): nothing is known. */
  unknown?: string;
}

/**
 * Explains the service's answers after the fact: runs each webhook the emulator sent through a
 * VoiceResponder over the same compiled flows, with the same state secret and the request's
 * simulated time. Rendering is a pure function of those, so the steps and jobs are the ones the
 * service computed; the HTTP service itself is not touched.
 */
export class FlowTracer {
  constructor(
    private readonly flows: FlowSetSource,
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  /** `leaveIssued`: an earlier answer to this call held a `<Leave/>` (the service marks it: QueueLeaveMarks). */
  explain(request: { url: string; params: Record<string, string>; at: number; leaveIssued?: boolean }): RequestInsight | undefined {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return undefined;
    }
    const verdict = url.pathname.endsWith(callbackPaths['call-status']);
    const endpoint = /\/voice(\/step|\/queue-wait)?$/.exec(url.pathname)?.[1] ?? (url.pathname.endsWith('/voice') ? '' : undefined);
    if (endpoint === undefined && !verdict) return undefined;
    const params: RequestParameters = { ...Object.fromEntries(url.searchParams), ...request.params };
    const now = new Date(request.at);
    const responder = new VoiceResponder({
      flows: this.flows,
      codec: new FlowStateCodec({ secret: this.secret, ttlSeconds: this.ttlSeconds, now: () => request.at }),
      now: () => now,
    });
    const base = `${url.protocol}//${url.host}`;
    // A synchronous AMD verdict on the status callback: the branch it answered with, if any.
    const answer = verdict
      ? responder.amdVerdict(params, base, parseMachineParam(params.machine))
      : endpoint === '/step' ? responder.step(params, base, { leaveIssued: request.leaveIssued === true }) : endpoint === '/queue-wait' ? responder.queueWait(params, base) : responder.inbound(params, base);
    if (!answer) return undefined;
    if (answer.tokenProblem) return { steps: [], jobs: [], ending: answer.ending, unknown: `the state token did not open here (${answer.tokenProblem}): is FLOW_STATE_SECRET the service's?` };
    return {
      steps: answer.trail,
      jobs: answer.jobs,
      ending: answer.ending,
      ...(answer.waitingAt ? { waitingAt: `${answer.waitingAt.flow}.${answer.waitingAt.step}` } : {}),
      ...(answer.fallbackReason ? { fallbackReason: answer.fallbackReason } : {}),
    };
  }
}
