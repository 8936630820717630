import { z } from 'zod';
import { defineAction } from './action-definition';
import { endAction } from './plain-verbs';

/** Leave page: takes the caller out of the queue (in a queue's wait step). */
export const leaveAction = defineAction({
  name: 'leave',
  schema: () => z.null(),
  bare: { value: null },
  compile: (_value, site, ctx) => endAction(ctx, site, 'hangup', [{ verb: 'Leave' }]),
});

declare module './action-kinds' {
  interface ActionKinds {
    leave: typeof leaveAction;
  }
}
