import type { z } from 'zod';
import type { TemplateContext } from '../../templates/template-scope';
import type { FlowLinks, FlowState } from '../../state/flow-state';
import type { SourcePath } from '../../source/source-file';
import type { ActionBase, CompiledFragment, StepTarget } from '../compiled-parts';
import type { FlowCompileContext } from '../flow-compile-context';
import type { RenderInputs, RenderResult } from '../flow-render-types';
import type { JobRequest } from '../../jobs/job-request';
import type { OutboundRequest, RequestOutcome } from '../../events/outbound-request';

/*
 * One step kind of the flow language is one definition: its schema, its compilation and, for the
 * compiled action of its own name, how the interpreter runs it inline or how the call waits on it
 * and resumes. The registry (action-registry.ts) lists every definition.
 */

/** An action as written in a step: a bare word (`- hangup`) or a map with one key. */
export type ActionInput = string | Record<string, unknown>;

/** Where an action sits, and whether the step has already waited for the caller before it. */
export interface ActionSite {
  step: string;
  path: SourcePath;
  /** True once an earlier action in the step waits: edges after it are not inline. */
  afterWait: boolean;
  /** The action's position in its step, as written in the file. */
  index: number;
}

/**
 * What an action's schema is built from. The language is built twice: for validation, nested
 * action lists and conditions dispatch on their key (precise errors); for the JSON Schema they are
 * plain unions.
 */
export interface ActionSchemaKit {
  actionList: z.ZodType<ActionInput[]>;
  condition: z.ZodType;
}

export interface CompiledActionBase extends ActionBase {
  kind: string;
}

/** A variable an action assigns, with an upper bound on its length or the template it is set from. */
export interface VariableAssignment {
  name: string;
  maxLength: number;
  /** Set from this template: its bound follows from the variables it reads. */
  template?: string;
}

/** What an inline action may read and change while a document renders. */
export interface RunScope {
  readonly inputs: RenderInputs;
  /** The template context: an action that assigns replaces `context.vars`. */
  readonly context: TemplateContext;
  readonly flowName: string;
  readonly stepName: string;
  emit(fragment: CompiledFragment, runtime?: Record<string, string>): void;
  addJob(job: JobRequest): void;
  /** The document must carry the variables to the next round of a queue's wait (see `every`). */
  remember(): void;
}

/**
 * Go on with the next action (undefined), go to a step, end the document, serve the flow's
 * fallback document, or ask the user's systems first (`request`): the document stops there until
 * the caller of the interpreter performs the request and resumes it with the outcome (`then`).
 */
export type InlineOutcome = { goto: StepTarget } | { end: 'hangup' | 'reject' | 'redirect' } | { fallback: string } | RequestAsk | undefined;

/** A request the document needs answered before it goes on; `then` runs with the outcome, in the same scope. */
export interface RequestAsk {
  request: OutboundRequest;
  then(outcome: RequestOutcome, scope: RunScope): InlineOutcome;
}

export interface InlineBehaviour<A> {
  run(action: A, scope: RunScope): InlineOutcome;
  /** Nothing after it in the step runs, whether or not the step waited before it (a load-time warning). */
  endsStep?(action: A): boolean;
}

/** Rendering the verb a call waits on. */
export interface WaitScope {
  readonly flowName: string;
  /** The state the action URL carries. */
  readonly state: FlowState;
  readonly links: FlowLinks;
  /** The action URL and, when the kind declares one (`noInputUrl`), the no-input URL of this wait. */
  readonly runtime: Record<string, string>;
  /** Asking again after no input or an invalid answer. */
  readonly retryKind: 'noInput' | 'invalid' | undefined;
  emit(fragment: CompiledFragment, runtime?: Record<string, string>): void;
}

/** Continuing a call from what Telnyx sent for the action it waited on. */
export interface ResumeScope extends RunScope {
  readonly state: FlowState;
  /** Continue at a step, or (undefined) at the next action in the step. */
  continueAt(target: StepTarget | undefined): RenderResult;
  /** Wait on the same action again: another try, or the next leg. */
  waitAgain(retries: number, leg: number, retryKind?: 'noInput' | 'invalid'): RenderResult;
  /** The flow's fallback document. */
  fallback(reason: string): RenderResult;
}

