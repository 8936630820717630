import { z } from 'zod';
import { defineAction } from './action-definition';
import { endAction } from './plain-verbs';

export const hangupAction = defineAction({
  name: 'hangup',
  schema: () => z.null(),
  bare: { value: null },
  compile: (_value, site, ctx) => endAction(ctx, site, 'hangup', [{ verb: 'Hangup' }]),
});

declare module './action-kinds' {
  interface ActionKinds {
    hangup: typeof hangupAction;
  }
}
