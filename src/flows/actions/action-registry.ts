import type { z } from 'zod';
import type { ActionDefinition, InlineBehaviour, VariableAssignment, WaitingBehaviour } from './action-definition';
import type { ActionKinds } from './action-kinds';
import { plainVerbs, type PlainVerbAction } from './plain-verbs';
import { sayAction } from './say-action';
import { playAction } from './play-action';
import { pauseAction } from './pause-action';
import { gatherAction } from './gather-action';
import { menuAction } from './menu-action';
import { dialAction } from './dial-action';
import { recordAction } from './record-action';
import { enqueueAction } from './enqueue-action';
import { conferenceAction } from './conference-action';
import { gotoAction } from './goto-action';
import { everyAction } from './every-action';
import { redirectAction } from './redirect-action';
import { branchAction } from './branch-action';
import { setAction } from './set-action';
import { rejectAction } from './reject-action';
import { startAction } from './start-action';
import { stopAction } from './stop-action';
import { jobAction } from './job-action';
import { requestAction } from './request-action';
import { httpRequestAction } from './http-request-action';
import { payAction } from './pay-action';
import { aiGatherAction } from './ai-gather-action';
import { aiAssistantAction } from './ai-assistant-action';
import { conversationRelayAction } from './conversation-relay-action';
import { hangupAction } from './hangup-action';
import { leaveAction } from './leave-action';

export type ActionName = keyof ActionKinds;

/**
 * Every step kind of the flow language, in the order the language lists them (error hints, the
 * JSON Schema). A definition file left out of this list, or listed under another name, does not
 * compile.
 */
export const actionRegistry = {
  say: sayAction,
  play: playAction,
  pause: pauseAction,
  gather: gatherAction,
  menu: menuAction,
  dial: dialAction,
  record: recordAction,
  enqueue: enqueueAction,
  conference: conferenceAction,
  goto: gotoAction,
  every: everyAction,
  redirect: redirectAction,
  branch: branchAction,
  set: setAction,
  reject: rejectAction,
  start: startAction,
  stop: stopAction,
  job: jobAction,
  request: requestAction,
  http_request: httpRequestAction,
  pay: payAction,
  ai_gather: aiGatherAction,
  ai_assistant: aiAssistantAction,
  conversation_relay: conversationRelayAction,
  hangup: hangupAction,
  leave: leaveAction,
} as const satisfies { [N in ActionName]: ActionKinds[N] & { readonly name: N } };

export const actionNames = Object.keys(actionRegistry) as ActionName[];

/** The value an action takes, as validated. */
export type ActionValue<N extends ActionName> = z.output<ReturnType<ActionKinds[N]['schema']>>;

/** Every compiled action: what the definitions compile to. */
export type CompiledAction = { [N in ActionName]: NonNullable<ReturnType<ActionKinds[N]['compile']>> }[ActionName];

/** The kinds whose definition says how the call waits on them. */
export type WaitingKind = { [N in ActionName]: ActionKinds[N] extends { wait: object } ? N : never }[ActionName];
export type WaitingAction = Extract<CompiledAction, { kind: WaitingKind }>;
type InlineKind = PlainVerbAction['kind'] | { [N in ActionName]: ActionKinds[N] extends { run: object } ? N : never }[ActionName];

// Fails to compile when a definition compiles to a kind that nothing runs (no `run`, no `wait`).
type KindWithoutBehaviour = Exclude<CompiledAction['kind'], InlineKind | WaitingKind>;
const everyKindRuns: [KindWithoutBehaviour] extends [never] ? true : { kindWithoutRunOrWait: KindWithoutBehaviour } = true;
void everyKindRuns;

const definitions: readonly ActionDefinition[] = Object.values(actionRegistry);

/** Actions written as a bare word (`- hangup`), and the value each stands for. */
export const bareActionValues: ReadonlyMap<string, unknown> = new Map(definitions.flatMap((d) => (d.bare ? [[d.name, d.bare.value]] : [])));

/** The variables an action assigns (`set:` keys, a gather's `into:`), read from the action as written. */
export function variablesAssignedBy(action: unknown): VariableAssignment[] {
  if (typeof action !== 'object' || action === null || Array.isArray(action)) return [];
  return Object.entries(action).flatMap(([name, value]) => (Object.hasOwn(actionRegistry, name) ? (actionRegistry[name as ActionName].assigns?.(value) ?? []) : []));
}

export const waitingKinds = definitions.flatMap((d) => (d.wait ? [d.name] : [])) as readonly WaitingKind[];

/** How the interpreter treats a compiled action: run it inline, or wait on it (exactly one is set). */
export interface ActionBehaviour {
  inline: InlineBehaviour<CompiledAction> | undefined;
  waiting: WaitingBehaviour<WaitingAction> | undefined;
}

// One shape for every entry: the interpreter's hot loop reads them all alike.
const behaviours: Readonly<Record<string, ActionBehaviour>> = Object.fromEntries([
  ...Object.entries(plainVerbs).map(([kind, inline]): [string, ActionBehaviour] => [kind, { inline: inline as InlineBehaviour<CompiledAction>, waiting: undefined }]),
  ...definitions.flatMap((d): [string, ActionBehaviour][] => (d.run || d.wait ? [[d.name, { inline: d.run, waiting: d.wait as WaitingBehaviour<WaitingAction> | undefined }]] : [])),
]);

export function behaviourOf(action: CompiledAction): ActionBehaviour {
  return behaviours[action.kind]!;
}

export function isWaiting(action: CompiledAction): action is WaitingAction {
  return (waitingKinds as readonly string[]).includes(action.kind);
}
