import type { TemplateContext } from '../templates/template-scope';
import type { TexmlFragment } from '../texml/texml-fragment';
import { buildTexmlFragment } from '../texml/build-texml';
import { hangupFragment, joinTexmlFragments } from './texml-kit';
import { behaviourOf, isWaiting, type WaitingAction } from './actions/action-registry';
import type { InlineOutcome, RequestAsk, ResumeScope, RunScope, WaitingBehaviour, WaitScope } from './actions/action-definition';
import type { CompiledFlow, CompiledFlowSet, CompiledFragment, StepTarget } from './compiled-flow';
import type { FlowLinks, FlowState } from '../state/flow-state';
import type { JobRequest } from '../jobs/job-request';
import type { RenderEnding, RenderInputs, RenderResult } from './flow-render-types';

export type { RenderEnding, RenderInputs, RenderResult } from './flow-render-types';
export { renderValue } from './compiled-value';

/*
 * The generic loop: walk a step's actions, each run by its kind's definition (src/flows/actions/),
 * follow gotos and branches inline, stop at an action the call waits on, and resume a call through
 * that action's own resume.
 */

/** How many steps one document may pass through inline: a guard behind the load-time cycle check. */
const MAX_INLINE_STEPS = 64;

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

export function fallback(set: CompiledFlowSet, flow: CompiledFlow | undefined, reason: string): RenderResult {
  return { texml: flow?.fallback ?? set.fallback, jobs: [], trail: [], ending: 'fallback', fallbackReason: reason, ...(flow ? { flow: flow.name } : {}) };
}

class Run implements RunScope {
  private readonly fragments: TexmlFragment[] = [];
  private readonly jobs: JobRequest[] = [];
  private readonly trail: string[] = [];
  readonly context: TemplateContext;
  /** The flow and step whose actions are running: callback URLs and job origins name them. */
  flowName = '';
  stepName = '';
  /** An `every` ran in this document: its memory must reach the next round. */
  private remembers = false;

  constructor(
    private readonly set: CompiledFlowSet,
    readonly inputs: RenderInputs,
    vars: Record<string, string | number | boolean>,
  ) {
    this.context = { call: inputs.call, input: inputs.input, vars, env: {}, ...(inputs.queueWebhook ? { queue: inputs.queueWebhook } : {}) };
  }

