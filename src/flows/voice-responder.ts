import { buildTexml } from '../texml/build-texml';
import { callFromParameters, inputFromParameters, queueFromParameters, type RequestParameters } from '../templates/call-context';
import { neutralise, URL_VARIABLE_MAX_LENGTH } from '../templates/neutralise';
import { StateTokenError } from '../state/state-token-error';
import type { LinkVars } from '../urls/link-sealer';
import type { ServiceUrls, UrlQuery, VoiceEntry } from '../urls/service-urls';
import type { CompiledFlowSet } from './compiled-flow';
import { fallback, renderFlow, resumeFlow, type RenderInputs, type RenderResult } from './flow-interpreter';
import type { FlowSetSource } from './flow-set-holder';
import type { FlowState } from '../state/flow-state';
import type { OutboundRequester, RequestOutcome } from '../events/outbound-request';

/** Requests one document may make (a `request` beyond them takes its error branch). */
export const MAX_REQUESTS_PER_DOCUMENT = 3;
/** All the requests of one document together: Telnyx holds the call while it waits for the answer. */
export const REQUEST_BUDGET_MS = 5000;
/** Less budget than this left: the next request times out at once rather than being sent to fail. */
const MIN_REQUEST_MS = 50;

/** One request a document made, for the log line (never anything of the response but its status). */
export interface RequestRecord {
  host: string;
  outcome: string;
  ms: number;
}

export interface VoiceAnswer extends RenderResult {
  /** The inbound route that chose the flow, for /voice. */
  route?: string;
  /** The step the request resumed, for /voice/step. */
  step?: string;
  /** A token problem, when the fallback was served because of one. */
  tokenProblem?: string;
  /** For /voice/step: the flow and kind of the action the call had been waiting on. */
  resumed?: { flow: string; kind?: string };
  /** An unsealed `?flow=` that was refused (unknown, or not an entry point). */
  refusedEntry?: string;
  /** The `request` actions the document made (see settle). */
  requests?: RequestRecord[];
}

export interface VoiceResponderOptions {
  flows: FlowSetSource;
  /** Builds the links the documents carry and opens the sealed values requests come back with. */
  urls: ServiceUrls;
  now?: () => Date;
  /** Performs flows' `request` actions; without one they take their error branch. */
  requester?: OutboundRequester;
  /** All the requests of one document together (default REQUEST_BUDGET_MS). */
  requestBudgetMs?: number;
}

/**
 * Answers the three voice webhooks from the current flow set. Never throws: anything that goes
 * wrong becomes the fallback document with a reason, so Telnyx always gets valid TeXML.
 */
export class VoiceResponder {
  private readonly now: () => Date;

