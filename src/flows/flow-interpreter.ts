import type { TemplateContext } from '../templates/template-scope';
import type { TexmlFragment } from '../texml/texml-fragment';
import { buildTexmlFragment } from '../texml/build-texml';
import { hangupFragment, joinTexmlFragments } from './texml-kit';
import { waitingKinds } from './compiled-flow';
import type {
  CompiledAction,
  CompiledFlow,
  CompiledFlowSet,
  CompiledFragment,
  CompiledValue,
  StepTarget,
  WaitingAction,
} from './compiled-flow';
import type { FlowLinks, FlowState } from '../state/flow-state';
import type { JobRequest } from '../jobs/job-request';

/** How many steps one document may pass through inline: a guard behind the load-time cycle check. */
const MAX_INLINE_STEPS = 64;

export interface RenderInputs {
  call: TemplateContext['call'];
  /** The result Telnyx sent for the action the call was waiting on (neutralised). */
  input: TemplateContext['input'];
  now: Date;
  links: FlowLinks;
  /** Why Telnyx came back, when our own URL says so: 'no-input' after a Gather timed out. */
  event?: string;
  /**
   * Rendering an Enqueue's wait step (its waitUrl), or resuming an action that waited in one:
   * Telnyx plays the document again and again while the caller waits, so the end of the step adds
   * no Hangup (which would drop the caller), and a gather or menu without on_fail keeps the caller
   * waiting instead of hanging up.
   */
  queueWait?: boolean;
  /**
   * Rendering the wait step for the waitUrl: the URL that plays the wait step again with these
   * variables. A wait step with `every` ends with a Redirect to it, so the time of the last offer
   * comes back with the next round.
   */
  waitLoop?: (vars: Record<string, string | number | boolean>) => string;
  /** What the service knows about an Enqueue the call left: it issued the `<Leave>` (see queueOutcome). */
  queue?: { leaveIssued?: boolean };
  /** A queue's wait step: `queue.*` (the queue webhook's position, size and times). */
  queueWebhook?: TemplateContext['queue'];
}

export type RenderEnding = 'wait' | 'hangup' | 'reject' | 'redirect' | 'end-of-step' | 'fallback';

export interface RenderResult {
  texml: string;
  jobs: JobRequest[];
  /** `flow.step` for every step the document passed through. */
  trail: string[];
  ending: RenderEnding;
  /** Set when the call waits on an action: the state its action URL carries. */
  waitingAt?: FlowState;
  /** Why the fallback document was served. */
  fallbackReason?: string;
  /** An Enqueue's action: how the caller left the queue (see queueOutcome). */
  queueResult?: string;
  flow?: string;
}

/** Renders a flow from a step: a pure function of the compiled set, the step and the call. */
export function renderFlow(
  set: CompiledFlowSet,
  start: { flow: string; step?: string; vars?: Record<string, string | number | boolean> },
  inputs: RenderInputs,
): RenderResult {
  const flow = set.flows.get(start.flow);
  if (!flow) return fallback(set, undefined, `unknown flow '${start.flow}'`);
  const stepName = start.step ?? flow.start;
  if (!flow.steps.has(stepName)) return fallback(set, flow, `unknown step '${stepName}' in flow '${flow.name}'`);
  const run = new Run(set, inputs, { ...flow.vars, ...start.vars });
  return run.execute(flow, stepName, 0);
}

/**
 * Continues a call that waited on an action: maps what Telnyx sent to the action's transition.
 * A flow that changed since the state was issued continues when the waiting action is still there
 * (same step, same kind at the same index); otherwise the step restarts from its first action,
 * and a step that no longer exists gets the fallback document.
 */
export function resumeFlow(set: CompiledFlowSet, state: FlowState, inputs: RenderInputs): RenderResult {
  const flow = set.flows.get(state.flow);
  if (!flow) return fallback(set, undefined, `unknown flow '${state.flow}'`);
  const step = flow.steps.get(state.step);
  if (!step) return fallback(set, flow, `step '${state.step}' no longer exists in flow '${flow.name}'`);
  const run = new Run(set, inputs, { ...flow.vars, ...state.vars });
  const action = step.actions[state.action];
  const unchanged = state.version === flow.version || (action !== undefined && action.kind === state.kind);
  if (!action || !isWaiting(action) || !unchanged) return run.execute(flow, step.name, 0);
  return run.resume(flow, step.name, state, action);
}

function isWaiting(action: CompiledAction): action is CompiledAction & WaitingAction {
  return (waitingKinds as readonly string[]).includes(action.kind);
}

