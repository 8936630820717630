import { callbackPaths } from '../events/callback-paths';
import { buildTexml } from '../texml/build-texml';
import { callFromParameters, inputFromParameters, queueFromParameters, type RequestParameters } from '../templates/call-context';
import { neutralise, URL_VARIABLE_MAX_LENGTH } from '../templates/neutralise';
import type { FlowStateCodec } from '../state/flow-state-codec';
import { StateTokenError } from '../state/state-token-error';
import type { CompiledFlowSet } from './compiled-flow';
import { fallback, renderFlow, resumeFlow, type RenderInputs, type RenderResult } from './flow-interpreter';
import type { FlowLinks, FlowState } from './flow-state';
import type { FlowSetSource } from './flow-set-holder';

export interface VoiceAnswer extends RenderResult {
  /** The inbound route that chose the flow, for /voice. */
  route?: string;
  /** The step the request resumed, for /voice/step. */
  step?: string;
  /** A token problem, when the fallback was served because of one. */
  tokenProblem?: string;
  /** For /voice/step: the flow and kind of the action the call had been waiting on. */
  resumed?: { flow: string; kind?: string };
}

export interface VoiceResponderOptions {
  flows: FlowSetSource;
  codec: FlowStateCodec;
  now?: () => Date;
}

/** Prefix of query parameters that set initial variables on /voice (`?flow=x&var.name=value`). */
const VAR_PREFIX = 'var.';

/**
 * Answers the three voice webhooks from the current flow set. Never throws: anything that goes
 * wrong becomes the fallback document with a reason, so Telnyx always gets valid TeXML.
 */
export class VoiceResponder {
  private readonly now: () => Date;

  constructor(private readonly options: VoiceResponderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** voice_url: route the call (or take ?flow=) and render the flow's first step. */
  inbound(params: RequestParameters, baseUrl: string): VoiceAnswer {
    return this.guard((set, known) => {
      const call = callFromParameters(params);
      const named = typeof params.flow === 'string' ? params.flow : undefined;
      const vars = this.urlVars(set, named, params);
      if (named) return renderFlow(set, { flow: known(named), vars }, this.inputs(call, {}, baseUrl));
      const match = set.routes.resolve({ to: call.to, from: call.from, connectionId: call.connection_id }, this.now());
      known(match.flow);
      return { ...renderFlow(set, { flow: match.flow, vars: { ...match.vars, ...vars } }, this.inputs(call, {}, baseUrl)), route: match.route };
    });
  }

  /** The state an action URL carries, or undefined when it does not open (step() then explains). */
  peekState(params: RequestParameters): FlowState | undefined {
    try {
      return this.options.codec.open(params.state);
    } catch {
      return undefined;
    }
  }

  /**
   * Every action URL: open the state, map the result to the waiting action's transition. `queue`
   * is what the service knows about how the caller left a queue (an Enqueue's action).
   */
  step(params: RequestParameters, baseUrl: string, queue?: RenderInputs['queue']): VoiceAnswer {
    return this.guard((set, known) => {
      const state = this.options.codec.open(params.state);
      known(state.flow);
      const event = typeof params.event === 'string' ? params.event : undefined;
      const inputs = {
        ...this.inputs(callFromParameters(params), inputFromParameters(params), baseUrl),
        ...(event ? { event } : {}),
        // A gather in a queue's wait step: its answer still plays inside the wait.
        ...(state.queueWait ? { queueWait: true } : {}),
        ...(queue ? { queue } : {}),
      };
      return { ...resumeFlow(set, state, inputs), step: state.step, resumed: { flow: state.flow, ...(state.kind ? { kind: state.kind } : {}) } };
    });
  }

  /** Enqueue waitUrl: render the queue's wait step (Telnyx requests it again in a loop). */
  queueWait(params: RequestParameters, baseUrl: string): VoiceAnswer {
    return this.guard((set, known) => {
      const state = this.options.codec.open(params.state);
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
      const inputs = this.inputs(call, input, baseUrl);
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
  amdVerdict(params: RequestParameters, baseUrl: string, machine?: MachineTarget): VoiceAnswer | undefined {
    const flowName = typeof params.flow === 'string' ? params.flow : undefined;
    const answeredBy = typeof params.AnsweredBy === 'string' ? params.AnsweredBy : undefined;
    if (!flowName || !answeredBy) return undefined;
    if (machine && !answersForMachine(answeredBy)) return undefined;
    if (machine?.kind === 'hangup') return { texml: MACHINE_HANGUP_DOCUMENT, jobs: [], trail: [], ending: 'hangup', flow: flowName };
    let unchanged = false;
    const answer = this.guard((set, known) => {
      known(flowName);
      const vars = this.urlVars(set, flowName, params);
      const call = callFromParameters(params);
      const start = { flow: flowName, vars, ...(machine ? { step: machine.step } : {}) };
      const verdict = renderFlow(set, start, this.inputs(call, {}, baseUrl));
      if (machine) return verdict;
      const { answered_by: _verdict, ...unknown } = call;
      const held = renderFlow(set, start, this.inputs(unknown, {}, baseUrl));
      unchanged = sameTrail(held, verdict);
      return verdict;
    });
    return unchanged ? undefined : answer;
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

  private inputs(call: RenderInputs['call'], input: RenderInputs['input'], baseUrl: string): RenderInputs {
    return { call, input, now: this.now(), links: this.links(baseUrl) };
  }

  private links(baseUrl: string): FlowLinks {
    const codec = this.options.codec;
    // A Gather's action and its no-input Redirect carry the same state: seal it once.
    let lastState: FlowState | undefined;
    let lastToken = '';
    const tokenFor = (state: FlowState) => {
      if (state !== lastState) {
        lastToken = codec.seal(state);
        lastState = state;
      }
      return lastToken;
    };
    return {
      action: (state: FlowState, event?: string) => `${baseUrl}/voice/step?state=${tokenFor(state)}${event ? `&event=${encodeURIComponent(event)}` : ''}`,
      callback: (kind, flow) => `${baseUrl}${callbackPaths[kind]}?flow=${encodeURIComponent(flow)}`,
      // The wait URL carries the Enqueue's own state: the handler finds the wait step from it.
      queueWait: (state: FlowState) => `${baseUrl}/voice/queue-wait?state=${tokenFor(state)}`,
    };
  }

  /** Initial variables from the URL: only names the flow declares, values neutralised. */
  private urlVars(set: CompiledFlowSet, flowName: string | undefined, params: RequestParameters): Record<string, string> {
    const vars: Record<string, string> = {};
    const declared = flowName ? set.flows.get(flowName)?.declaredVars : undefined;
    for (const [key, value] of Object.entries(params)) {
      if (!key.startsWith(VAR_PREFIX)) continue;
      const name = key.slice(VAR_PREFIX.length);
      if (declared && !declared.has(name)) continue;
      vars[name] = neutralise(value, URL_VARIABLE_MAX_LENGTH);
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