  /** `continuing`: the step is already on the trail (a document going on after a request). */
  execute(flow: CompiledFlow, stepName: string, from: number, continuing = false): RenderResult {
    let current = flow;
    let step = stepName;
    let index = from;
    for (let hops = 0; hops < MAX_INLINE_STEPS; hops++) {
      this.context.env = current.env;
      this.flowName = current.name;
      this.stepName = step;
      if (!continuing || hops > 0) this.trail.push(`${current.name}.${step}`);
      const actions = current.steps.get(step)!.actions;
      let next: StepTarget | undefined;
      for (let i = index; i < actions.length && !next; i++) {
        const action = actions[i]!;
        const { inline, waiting } = behaviourOf(action);
        if (waiting) return this.wait(current, step, i, action as WaitingAction, waiting, 0, 0);
        const outcome = inline!.run(action, this);
        if (outcome === undefined) continue;
        if ('goto' in outcome) next = outcome.goto;
        else return this.stop(current, step, i, outcome);
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
    this.flowName = flow.name;
    this.stepName = stepName;
    const scope: ResumeScope = {
      inputs: this.inputs,
      context: this.context,
      flowName: flow.name,
      stepName,
      state,
      emit: (fragment, runtime) => this.emit(fragment, runtime),
      addJob: (job) => this.addJob(job),
      remember: () => this.remember(),
      continueAt: (target) => (target ? this.execute(target.flow ? this.set.flows.get(target.flow)! : flow, target.step, 0) : this.execute(flow, stepName, state.action + 1)),
      waitAgain: (retries, leg, retryKind) => this.wait(flow, stepName, state.action, action, waitingBehaviour(action), retries, leg, retryKind),
      fallback: (reason) => fallback(this.set, flow, reason),
    };
    return waitingBehaviour(action).resume(action, scope);
  }

  /** An inline outcome that leaves the loop: the end of the document, the fallback, or a request to make first. */
  private stop(flow: CompiledFlow, step: string, index: number, outcome: Exclude<InlineOutcome, { goto: StepTarget } | undefined>): RenderResult {
    if ('end' in outcome) return this.finish(flow, outcome.end);
    if ('fallback' in outcome) return fallback(this.set, flow, outcome.fallback);
    return { ...this.finish(flow, 'request'), pendingRequest: { request: outcome.request, resume: (result) => this.afterRequest(flow, step, index, outcome, result) } };
  }

  /** Goes on with the document once the request's outcome is known: its branch, or the next action. */
  private afterRequest(flow: CompiledFlow, step: string, index: number, ask: RequestAsk, result: Parameters<RequestAsk['then']>[0]): RenderResult {
    this.context.env = flow.env;
    this.flowName = flow.name;
    this.stepName = step;
    const outcome = ask.then(result, this);
    if (outcome === undefined) return this.execute(flow, step, index + 1, true);
    if (!('goto' in outcome)) return this.stop(flow, step, index, outcome);
    const target = outcome.goto;
    const next = target.flow ? this.set.flows.get(target.flow)! : flow;
    return this.execute(next, target.step ?? next.start, 0);
  }

  emit(fragment: CompiledFragment, runtime?: Record<string, string>): void {
    if (fragment.staticFragment) {
      this.fragments.push(fragment.staticFragment);
      return;
    }
    const values: Record<string, string> = fragment.usesCallbacks ? { ...this.callbackValues(this.flowName), ...runtime } : { ...runtime };
    for (const [slot, template] of fragment.slots) values[slot] = template.render(this.context);
    this.fragments.push(fragment.template.renderFragment(values));
  }

  addJob(job: JobRequest): void {
    this.jobs.push(job);
  }

  remember(): void {
    this.remembers = true;
  }

  private wait(flow: CompiledFlow, step: string, index: number, action: WaitingAction, behaviour: WaitingBehaviour<WaitingAction>, retries: number, leg: number, retryKind?: 'noInput' | 'invalid'): RenderResult {
    const state: FlowState = {
      flow: flow.name,
      version: flow.version,
      step,
      action: index,
      kind: action.kind,
      retries,
      leg,
      // A gather in a queue's wait step comes back to /voice/step: the state says it is still waiting.
      ...(behaviour.state ? behaviour.state(this.inputs) : this.inputs.queueWait ? { queueWait: true as const } : {}),
      vars: this.context.vars,
    };
    if (this.trail.length === 0) this.trail.push(`${flow.name}.${step}`);
    const links = this.inputs.links;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a method, not a closure per wait: this runs on every document
    const run = this;
    const scope: WaitScope = {
      flowName: flow.name,
      state,
      links,
      runtime: waitRuntime(links, state, behaviour.noInputUrl),
      retryKind,
      emit(fragment, runtime) {
        run.emit(fragment, runtime);
      },
    };
    behaviour.render(action, scope);
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

  private finish(flow: CompiledFlow, ending: RenderEnding): RenderResult {
    return { texml: joinTexmlFragments(this.fragments), jobs: this.jobs, trail: this.trail, ending, flow: flow.name };
  }
}

function waitingBehaviour(action: WaitingAction): WaitingBehaviour<WaitingAction> {
  const { waiting } = behaviourOf(action);
  if (!waiting) throw new Error(`action '${action.kind}' at ${action.where} does not wait`);
  return waiting;
}

/** The URLs a waiting verb's fragments fill in: one sealed token, two when the kind's no-input Redirect needs its own. */
function waitRuntime(links: FlowLinks, state: FlowState, noInputUrl: WaitingBehaviour<WaitingAction>['noInputUrl']): Record<string, string> {
  const action = links.action(state);
  if (noInputUrl === 'action') return { action, noInputUrl: action };
  if (noInputUrl === 'sealed-event') return { action, noInputUrl: links.action(state, 'no-input') };
  return { action };
}
