import { z } from 'zod';
import type { CompiledTemplate } from '../../templates/compiled-template';
import type { ActionBase } from '../compiled-parts';
import { nameSchema, templateSchema } from '../schema/common-schemas';
import { defineInlineAction } from './action-definition';
import { at, isRecord } from './action-kit';

export type SetAction = ActionBase & { kind: 'set'; assignments: [name: string, value: CompiledTemplate | number | boolean][] };

/** Assign variables, in order: a later one may read an earlier one. */
export const setAction = defineInlineAction({
  name: 'set',
  schema: () => z.record(nameSchema, z.union([templateSchema, z.number(), z.boolean()])),
  compile: (value, site, ctx): SetAction => ({
    kind: 'set',
    where: at(ctx, site.path),
    assignments: Object.entries(value).map(([name, v]) => [name, typeof v === 'string' ? ctx.template(v, [...site.path, name]) : v]),
  }),
  assigns: (value) =>
    isRecord(value) ? Object.entries(value).map(([name, v]) => (typeof v === 'string' ? { name, maxLength: 0, template: v } : { name, maxLength: String(v).length })) : [],
  run: {
    run: (action, scope) => {
      for (const [name, value] of action.assignments) {
        scope.context.vars = { ...scope.context.vars, [name]: typeof value === 'object' ? value.render(scope.context) : value };
      }
      return undefined;
    },
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    set: typeof setAction;
  }
}
