import { z } from 'zod';
import { durationSeconds } from '../schema/common-schemas';
import { defineAction } from './action-definition';
import { emitAction } from './plain-verbs';

export const pauseAction = defineAction({
  name: 'pause',
  schema: () => z.union([durationSeconds(1, 180), z.strictObject({ length: durationSeconds(1, 180) })]),
  compile: (value, site, ctx) => emitAction(ctx, site, [{ verb: 'Pause', attributes: { length: typeof value === 'number' ? value : value.length } }]),
});

declare module './action-kinds' {
  interface ActionKinds {
    pause: typeof pauseAction;
  }
}
