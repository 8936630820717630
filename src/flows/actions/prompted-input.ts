import { z } from 'zod';
import type { SourcePath } from '../../source/source-file';
import type { CompiledFragment, StepTarget } from '../compiled-parts';
import type { FlowCompileContext, PromptDefaults } from '../flow-compile-context';
import type { RenderResult } from '../flow-render-types';
import { durationSeconds, languageSchema } from '../schema/common-schemas';
import { runtimeSlot, type FlowNode } from '../texml-kit';
import type { ActionInput, ActionSchemaKit, ActionSite, ResumeScope, WaitScope } from './action-definition';
import { fragment, stepRef } from './action-kit';
import { playNode, type PlayValue } from './play-action';
import { sayNode, type SayValue } from './say-action';

/* What gather and menu share: a prompt, retries after no input or an invalid answer, then on_fail. */

const DEFAULT_RETRIES = 2;
const DEFAULT_NO_INPUT = "Sorry, I didn't hear anything.";
const DEFAULT_INVALID = "Sorry, that isn't a valid choice.";

export const inputKinds = z.array(z.enum(['dtmf', 'speech'])).min(1).max(2);

export function promptSchemaKeys(kit: ActionSchemaKit) {
  return {
    prompt: kit.actionList.optional(),
    input: inputKinds.optional(),
    timeout: durationSeconds(1, 120).optional(),
    speech_timeout: z.union([durationSeconds(1, 60), z.literal('auto')]).optional(),
    language: languageSchema.optional(),
    hints: z.array(z.string().min(1)).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    no_input: kit.actionList.optional(),
    invalid: kit.actionList.optional(),
    on_fail: stepRef.optional(),
  };
}

export interface PromptedInput {
  prompt: CompiledFragment[];
  noInput: CompiledFragment[];
  invalid: CompiledFragment[];
  retries: number;
  /** Replays in a queue's wait step: only those the flow writes (the wait document plays again anyway). */
  waitRetries: number;
}

interface PromptLists {
  prompt: FlowNode[];
  noInput: FlowNode[];
  invalid: FlowNode[];
  retries: number;
  waitRetries: number;
}

/** Prompts play inside Gather, which nests Say and Play only. */
export function promptNode(action: ActionInput, path: SourcePath, ctx: FlowCompileContext): FlowNode | undefined {
  if (typeof action === 'object' && 'say' in action) return sayNode(action.say as SayValue, [...path, 'say'], ctx);
  if (typeof action === 'object' && 'play' in action) return playNode(action.play as PlayValue, [...path, 'play'], ctx);
  const name = typeof action === 'string' ? action : Object.keys(action)[0];
  ctx.report(path, 'error', `a prompt may hold say and play only, not '${name}'`, 'TeXML Gather nests Say and Play; put pauses in the text or as a separate step');
  return undefined;
}

export function isNode(node: FlowNode | undefined): node is FlowNode {
  return node !== undefined;
}

export function promptedInput(
  value: { prompt?: ActionInput[]; no_input?: ActionInput[]; invalid?: ActionInput[]; retries?: number; on_fail?: string },
  site: ActionSite,
  ctx: FlowCompileContext,
  kind: 'gather' | 'menu',
): PromptLists {
  const nodes = (list: ActionInput[] | undefined, key: string) => (list ?? []).map((a, i) => promptNode(a, [...site.path, key, i], ctx)).filter(isNode);
  const given = { noInput: value.no_input !== undefined, invalid: value.invalid !== undefined, onFail: value.on_fail !== undefined, retries: value.retries !== undefined };
  if (!given.noInput || !given.invalid || !given.onFail) ctx.promptDefaults.push({ step: site.step, path: site.path, kind, given });
  const defaultSay = (text: string): FlowNode => ({ verb: 'Say', text, attributes: { voice: ctx.defaultVoice.voice, language: ctx.defaultVoice.language } });
  return {
    prompt: nodes(value.prompt, 'prompt'),
    noInput: value.no_input === undefined ? [defaultSay(DEFAULT_NO_INPUT)] : nodes(value.no_input, 'no_input'),
    invalid: value.invalid === undefined ? [defaultSay(DEFAULT_INVALID)] : nodes(value.invalid, 'invalid'),
    retries: value.retries ?? DEFAULT_RETRIES,
    waitRetries: value.retries ?? 0,
  };
}