export function fallback(set: CompiledFlowSet, flow: CompiledFlow | undefined, reason: string): RenderResult {
  return { texml: flow?.fallback ?? set.fallback, jobs: [], trail: [], ending: 'fallback', fallbackReason: reason, ...(flow ? { flow: flow.name } : {}) };
}

class Run {
  private readonly fragments: TexmlFragment[] = [];
  private readonly jobs: JobRequest[] = [];
  private readonly trail: string[] = [];
  private readonly context: TemplateContext;
  /** The flow whose step is rendering: callback URLs name it. */
  private currentFlow = '';
  /** An `every` ran in this document: its memory must reach the next round. */
  private remembers = false;

  constructor(
    private readonly set: CompiledFlowSet,
    private readonly inputs: RenderInputs,
    vars: Record<string, string | number | boolean>,
  ) {
    this.context = { call: inputs.call, input: inputs.input, vars, env: {}, ...(inputs.queueWebhook ? { queue: inputs.queueWebhook } : {}) };
  }

  execute(flow: CompiledFlow, stepName: string, from: number): RenderResult {
    let current = flow;
    let step = stepName;
    let index = from;
    for (let hops = 0; hops < MAX_INLINE_STEPS; hops++) {
      this.context.env = current.env;
      this.currentFlow = current.name;
      this.trail.push(`${current.name}.${step}`);
      const actions = current.steps.get(step)!.actions;
      let next: StepTarget | undefined;
      for (let i = index; i < actions.length && !next; i++) {
        const action = actions[i]!;
        switch (action.kind) {
          case 'emit':
            this.emit(action.fragment);
            break;
          case 'end':
            this.emit(action.fragment);
            return this.finish(current, action.ending);
          case 'redirect-url':
            this.emit(action.fragment);
            return this.finish(current, 'redirect');
          case 'set':
            for (const [name, value] of action.assignments) {
              this.context.vars = { ...this.context.vars, [name]: typeof value === 'object' ? value.render(this.context) : value };
            }
            break;
          case 'job':
            this.jobs.push({
              op: action.job.op,
              params: renderValue(action.job.params, this.context),
              ...(action.job.idempotencyKey ? { idempotencyKey: action.job.idempotencyKey.render(this.context) } : {}),
              ...(action.job.delaySeconds ? { delayMs: action.job.delaySeconds * 1000 } : {}),
              origin: { flow: current.name, step, ...(this.context.call.call_sid ? { callSid: this.context.call.call_sid } : {}) },
            });
            break;
          case 'goto':
            next = action.target;
            break;
          case 'every': {
            // Outside a queue wait (validation warns) it never fires.
            if (!this.inputs.queueWait) break;
            const now = Math.floor(this.inputs.now.getTime() / 1000);
            const last = Number(this.context.vars[action.memory]);
            this.remembers = true;
            // The first round starts the count; after that, fire once `seconds` have passed.
            const due = Number.isFinite(last) && now - last >= action.seconds;
            if (!Number.isFinite(last) || due) this.context.vars = { ...this.context.vars, [action.memory]: now };
            if (due) next = action.target;
            break;
          }
          case 'branch': {
            const conditionInputs = { context: this.context, now: this.inputs.now };
            const arm = action.arms.find((a) => a.test(conditionInputs));
            next = arm ? arm.target : action.otherwise;
            break;
          }
          default:
            return this.wait(current, step, i, action, 0, 0);
        }
      }
      if (!next) {
        if (!this.inputs.queueWait) this.fragments.push(hangupFragment);
        // `every` keeps its memory in the URL of the next round (a Redirect is allowed in a waitUrl document).
        else if (this.remembers && this.inputs.waitLoop) this.fragments.push(buildTexmlFragment([{ verb: 'Redirect', text: this.inputs.waitLoop(this.context.vars) }]));
        return this.finish(current, 'end-of-step');
      }
      current = next.flow ? this.set.flows.get(next.flow)! : current;
      step = next.step ?? current.start;
      index = 0;
    }
    return fallback(this.set, flow, `more than ${MAX_INLINE_STEPS} steps without waiting for the caller (from ${flow.name}.${stepName})`);
  }

