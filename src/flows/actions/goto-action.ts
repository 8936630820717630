import type { ActionBase, StepTarget } from '../compiled-parts';
import { defineInlineAction } from './action-definition';
import { at, stepRef } from './action-kit';

export type GotoAction = ActionBase & { kind: 'goto'; target: StepTarget };

/** Go to a step, in the same document (`redirect:` to a flow compiles to this too). */
export const gotoAction = defineInlineAction({
  name: 'goto',
  schema: () => stepRef,
  compile: (value, site, ctx): GotoAction => ({ kind: 'goto', where: at(ctx, site.path), target: ctx.target(site.step, value, site.path, !site.afterWait) }),
  run: {
    run: (action) => ({ goto: action.target }),
    endsStep: () => true,
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    goto: typeof gotoAction;
  }
}