export interface WaitingBehaviour<A> {
  render(action: A, scope: WaitScope): void;
  resume(action: A, scope: ResumeScope): RenderResult;
  /** What the waiting state carries besides where it waits (default: the queue-wait flag in a queue's wait step). */
  state?(inputs: RenderInputs): Pick<FlowState, 'queueWait' | 'queuedAt'>;
  /**
   * Where the `<Redirect>` after the verb (runtime slot `noInputUrl`) brings Telnyx back when the
   * verb ends without requesting its action. 'action': the action URL itself, for a kind whose
   * resume tells "nothing came" from the signed body alone (a Gather's action without Digits or
   * SpeechResult is no input either way), so the document seals one token, not two. 'sealed-event':
   * a URL of its own whose sealed event says so (`inputs.event === 'no-input'`), for a kind whose
   * action request cannot be told from the Redirect's. Unset: the kind writes no such Redirect.
   */
  readonly noInputUrl?: 'action' | 'sealed-event';
}

interface ActionDefinitionBase<N extends string, S extends z.ZodType, C extends CompiledActionBase> {
  readonly name: N;
  schema(kit: ActionSchemaKit): S;
  compile(value: z.output<S>, site: ActionSite, ctx: FlowCompileContext): C | undefined;
  /** Written as a bare word (`- hangup`): the value the word stands for. */
  readonly bare?: { value: z.output<S> };
  /**
   * The variables the action assigns, read from its value as written (it may have failed the
   * schema): they are declared for templates, and they grow the state token.
   */
  assigns?(value: unknown): VariableAssignment[];
}

/** Compiles to a plain verb form (plain-verbs.ts) or to another kind's action: nothing of its own to run. */
export interface PlainActionDefinition<N extends string, S extends z.ZodType, C extends CompiledActionBase> extends ActionDefinitionBase<N, S, C> {
  readonly run?: undefined;
  readonly wait?: undefined;
}

/** Its compiled action (of its own kind) runs inline: the document goes on without waiting. */
export interface InlineActionDefinition<N extends string, S extends z.ZodType, C extends CompiledActionBase> extends ActionDefinitionBase<N, S, C> {
  readonly run: InlineBehaviour<Extract<C, { kind: N }>>;
  readonly wait?: undefined;
}

/** Its compiled action (of its own kind) ends the document and the call waits on it. */
export interface WaitingActionDefinition<N extends string, S extends z.ZodType, C extends CompiledActionBase> extends ActionDefinitionBase<N, S, C> {
  readonly run?: undefined;
  readonly wait: WaitingBehaviour<Extract<C, { kind: N }>>;
}

/**
 * A step kind: its schema, its compilation and, for the compiled action of its own kind, how the
 * interpreter runs it inline (`run`) or how the call waits on it and resumes (`wait`). An action
 * waits iff its definition has `wait`.
 */
export type ActionDefinition<N extends string = string, S extends z.ZodType = z.ZodType, C extends CompiledActionBase = CompiledActionBase> =
  | PlainActionDefinition<N, S, C>
  | InlineActionDefinition<N, S, C>
  | WaitingActionDefinition<N, S, C>;

export function defineAction<const N extends string, S extends z.ZodType, C extends CompiledActionBase>(definition: PlainActionDefinition<N, S, C>): PlainActionDefinition<N, S, C> {
  return definition;
}

export function defineInlineAction<const N extends string, S extends z.ZodType, C extends CompiledActionBase>(definition: InlineActionDefinition<N, S, C>): InlineActionDefinition<N, S, C> {
  return definition;
}

export function defineWaitingAction<const N extends string, S extends z.ZodType, C extends CompiledActionBase>(definition: WaitingActionDefinition<N, S, C>): WaitingActionDefinition<N, S, C> {
  return definition;
}