/**
 * The warning for a gather or menu that uses defaults, saying what they do where it stands. In a
 * queue's wait step the caller must never be dropped: no input and invalid input keep them waiting
 * (the step goes on, and Telnyx plays the wait step again) and nothing is replayed unless the flow
 * writes `retries`.
 */
export function reportPromptDefaults(ctx: FlowCompileContext, entry: PromptDefaults, where: { waiting: boolean; elsewhere: boolean }): void {
  const { kind, given, step, path } = entry;
  const normal: string[] = [];
  if (!given.noInput) normal.push(`no_input: say "${DEFAULT_NO_INPUT}"`);
  if (!given.invalid) normal.push(`invalid: say "${DEFAULT_INVALID}"`);
  if (!given.onFail) normal.push(kind === 'gather' ? 'on_fail: the next action in the step' : "on_fail: the flow's fallback document");
  const normalMessage = () => `${kind} in step '${step}' has no ${normal.map((d) => d.split(':')[0]).join(', ')}; using defaults (${normal.join('; ')})`;
  if (!where.waiting) {
    ctx.report(path, 'warning', normalMessage(), 'write them out to choose what the caller hears');
    return;
  }
  // Replays use no_input/invalid only when the flow writes retries in a wait step.
  const prompts = given.retries ? normal.filter((d) => !d.startsWith('on_fail')) : [];
  if (given.onFail && prompts.length === 0 && !where.elsewhere) return;
  const parts: string[] = [];
  if (!given.onFail) parts.push('no input or an invalid answer keeps the caller waiting (the step goes on to its next action, then the wait step plays again)');
  if (prompts.length > 0) parts.push(`its replays use defaults (${prompts.join('; ')})`);
  if (!given.retries) parts.push('nothing is replayed (retries: 0 in a wait step)');
  const missing = [...(given.onFail ? [] : ['on_fail']), ...prompts.map((d) => d.split(':')[0])];
  const message = `${kind} in step '${step}' is in a queue's wait step${missing.length ? ` and has no ${missing.join(', ')}` : ''}: ${parts.join('; ')}`;
  const hint = given.onFail ? 'write no_input and invalid to choose what the caller hears' : 'write on_fail: STEP to send the caller elsewhere, and retries: N to ask again first';
  ctx.report(path, 'warning', where.elsewhere ? `${message}; where it is reached outside a queue wait, ${normalMessage().replace(/^.*?; using defaults/, 'it uses defaults')}` : message, hint);
}

/**
 * A Gather in three variants (first time, after no input, after invalid input), each followed by a
 * Redirect back to us: when the caller says nothing, TeXML falls through to the next verb.
 */
export function gatherVariants(ctx: FlowCompileContext, site: ActionSite, attributes: Record<string, string | number | undefined>, lists: PromptLists): PromptedInput {
  const variant = (before: FlowNode[]) =>
    [
      fragment(ctx, site.path, [
        { verb: 'Gather', attributes: { action: runtimeSlot('action'), ...attributes }, children: [...before, ...lists.prompt] },
        { verb: 'Redirect', text: runtimeSlot('noInputUrl') },
      ]),
    ];
  return { prompt: variant([]), noInput: variant(lists.noInput), invalid: variant(lists.invalid), retries: lists.retries, waitRetries: lists.waitRetries };
}

/** The Gather variant for this try. */
export function renderPrompt(input: PromptedInput, scope: WaitScope): void {
  const verb = scope.retryKind === 'noInput' ? input.noInput : scope.retryKind === 'invalid' ? input.invalid : input.prompt;
  for (const fragment of verb) scope.emit(fragment, scope.runtime);
}

/**
 * No input or an invalid answer: ask again while tries remain, then on_fail. Without on_fail,
 * `movesOn` (a gather) continues with the next action; so does anything in a queue's wait step (the
 * caller keeps waiting: the step ends, and Telnyx plays the wait document again). Elsewhere a menu
 * has nowhere to go.
 */
export function retryPrompt(input: PromptedInput, scope: ResumeScope, kind: 'noInput' | 'invalid', onFail: StepTarget | undefined, movesOn: boolean): RenderResult {
  const retries = scope.inputs.queueWait ? input.waitRetries : input.retries;
  if (scope.state.retries < retries) return scope.waitAgain(scope.state.retries + 1, 0, kind);
  if (onFail) return scope.continueAt(onFail);
  if (movesOn || scope.inputs.queueWait) return scope.continueAt(undefined);
  return scope.fallback(`no valid input after ${retries + 1} tries and no on_fail`);
}
