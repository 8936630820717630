import type { CompiledTemplate } from '../templates/compiled-template';
import type { TexmlFragment } from '../texml/texml-fragment';
import type { TexmlTemplate } from '../texml/texml-template';
import type { OperationName } from '../jobs/operation-names';
import type { CompiledCalendar } from './compile-calendar';
import type { CompiledCondition } from './compile-condition';
import type { RouteTable } from './route-table';

/** Verbs prepared at load: the builder's template plus the Mustache templates filling its slots. */
export interface CompiledFragment {
  template: TexmlTemplate;
  slots: ReadonlyArray<readonly [slot: string, value: CompiledTemplate]>;
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

interface ActionBase {
  /** Position in the source, for errors at render time and for the graph. */
  where: string;
}

export type CompiledAction =
  | (ActionBase & { kind: 'emit'; fragment: CompiledFragment })
  | (ActionBase & { kind: 'end'; ending: 'hangup' | 'reject'; fragment: CompiledFragment })
  | (ActionBase & { kind: 'goto'; target: StepTarget })
  /** In a queue's wait step: `target` once every `seconds`; `memory` is the variable holding when it last fired. */
  | (ActionBase & { kind: 'every'; seconds: number; target: StepTarget; memory: string })
  | (ActionBase & { kind: 'branch'; arms: { test: CompiledCondition; target: StepTarget }[]; otherwise?: StepTarget })
  | (ActionBase & { kind: 'set'; assignments: [name: string, value: CompiledTemplate | number | boolean][] })
  | (ActionBase & { kind: 'job'; job: CompiledJob })
  | (ActionBase & { kind: 'redirect-url'; fragment: CompiledFragment })
  | (ActionBase & WaitingAction);

export interface PromptedInput {
  prompt: CompiledFragment[];
  noInput: CompiledFragment[];
  invalid: CompiledFragment[];
  retries: number;
  /** Replays in a queue's wait step: only those the flow writes (the wait document plays again anyway). */
  waitRetries: number;
}

export type WaitingAction =
  | ({ kind: 'gather'; into: string; pattern?: RegExp; minDigits?: number; maxDigits?: number; input: PromptedInput } & WaitTransitions)
  | ({ kind: 'menu'; options: Map<string, StepTarget>; keywords: [keyword: string, target: StepTarget][]; input: PromptedInput } & WaitTransitions)
  | ({ kind: 'dial'; legs: CompiledFragment[]; sequential: boolean; /** By DialCallStatus; a Map, so a status like `valueOf` cannot reach Object.prototype. */ on: ReadonlyMap<string, StepTarget> } & WaitTransitions)
  | ({ kind: 'record'; prompt: CompiledFragment[]; verb: CompiledFragment } & WaitTransitions)
  | ({ kind: 'enqueue'; verb: CompiledFragment; queue: string; wait?: StepTarget; onTimeout?: StepTarget; /** maxWaitTimeSecs, when the flow sets it. */ maxWait?: number } & WaitTransitions)
  | ({ kind: 'conference'; verb: CompiledFragment } & WaitTransitions)
  | ({ kind: 'pay'; verb: CompiledFragment } & WaitTransitions)
  | ({ kind: 'ai_gather'; verb: CompiledFragment } & WaitTransitions);

export type WaitingKind = WaitingAction['kind'];
export const waitingKinds: readonly WaitingKind[] = ['gather', 'menu', 'dial', 'record', 'enqueue', 'conference', 'pay', 'ai_gather'];

export interface CompiledJob {
  op: OperationName;
  params: CompiledValue;
  idempotencyKey?: CompiledTemplate;
  delaySeconds?: number;
}

/** A JSON-like value whose strings are templates. */
export type CompiledValue = CompiledTemplate | number | boolean | null | CompiledValue[] | { [key: string]: CompiledValue };

export interface CompiledStep {
  name: string;
  actions: CompiledAction[];
}

export interface CompiledFlow {
  name: string;
  file: string;
  /** Hash of the flow's source: tokens carry it to notice a flow that changed mid-call. */
  version: string;
  start: string;
  steps: Map<string, CompiledStep>;
  vars: Record<string, string | number | boolean>;
  /** Every variable the flow declares or assigns: what ?var.NAME may set. */
  declaredVars: ReadonlySet<string>;
  /**
   * An entry point: a route names it, or its file says `entry: true`. Only these may be started by
   * an unsealed `?flow=` on the voice URL (docs/security.md); our own sealed links start any flow.
   */
  entry?: boolean;
  env: Record<string, string>;
  /** A complete TeXML document, prebuilt at load. */
  fallback: string;
  /** `on:` hooks by event type. */
  hooks: ReadonlyMap<string, CompiledHook[]>;
}

/** One `on:` hook action: a job, or a signed POST of the event (a `notify` job). */
export type CompiledHook =
  | { kind: 'job'; job: CompiledJob }
  | { kind: 'notify'; url?: CompiledTemplate; with: CompiledValue };

export interface CompiledFlowSet {
  /** Hash over every source file: the flow-set version /readyz reports. */
  version: string;
  flows: Map<string, CompiledFlow>;
  routes: RouteTable;
  calendars: Map<string, CompiledCalendar>;
  secrets: Map<string, { env: string; description?: string }>;
  queues: Map<string, { maxSize?: number; description?: string }>;
  /** The fallback used when not even a flow is known. */
  fallback: string;
  loadedAt: Date;
}
