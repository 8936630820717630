import { z } from 'zod';
import { nameSchema } from '../schema/common-schemas';
import { defineAction } from './action-definition';
import { emitAction } from './plain-verbs';

/** Stop what a `start` began: a stream or SIPREC session by name, the transcription, suppression. */
export const stopAction = defineAction({
  name: 'stop',
  schema: () =>
    z.union([
      z.strictObject({ stream: nameSchema }),
      z.strictObject({ siprec: nameSchema }),
      z.strictObject({ transcription: z.literal(true) }),
      z.strictObject({ suppression: z.literal(true) }),
    ]),
  compile: (value, site, ctx) => {
    const [kind, param] = Object.entries(value)[0] as [string, unknown];
    const verb = ({ stream: 'Stream', siprec: 'Siprec', transcription: 'Transcription', suppression: 'Suppression' } as const)[kind as 'stream'];
    return emitAction(ctx, site, [{ verb: 'Stop', children: [{ verb, attributes: typeof param === 'string' ? { name: param } : {} }] }]);
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    stop: typeof stopAction;
  }
}