  resume(flow: CompiledFlow, stepName: string, state: FlowState, action: WaitingAction): RenderResult {
    this.context.env = flow.env;
    this.currentFlow = flow.name;
    const input = this.inputs.input;
    const noInput = (event: string | undefined) => event === 'no-input';
    const continueAt = (target: StepTarget | undefined): RenderResult =>
      target ? this.execute(target.flow ? this.set.flows.get(target.flow)! : flow, target.step, 0) : this.execute(flow, stepName, state.action + 1);
    const retry = (kind: 'noInput' | 'invalid', onFail: StepTarget | undefined): RenderResult => {
      const prompted = action as Extract<WaitingAction, { kind: 'gather' | 'menu' }>;
      const retries = this.inputs.queueWait ? prompted.input.waitRetries : prompted.input.retries;
      if (state.retries < retries) return this.wait(flow, stepName, state.action, action, state.retries + 1, 0, kind);
      if (onFail) return continueAt(onFail);
      // A gather without on_fail moves on with the variable unset. So does a menu in a queue's wait
      // step: the caller keeps waiting (the step ends, and Telnyx plays the wait document again).
      // Elsewhere a menu has nowhere to go.
      if (action.kind === 'gather' || this.inputs.queueWait) return continueAt(undefined);
      return fallback(this.set, flow, `no valid input after ${retries + 1} tries and no on_fail`);
    };
    const event = this.inputs.event;

    switch (action.kind) {
      case 'gather': {
        // Telnyx may send an empty Digits next to a SpeechResult: take whichever holds the answer.
        const value = input.digits || input.speech || '';
        if (value === '' || noInput(event)) return retry('noInput', action.onFail);
        const digitsOnly = Boolean(input.digits);
        const tooShort = digitsOnly && action.minDigits !== undefined && value.length < action.minDigits;
        const tooLong = digitsOnly && action.maxDigits !== undefined && value.length > action.maxDigits;
        if (tooShort || tooLong || (action.pattern && !action.pattern.test(value))) return retry('invalid', action.onFail);
        this.context.vars = { ...this.context.vars, [action.into]: value };
        this.context.input = { ...this.context.input, value };
        return continueAt(action.then);
      }
      case 'menu': {
        const digits = input.digits ?? '';
        const speech = (input.speech ?? '').toLowerCase();
        if ((digits === '' && speech === '') || noInput(event)) return retry('noInput', action.onFail);
        const chosen = digits ? action.options.get(digits) : action.keywords.find(([keyword]) => matchesKeyword(speech, keyword))?.[1];
        if (!chosen) return retry('invalid', action.onFail);
        return continueAt(chosen);
      }
      case 'dial': {
        const status = input.dial_status ?? 'failed';
        const connected = status === 'completed' || status === 'answered';
        // canceled: the caller hung up while it rang, so there is nobody to ring the next leg for.
        if (!connected && status !== 'canceled' && action.sequential && state.leg + 1 < action.legs.length) {
          return this.wait(flow, stepName, state.action, action, 0, state.leg + 1);
        }
        return continueAt(action.on.get(status) ?? action.then);
      }
      // Pay: whatever PayResult Telnyx sent is input.pay_result for the steps that follow;
      // AIGather: input.ai_status and input.ai_result (empty when it ended without an action).
      case 'record':
      case 'conference':
      case 'pay':
      case 'ai_gather':
        return continueAt(action.then);
      case 'enqueue': {
        const result = queueOutcome(action, state, this.context.call.call_status, input.queue_result, this.inputs);
        this.context.input = { ...this.context.input, queue_result: result };
        const served = result === 'bridged' || result === 'hangup';
        return { ...continueAt(served ? action.then : (action.onTimeout ?? action.then)), queueResult: result };
      }
    }
  }

  private wait(flow: CompiledFlow, step: string, index: number, action: WaitingAction, retries: number, leg: number, retryKind?: 'noInput' | 'invalid'): RenderResult {
    const state: FlowState = {
      flow: flow.name,
      version: flow.version,
      step,
      action: index,
      kind: action.kind,
      retries,
      leg,
      // A gather in a queue's wait step comes back to /voice/step: the state says it is still waiting.
      ...(this.inputs.queueWait && action.kind !== 'enqueue' ? { queueWait: true as const } : {}),
      // The Enqueue's state (its action and waitUrl) keeps when the caller was queued (queueOutcome).
      ...(action.kind === 'enqueue' ? { queuedAt: Math.floor(this.inputs.now.getTime() / 1000) } : {}),
      vars: this.context.vars,
    };
    if (this.trail.length === 0) this.trail.push(`${flow.name}.${step}`);
    const links = this.inputs.links;
    const runtime = { action: links.action(state), noInputUrl: links.action(state, 'no-input') };
    switch (action.kind) {
      case 'gather':
      case 'menu': {
        const verb = retryKind === 'noInput' ? action.input.noInput : retryKind === 'invalid' ? action.input.invalid : action.input.prompt;
        for (const fragment of verb) this.emit(fragment, runtime);
        break;
      }
      case 'dial':
        this.emit(action.legs[leg]!, runtime);
        break;
      case 'record':
        for (const fragment of action.prompt) this.emit(fragment, runtime);
        this.emit(action.verb, runtime);
        break;
      case 'enqueue': {
        const waitUrl = action.wait ? links.queueWait(state, { flow: action.wait.flow ?? flow.name, step: action.wait.step }) : '';
        this.emit(action.verb, { ...runtime, waitUrl });
        break;
      }
      case 'conference':
      case 'pay':
      case 'ai_gather':
        this.emit(action.verb, runtime);
        break;
    }
    return { ...this.finish(flow, 'wait'), waitingAt: state };
  }

