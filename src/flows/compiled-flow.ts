import type { CompiledTemplate } from '../templates/compiled-template';
import type { CompiledCalendar } from './compile-calendar';
import type { RouteTable } from './route-table';
import type { CompiledAction } from './actions/action-registry';
import type { CompiledJob, CompiledValue } from './compiled-parts';

export type { ActionBase, CompiledFragment, CompiledJob, CompiledValue, StepTarget, WaitTransitions } from './compiled-parts';
/** Compiled actions are what the step kinds (src/flows/actions/) compile to. */
export type { CompiledAction, WaitingAction, WaitingKind } from './actions/action-registry';
export type { PromptedInput } from './actions/prompted-input';

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
