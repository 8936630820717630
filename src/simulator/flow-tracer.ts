import { callbackPaths } from '../urls/service-paths';
import type { FlowSetSource } from '../flows/flow-set-holder';
import type { RenderEnding } from '../flows/flow-interpreter';
import type { JobRequest } from '../jobs/job-request';
import { VoiceResponder, type VoiceAnswer } from '../flows/voice-responder';
import type { PendingRequest } from '../flows/flow-render-types';
import { ServiceUrls } from '../urls/service-urls';
import { servicePaths } from '../urls/service-paths';
import type { RequestParameters } from '../templates/call-context';
import type { OutboundRequest, RequestOutcome } from '../events/outbound-request';
import { MAX_REQUESTS_PER_DOCUMENT } from '../flows/voice-responder';

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
    /** The scenario's request stubs: the trace follows a document past its `request` actions as the service did. */
    private readonly requests?: { outcomeFor(request: OutboundRequest): RequestOutcome },
  ) {}

  /**
   * `leaveIssued`: an earlier answer to this call held a `<Leave/>` (the service marks it: QueueLeaveMarks).
   * `texml`: what the service answered; when given, an explanation that does not match it is not offered.
   */
  explain(request: { url: string; params: Record<string, string>; at: number; leaveIssued?: boolean; texml?: string }): RequestInsight | undefined {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return undefined;
    }
    const path = url.pathname;
    const verdict = path.endsWith(callbackPaths['call-status']);
    const which = [servicePaths.step, servicePaths.queueWait, servicePaths.voice].find((endpoint) => path.endsWith(endpoint));
    if (which === undefined && !verdict) return undefined;
    // As the service does: Telnyx's parameters from the request, only the sealed value from the URL.
    const params: RequestParameters = request.params;
    const query = Object.fromEntries(url.searchParams);
    const now = new Date(request.at);
    const urls = new ServiceUrls({ secret: this.secret, ttlSeconds: this.ttlSeconds, now: () => request.at });
    const responder = new VoiceResponder({ flows: this.flows, urls, now: () => now });
    const base = `${url.protocol}//${url.host}`;
    // A synchronous AMD verdict on the status callback: the branch it answered with, if any.
    const first = verdict
      ? responder.amdVerdict(params, base, urls.readCallback('call-status', query, params))
      : which === servicePaths.step
        ? responder.step(params, base, query, { leaveIssued: request.leaveIssued === true })
        : which === servicePaths.queueWait
          ? responder.queueWait(params, base, query)
          : responder.inbound(params, base, urls.readVoice(query));
    if (!first) return undefined;
    let answer: VoiceAnswer = first;
    // The stubs answer as they answered the service (settle's bound on requests applies alike).
    for (let made = 0; answer.pendingRequest && this.requests; made++) {
      const pending: PendingRequest = answer.pendingRequest;
      const outcome: RequestOutcome = made < MAX_REQUESTS_PER_DOCUMENT ? this.requests.outcomeFor(pending.request) : { kind: 'error', reason: 'too many requests' };
      answer = { ...answer, pendingRequest: undefined, ...pending.resume(outcome) };
    }
    if (answer.tokenProblem) return { steps: [], jobs: [], ending: answer.ending, unknown: `the state token did not open here (${answer.tokenProblem}): is FLOW_STATE_SECRET the service's?` };
    // The service asked the flow's systems here (a `request` action): the trace stops where it did.
    if (answer.pendingRequest) return { steps: answer.trail, jobs: answer.jobs, ending: answer.ending };
    // A link sealed with another secret opens here but not in the service: the documents differ.
    if (request.texml !== undefined && withoutSealedValues(request.texml) !== withoutSealedValues(answer.texml)) {
      return { steps: [], jobs: [], ending: answer.ending, unknown: "the state token did not open here (the service answered otherwise): is FLOW_STATE_SECRET the service's?" };
    }
    return {
      steps: answer.trail,
      jobs: answer.jobs,
      ending: answer.ending,
      ...(answer.waitingAt ? { waitingAt: `${answer.waitingAt.flow}.${answer.waitingAt.step}` } : {}),
      ...(answer.fallbackReason ? { fallbackReason: answer.fallbackReason } : {}),
    };
  }
}

/** A document with its sealed values blanked: they differ on every render (random IVs). */
function withoutSealedValues(texml: string): string {
  return texml.replace(/([?&](?:amp;)?(?:state|link)=)[\w-]+/g, '$1');
}
