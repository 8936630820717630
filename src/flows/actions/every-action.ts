import { z } from 'zod';
import type { ActionBase, StepTarget } from '../compiled-parts';
import { defineInlineAction } from './action-definition';
import { at, stepRef } from './action-kit';

/** In a queue's wait step: `target` once every `seconds`; `memory` is the variable holding when it last fired. */
export type EveryAction = ActionBase & { kind: 'every'; seconds: number; target: StepTarget; memory: string };

/** In a queue's wait step: go to a step once every `seconds` of waiting (a callback offer). */
export const everyAction = defineInlineAction({
  name: 'every',
  schema: () => z.strictObject({ seconds: z.number().int().min(10).max(14_400), goto: stepRef }),
  compile: (value, site, ctx): EveryAction => {
    ctx.everySites.push({ step: site.step, path: site.path });
    return {
      kind: 'every',
      where: at(ctx, site.path),
      seconds: value.seconds,
      target: ctx.target(site.step, value.goto, [...site.path, 'goto'], !site.afterWait),
      // One per action: a wait step may offer two things at two rates.
      memory: `_every_${site.step}_${String(site.path[2] ?? 0)}`,
    };
  },
  run: {
    run: (action, scope) => {
      // Outside a queue wait (validation warns) it never fires.
      if (!scope.inputs.queueWait) return undefined;
      const now = Math.floor(scope.inputs.now.getTime() / 1000);
      const last = Number(scope.context.vars[action.memory]);
      scope.remember();
      // The first round starts the count; after that, fire once `seconds` have passed.
      const due = Number.isFinite(last) && now - last >= action.seconds;
      if (!Number.isFinite(last) || due) scope.context.vars = { ...scope.context.vars, [action.memory]: now };
      return due ? { goto: action.target } : undefined;
    },
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    every: typeof everyAction;
  }
}