  /** Callback URLs for the verbs that report events; built only for fragments that use them. */
  private callbackValues(flow: string): Record<string, string> {
    const links = this.inputs.links;
    return {
      callStatusCallbackUrl: links.callback('call-status', flow),
      recordingCallbackUrl: links.callback('recording', flow),
      transcriptionCallbackUrl: links.callback('transcription', flow),
      conferenceCallbackUrl: links.callback('conference', flow),
      streamCallbackUrl: links.callback('stream', flow),
      siprecCallbackUrl: links.callback('siprec', flow),
    };
  }

  private emit(fragment: CompiledFragment, runtime?: Record<string, string>): void {
    if (fragment.staticFragment) {
      this.fragments.push(fragment.staticFragment);
      return;
    }
    const values: Record<string, string> = fragment.usesCallbacks ? { ...this.callbackValues(this.currentFlow), ...runtime } : { ...runtime };
    for (const [slot, template] of fragment.slots) values[slot] = template.render(this.context);
    this.fragments.push(fragment.template.renderFragment(values));
  }

  private finish(flow: CompiledFlow, ending: RenderEnding): RenderResult {
    return { texml: joinTexmlFragments(this.fragments), jobs: this.jobs, trail: this.trail, ending, flow: flow.name };
  }
}

/** enqueue.md: maxWaitTimeSecs defaults to 14400. */
const DEFAULT_MAX_WAIT_SECONDS = 14400;
/** Telnyx's timer and ours are not the same clock: a request this close to the maximum wait is its expiry. */
const MAX_WAIT_SLACK_SECONDS = 2;
/** CallStatus values of a call that has ended (the caller hung up while queued or talking). */
const ENDED_STATUSES = new Set(['completed', 'canceled', 'busy', 'failed', 'no-answer']);

/**
 * How the caller left the queue, from what the service knows. Telnyx requests the Enqueue's
 * action "right away when the call is dequeued using <Leave>", "once the bridged calls
 * disconnect" when an agent's <Dial><Queue> took it, and when maxWaitTimeSecs runs out
 * (enqueue.md); it documents no parameter saying which (QueueResult is TwiML's: used only when
 * present). So, in order:
 * - `QueueResult`, when Telnyx sends one;
 * - `hangup`: the request's CallStatus says the call has ended;
 * - `leave`: the service issued the `<Leave>` (it recorded so before answering with it);
 * - `timeout`: the request came once the maximum wait (the Enqueue's, else Telnyx's 14400 s) had
 *   passed since the caller was queued (sealed in the Enqueue's state);
 * - `bridged`: none of those: the call left the queue early, alive, without our Leave, so an
 *   agent took it. A bridged conversation that outlasts the maximum wait is taken for a timeout
 *   unless QueueResult says otherwise (docs/flows.md, enqueue).
 */
function queueOutcome(action: { maxWait?: number }, state: FlowState, callStatus: string | undefined, queueResult: string | undefined, inputs: RenderInputs): string {
  if (queueResult) return queueResult;
  if (callStatus !== undefined && ENDED_STATUSES.has(callStatus)) return 'hangup';
  if (inputs.queue?.leaveIssued) return 'leave';
  if (state.queuedAt !== undefined) {
    const waited = inputs.now.getTime() / 1000 - state.queuedAt;
    if (waited >= (action.maxWait ?? DEFAULT_MAX_WAIT_SECONDS) - MAX_WAIT_SLACK_SECONDS) return 'timeout';
  }
  return 'bridged';
}

/** Speech matches a keyword when it contains it as whole words. */
function matchesKeyword(speech: string, keyword: string): boolean {
  const index = speech.indexOf(keyword);
  if (index < 0) return false;
  const before = index === 0 ? ' ' : speech[index - 1]!;
  const after = speech[index + keyword.length] ?? ' ';
  return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
}

export function renderValue(value: CompiledValue, context: TemplateContext): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, context));
  if ('render' in value && typeof value.render === 'function') return (value as { render(c: TemplateContext): string }).render(context);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, CompiledValue>)) out[key] = renderValue(v, context);
  return out;
}