  constructor(private readonly options: VoiceResponderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * voice_url: run the flow our sealed link names, or the one an unsealed `?flow=` names when it is
   * an entry point, or route the call. `params` are the signed request's (the body); nothing from
   * the URL but `entry` is read.
   */
  inbound(params: RequestParameters, baseUrl: string, entry: VoiceEntry = { kind: 'route' }): VoiceAnswer {
    return this.guard((set, known) => {
      const call = callFromParameters(params);
      const inputs = () => this.inputs(call, {}, baseUrl, params);
      if (entry.kind === 'invalid') throw entry.error;
      if (entry.kind === 'sealed') return renderFlow(set, { flow: known(entry.flow), vars: this.linkVars(set, entry.flow, entry.vars) }, inputs());
      const match = set.routes.resolve({ to: call.to, from: call.from, connectionId: call.connection_id }, this.now());
      if (entry.kind === 'named' && entry.flow !== match.flow) {
        // Unsigned: the portal's `?flow=` may enter only a flow marked as an entry point, and then
        // with its own defaults (never variables from the URL).
        const flow = set.flows.get(entry.flow);
        if (!flow) return { ...fallback(set, undefined, `unknown flow '${entry.flow}'`), refusedEntry: entry.flow };
        if (!flow.entry) return { ...fallback(set, undefined, `flow '${entry.flow}' is not an entry point (no route names it and it has no 'entry: true'): ?flow= cannot start it`), refusedEntry: entry.flow };
        return renderFlow(set, { flow: known(entry.flow), vars: {} }, inputs());
      }
      known(match.flow);
      return { ...renderFlow(set, { flow: match.flow, vars: match.vars }, inputs()), route: match.route };
    });
  }

  /** The state an action URL carries, or undefined when it does not open (step() then explains). */
  peekState(query: UrlQuery): FlowState | undefined {
    try {
      return this.options.urls.states.open(query.state);
    } catch {
      return undefined;
    }
  }

  /**
   * Every action URL: open the call's own state, map the result to the waiting action's transition.
   * `queue` is what the service knows about how the caller left a queue (an Enqueue's action).
   */
  step(params: RequestParameters, baseUrl: string, query: UrlQuery, queue?: RenderInputs['queue']): VoiceAnswer {
    return this.guard((set, known) => {
      const { state, event } = this.options.urls.readState(query, params);
      known(state.flow);
      const inputs = {
        ...this.inputs(callFromParameters(params), inputFromParameters(params), baseUrl, params),
        parameters: params,
        ...(event ? { event } : {}),
        // A gather in a queue's wait step: its answer still plays inside the wait.
        ...(state.queueWait ? { queueWait: true } : {}),
        ...(queue ? { queue } : {}),
      };
      return { ...resumeFlow(set, state, inputs), step: state.step, resumed: { flow: state.flow, ...(state.kind ? { kind: state.kind } : {}) } };
    });
  }

  /** Enqueue waitUrl: render the queue's wait step (Telnyx requests it again in a loop). */
  queueWait(params: RequestParameters, baseUrl: string, query: UrlQuery): VoiceAnswer {
    return this.guard((set, known) => {
      const { state } = this.options.urls.readState(query, params);
      known(state.flow);
      const action = set.flows.get(state.flow)?.steps.get(state.step)?.actions[state.action];
      if (action?.kind !== 'enqueue' || !action.wait) {
        // The flow changed under a caller who is waiting in a queue: keep them waiting quietly
        // rather than hang up on them; the Enqueue action still comes back to the flow.
        return { texml: HOLD_DOCUMENT, jobs: [], trail: [], ending: 'end-of-step', step: state.step };
      }
      const call = callFromParameters(params);
      const input = { ...inputFromParameters(params), ...(params.QueuePosition !== undefined ? { value: neutralise(params.QueuePosition) } : {}) };
      const wait = { flow: action.wait.flow ?? state.flow, step: action.wait.step };
      const inputs = this.inputs(call, input, baseUrl, params);
      // The next round of the wait, with the variables this one ended with (what `every` remembers).
      const waitLoop = (vars: FlowState['vars']) => inputs.links.queueWait({ ...state, vars }, wait);
      return { ...renderFlow(set, { ...wait, vars: state.vars }, { ...inputs, queueWait: true, waitLoop, queueWebhook: queueFromParameters(params) }), step: wait.step };
    });
  }

  /**
   * The AMD verdict (AnsweredBy) of a call that runs a flow: the document the verdict calls for,
   * or undefined when it changes nothing. Synchronous detection posts it to the status callback
   * while Telnyx holds the Url's document, and takes TeXML in the answer; asynchronous detection
   * posts it to AsyncAmdStatusCallback while the call plays (texml-answering-machine-detection-
   * support.md). Neither Url fetch carries AnsweredBy, so the flow's start step rendered first
   * without it; rendered again with it, a different path through the start document means the
   * flow asks for a different branch (a machine's voicemail), the same path means nothing changes.
   * A campaign's `on_machine` (hangup or a step) decides for machines and fax itself.
   */
  amdVerdict(params: RequestParameters, baseUrl: string, link: { flow?: string; vars?: LinkVars; machine?: MachineTarget }): VoiceAnswer | undefined {
    // The flow, its variables and a campaign's machine handling come from the callback URL's sealed link.
    const flowName = link.flow;
    const machine = link.machine;
    const answeredBy = typeof params.AnsweredBy === 'string' ? params.AnsweredBy : undefined;
    if (!flowName || !answeredBy) return undefined;
    if (machine && !answersForMachine(answeredBy)) return undefined;
    if (machine?.kind === 'hangup') return { texml: MACHINE_HANGUP_DOCUMENT, jobs: [], trail: [], ending: 'hangup', flow: flowName };
    let unchanged = false;
    const answer = this.guard((set, known) => {
      known(flowName);
      const vars = this.linkVars(set, flowName, link.vars ?? {});
      const call = callFromParameters(params);
      const start = { flow: flowName, vars, ...(machine ? { step: machine.step } : {}) };
      const verdict = renderFlow(set, start, this.inputs(call, {}, baseUrl, params));
      // The verdict is acted on without asking the flow's systems again: a start step that makes a request keeps its document.
      if (verdict.pendingRequest) {
        unchanged = true;
        return verdict;
      }
      if (machine) return verdict;
      const { answered_by: _verdict, ...unknown } = call;
      const held = renderFlow(set, start, this.inputs(unknown, {}, baseUrl, params));
      unchanged = sameTrail(held, verdict);
      return verdict;
    });
    return unchanged ? undefined : answer;
  }

  /**
   * Finishes a document that stopped at a `request` action: performs the request, renders on with
   * its outcome, and again for the next request, at most MAX_REQUESTS_PER_DOCUMENT within
   * REQUEST_BUDGET_MS in all (a request past the budget times out at once). Never throws: a render
   * that fails gives the fallback document, as everywhere else.
   */
  async settle(answer: VoiceAnswer): Promise<VoiceAnswer> {
    if (!answer.pendingRequest) return answer;
    const started = performance.now();
    const requests: RequestRecord[] = [];
    let current: RenderResult = answer;
    try {
      while (current.pendingRequest) {
        const pending = current.pendingRequest;
        const remaining = Math.floor((this.options.requestBudgetMs ?? REQUEST_BUDGET_MS) - (performance.now() - started));
        const begun = performance.now();
        let outcome: RequestOutcome;
        if (requests.length >= MAX_REQUESTS_PER_DOCUMENT) outcome = { kind: 'error', reason: `more than ${MAX_REQUESTS_PER_DOCUMENT} requests in one document` };
        else if (remaining < MIN_REQUEST_MS) outcome = { kind: 'timeout' };
        else if (!this.options.requester) outcome = { kind: 'error', reason: 'this service makes no requests (no requester configured)' };
        else outcome = await this.options.requester.perform({ ...pending.request, timeoutMs: Math.min(pending.request.timeoutMs, remaining) });
        requests.push({ host: hostOf(pending.request.url), outcome: outcome.kind === 'response' ? `${outcome.status}${outcome.cached ? ' cached' : ''}` : outcome.kind, ms: Math.round(performance.now() - begun) });
        current = pending.resume(outcome);
      }
    } catch (error) {
      const set = this.options.flows.current;
      const flow = answer.flow ? set?.flows.get(answer.flow) : undefined;
      current = set ? fallback(set, flow, `render failed: ${(error as Error).message}`) : { texml: NO_FLOWS_DOCUMENT, jobs: [], trail: [], ending: 'fallback', fallbackReason: 'no flow set loaded' };
    }
    const { pendingRequest: _done, ...before } = answer;
    const { pendingRequest: _none, ...after } = current;
    return { ...before, ...after, requests };
  }

  /** What a webhook that failed outside the flows answers: the flow set's fallback (valid TeXML either way). */
  failureDocument(): string {
    return this.options.flows.current?.fallback ?? NO_FLOWS_DOCUMENT;
  }

  /**
   * Runs `answer`, turning any failure into a fallback document. `known(flow)` records the flow
   * as soon as it is known, so a later failure serves that flow's own fallback.
   */
  private guard(answer: (set: CompiledFlowSet, known: (flow: string) => string) => VoiceAnswer): VoiceAnswer {
    const set = this.options.flows.current;
    if (!set) return { texml: NO_FLOWS_DOCUMENT, jobs: [], trail: [], ending: 'fallback', fallbackReason: 'no flow set loaded' };
    let flowName: string | undefined;
    try {
      return answer(set, (flow) => (flowName = flow));
    } catch (error) {
      const flow = flowName ? set.flows.get(flowName) : undefined;
      if (error instanceof StateTokenError) return { ...fallback(set, flow, error.message), tokenProblem: error.problem };
      return fallback(set, flow, `render failed: ${(error as Error).message}`);
    }
  }

  /** The links of the document are bound to the signed request's CallSid. */
  private inputs(call: RenderInputs['call'], input: RenderInputs['input'], baseUrl: string, params: RequestParameters): RenderInputs {
    const callSid = typeof params.CallSid === 'string' ? params.CallSid : '';
    return { call, input, now: this.now(), links: this.options.urls.flowLinks(baseUrl, callSid) };
  }

  /** Initial variables from our own sealed link: only names the flow declares, values neutralised. */
  private linkVars(set: CompiledFlowSet, flowName: string, given: LinkVars): Record<string, string> {
    const vars: Record<string, string> = {};
    const declared = set.flows.get(flowName)?.declaredVars;
    for (const [name, value] of Object.entries(given)) {
      if (declared && !declared.has(name)) continue;
      vars[name] = neutralise(String(value), URL_VARIABLE_MAX_LENGTH);
    }
    return vars;
  }
}

/** A campaign's machine handling: hang up, or play a step of the flow (a voicemail). */
export type MachineTarget = { kind: 'hangup' } | { kind: 'step'; step: string };

/**
 * AnsweredBy values that mean nobody to talk to: machine (the guide's value), machine_start,
 * machine_end_beep, machine_end_silence, machine_end_other (OpenAPI TexmlCallAmdWebhookSchema), fax.
 */
export function answersForMachine(answeredBy: unknown): boolean {
  return typeof answeredBy === 'string' && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}

function sameTrail(a: RenderResult, b: RenderResult): boolean {
  return a.ending === b.ending && a.trail.length === b.trail.length && a.trail.every((step, i) => step === b.trail[i]);
}

/** Hangs up on a machine (a campaign's `on_machine: hangup`). */
const MACHINE_HANGUP_DOCUMENT = buildTexml([{ verb: 'Hangup' }]);

/** What a queued caller hears when the queue's wait step cannot be found: a pause, then the loop again. */
const HOLD_DOCUMENT = buildTexml([{ verb: 'Pause', attributes: { length: 10 } }]);

/** Served when no flow set has ever loaded: the service cannot know any flow's fallback. */
const NO_FLOWS_DOCUMENT = buildTexml([
  { verb: 'Say', text: 'We are sorry, this number is not available right now. Please call back later.' },
  { verb: 'Hangup' },
]);
