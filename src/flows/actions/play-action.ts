import { z } from 'zod';
import type { SourcePath } from '../../source/source-file';
import type { FlowCompileContext } from '../flow-compile-context';
import { templateSchema } from '../schema/common-schemas';
import type { FlowNode } from '../texml-kit';
import { defineAction } from './action-definition';
import { emitAction } from './plain-verbs';

export const playSchema = () =>
  z.union([
    templateSchema,
    z.strictObject({ url: templateSchema, loop: z.number().int().min(0).max(10).optional(), digits: z.string().regex(/^[0-9*#w]+$/).optional() }),
  ]);
export type PlayValue = z.output<ReturnType<typeof playSchema>>;

/** The Play verb (also inside Gather prompts). */
export function playNode(value: PlayValue, path: SourcePath, ctx: FlowCompileContext): FlowNode {
  const spec = typeof value === 'string' ? { url: value } : value;
  return {
    verb: 'Play',
    text: ctx.value(spec.url, typeof value === 'string' ? path : [...path, 'url']),
    attributes: { loop: 'loop' in spec ? spec.loop : undefined, digits: 'digits' in spec ? spec.digits : undefined },
  };
}

export const playAction = defineAction({
  name: 'play',
  schema: playSchema,
  compile: (value, site, ctx) => emitAction(ctx, site, [playNode(value, site.path, ctx)]),
});

declare module './action-kinds' {
  interface ActionKinds {
    play: typeof playAction;
  }
}
