import { z } from 'zod';
import type { SourcePath } from '../../source/source-file';
import type { FlowCompileContext } from '../flow-compile-context';
import { languageSchema, templateSchema, voiceSchema } from '../schema/common-schemas';
import type { FlowNode } from '../texml-kit';
import { defineAction } from './action-definition';
import { emitAction } from './plain-verbs';

export const saySchema = () =>
  z.union([
    templateSchema,
    z.strictObject({ text: templateSchema, voice: voiceSchema.optional(), language: languageSchema.optional(), loop: z.number().int().min(0).max(10).optional() }),
  ]);
export type SayValue = z.output<ReturnType<typeof saySchema>>;

/** The Say verb, with the flow's default voice (also inside Gather and Pay prompts). */
export function sayNode(value: SayValue, path: SourcePath, ctx: FlowCompileContext): FlowNode {
  const spec = typeof value === 'string' ? { text: value } : value;
  const textPath = typeof value === 'string' ? path : [...path, 'text'];
  return {
    verb: 'Say',
    text: ctx.value(spec.text, textPath),
    attributes: {
      voice: ('voice' in spec ? spec.voice : undefined) ?? ctx.defaultVoice.voice,
      language: ('language' in spec ? spec.language : undefined) ?? ctx.defaultVoice.language,
      loop: 'loop' in spec ? spec.loop : undefined,
    },
  };
}

export const sayAction = defineAction({
  name: 'say',
  schema: saySchema,
  compile: (value, site, ctx) => emitAction(ctx, site, [sayNode(value, site.path, ctx)]),
});

declare module './action-kinds' {
  interface ActionKinds {
    say: typeof sayAction;
  }
}
