import type { CompiledTemplate } from '../templates/compiled-template';
import type { TemplateContext } from '../templates/template-scope';
import type { TexmlFragment } from '../texml/texml-fragment';
import type { TexmlTemplate } from '../texml/texml-template';
import type { OperationName } from '../jobs/operation-names';

/*
 * The pieces compiled actions are made of. They sit below the action definitions and the compiled
 * flow, so both can use them without importing each other.
 */

/** What fills a slot per call: a Mustache template, or text computed from the same context (a JSON body). */
export interface SlotText {
  render(context: TemplateContext): string;
}

/** Verbs prepared at load: the builder's template plus the Mustache templates filling its slots. */
export interface CompiledFragment {
  template: TexmlTemplate;
  slots: ReadonlyArray<readonly [slot: string, value: SlotText]>;
  /** Set when nothing varies per call: the fragment, ready to append. */
  staticFragment?: TexmlFragment;
  /** The fragment has callback URL slots (the renderer fills them for the current flow). */
  usesCallbacks?: true;
}

export interface StepTarget {
  /** Undefined: the same flow. */
  flow?: string;
  step: string;
}

/** Where a waiting action continues, by outcome. Undefined: the next action in the step. */
export interface WaitTransitions {
  then?: StepTarget;
  onFail?: StepTarget;
}

export interface ActionBase {
  /** Position in the source, for errors at render time and for the graph. */
  where: string;
}

export interface CompiledJob {
  op: OperationName;
  params: CompiledValue;
  idempotencyKey?: CompiledTemplate;
  delaySeconds?: number;
}

/** A JSON-like value whose strings are templates. */
export type CompiledValue = CompiledTemplate | number | boolean | null | CompiledValue[] | { [key: string]: CompiledValue };
