import { z } from 'zod';
import type { ActionBase, WaitTransitions } from '../compiled-parts';
import { UNTRUSTED_VALUE_MAX_LENGTH } from '../../templates/neutralise';
import { nameSchema } from '../schema/common-schemas';
import { defineWaitingAction } from './action-definition';
import { at, isRecord, stepRef, transitions } from './action-kit';
import { gatherVariants, promptedInput, promptSchemaKeys, renderPrompt, retryPrompt, type PromptedInput } from './prompted-input';

export type GatherAction = ActionBase & WaitTransitions & { kind: 'gather'; into: string; pattern?: RegExp; minDigits?: number; maxDigits?: number; input: PromptedInput };

/** Gather input with no max_digits is bounded by TeXML's own maximum. */
const MAX_GATHER_DIGITS = 128;

const digitKey = z.string().regex(/^[0-9*#]$/, 'must be one key: 0-9, * or #');

/** Ask for digits or speech into a variable; no input or an invalid answer asks again, then on_fail. */
export const gatherAction = defineWaitingAction({
  name: 'gather',
  schema: (kit) =>
    z.strictObject({
      ...promptSchemaKeys(kit),
      into: nameSchema,
      num_digits: z.number().int().min(1).max(128).optional(),
      min_digits: z.number().int().min(1).max(128).optional(),
      max_digits: z.number().int().min(1).max(128).optional(),
      finish_on_key: z.union([digitKey, z.literal('')]).optional(),
      pattern: z.string().min(1).optional(),
      then: stepRef.optional(),
    }),
  compile: (value, site, ctx): GatherAction => {
    const input = promptedInput(value, site, ctx, 'gather');
    if (value.min_digits && value.max_digits && value.min_digits > value.max_digits) {
      ctx.report([...site.path, 'min_digits'], 'error', `'min_digits' (${value.min_digits}) is larger than 'max_digits' (${value.max_digits})`);
    }
    let pattern: RegExp | undefined;
    if (value.pattern !== undefined) {
      try {
        pattern = new RegExp(`^(?:${value.pattern})$`, 'u');
      } catch (error) {
        ctx.report([...site.path, 'pattern'], 'error', `'pattern' is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    const attributes = {
      input: (value.input ?? ['dtmf']).join(' '),
      timeout: value.timeout,
      numDigits: value.num_digits,
      minDigits: value.min_digits,
      maxDigits: value.max_digits,
      finishOnKey: value.finish_on_key,
      speechTimeout: value.speech_timeout === 'auto' ? undefined : value.speech_timeout,
      language: value.language,
      hints: value.hints?.join(', '),
    };
    return {
      kind: 'gather',
      where: at(ctx, site.path),
      into: value.into,
      ...(pattern ? { pattern } : {}),
      ...(value.min_digits ? { minDigits: value.min_digits } : {}),
      ...(value.max_digits ? { maxDigits: value.max_digits } : {}),
      input: gatherVariants(ctx, site, attributes, input),
      ...transitions(value, site, ctx),
    };
  },
  assigns: (value) => {
    if (!isRecord(value) || typeof value.into !== 'string') return [];
    const speech = Array.isArray(value.input) && value.input.includes('speech');
    return [{ name: value.into, maxLength: speech ? UNTRUSTED_VALUE_MAX_LENGTH : Number(value.max_digits ?? value.num_digits ?? MAX_GATHER_DIGITS) }];
  },
  wait: {
    // No Digits and no SpeechResult is no input, whether the Gather posted it or its Redirect did.
    noInputUrl: 'action',
    render: (action, scope) => renderPrompt(action.input, scope),
    resume: (action, scope) => {
      const input = scope.inputs.input;
      // Telnyx may send an empty Digits next to a SpeechResult: take whichever holds the answer.
      const value = input.digits || input.speech || '';
      if (value === '' || scope.inputs.event === 'no-input') return retryPrompt(action.input, scope, 'noInput', action.onFail, true);
      const digitsOnly = Boolean(input.digits);
      const tooShort = digitsOnly && action.minDigits !== undefined && value.length < action.minDigits;
      const tooLong = digitsOnly && action.maxDigits !== undefined && value.length > action.maxDigits;
      if (tooShort || tooLong || (action.pattern && !action.pattern.test(value))) return retryPrompt(action.input, scope, 'invalid', action.onFail, true);
      scope.context.vars = { ...scope.context.vars, [action.into]: value };
      scope.context.input = { ...scope.context.input, value };
      return scope.continueAt(action.then);
    },
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    gather: typeof gatherAction;
  }
}
