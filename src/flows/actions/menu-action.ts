import { z } from 'zod';
import type { ActionBase, StepTarget, WaitTransitions } from '../compiled-parts';
import { defineWaitingAction } from './action-definition';
import { at, stepRef } from './action-kit';
import { gatherVariants, promptedInput, promptSchemaKeys, renderPrompt, retryPrompt, type PromptedInput } from './prompted-input';

export type MenuAction = ActionBase & WaitTransitions & { kind: 'menu'; options: Map<string, StepTarget>; keywords: [keyword: string, target: StepTarget][]; input: PromptedInput };

/** A prompt whose answer (a key or a spoken keyword) picks the step to go to. */
export const menuAction = defineWaitingAction({
  name: 'menu',
  schema: (kit) =>
    z.strictObject({
      ...promptSchemaKeys(kit),
      prompt: kit.actionList,
      options: z.record(z.string().regex(/^([0-9*#]|[A-Za-z][A-Za-z ]{0,63})$/, 'must be one key (0-9 * #) or a speech keyword'), stepRef),
    }),
  compile: (value, site, ctx): MenuAction => {
    const input = promptedInput(value, site, ctx, 'menu');
    const options = new Map<string, StepTarget>();
    const keywords: [string, StepTarget][] = [];
    for (const [key, step] of Object.entries(value.options)) {
      const target = ctx.target(site.step, step, [...site.path, 'options', key], false);
      if (/^[0-9*#]$/.test(key)) options.set(key, target);
      else keywords.push([key.toLowerCase(), target]);
    }
    const kinds = value.input ?? (keywords.length > 0 ? ['dtmf', 'speech'] : ['dtmf']);
    if (keywords.length > 0 && !kinds.includes('speech')) {
      ctx.report([...site.path, 'options'], 'warning', `menu has speech keywords (${keywords.map(([k]) => k).join(', ')}) but input does not include speech`, 'add speech to input, or remove the keywords');
    }
    if (options.size > 0 && !kinds.includes('dtmf')) {
      ctx.report([...site.path, 'options'], 'warning', 'menu has key options but input does not include dtmf', 'add dtmf to input');
    }
    const attributes = {
      input: kinds.join(' '),
      timeout: value.timeout,
      // Every key option is one key, so the menu answers on the first press.
      numDigits: options.size > 0 ? 1 : undefined,
      speechTimeout: value.speech_timeout === 'auto' ? undefined : value.speech_timeout,
      language: value.language,
      hints: [...(value.hints ?? []), ...keywords.map(([k]) => k)].join(', ') || undefined,
    };
    return {
      kind: 'menu',
      where: at(ctx, site.path),
      options,
      keywords,
      input: gatherVariants(ctx, site, attributes, input),
      ...(value.on_fail ? { onFail: ctx.target(site.step, value.on_fail, [...site.path, 'on_fail'], false) } : {}),
    };
  },
  wait: {
    // No Digits and no SpeechResult is no input, whether the Gather posted it or its Redirect did.
    noInputUrl: 'action',
    render: (action, scope) => renderPrompt(action.input, scope),
    resume: (action, scope) => {
      const input = scope.inputs.input;
      const digits = input.digits ?? '';
      const speech = (input.speech ?? '').toLowerCase();
      if ((digits === '' && speech === '') || scope.inputs.event === 'no-input') return retryPrompt(action.input, scope, 'noInput', action.onFail, false);
      const chosen = digits ? action.options.get(digits) : action.keywords.find(([keyword]) => matchesKeyword(speech, keyword))?.[1];
      if (!chosen) return retryPrompt(action.input, scope, 'invalid', action.onFail, false);
      return scope.continueAt(chosen);
    },
  },
});

/** Speech matches a keyword when it contains it as whole words. */
function matchesKeyword(speech: string, keyword: string): boolean {
  const index = speech.indexOf(keyword);
  if (index < 0) return false;
  const before = index === 0 ? ' ' : speech[index - 1]!;
  const after = speech[index + keyword.length] ?? ' ';
  return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
}

declare module './action-kinds' {
  interface ActionKinds {
    menu: typeof menuAction;
  }
}
