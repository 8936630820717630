import { z } from 'zod';
import { templateSchema } from '../schema/common-schemas';
import { defineAction } from './action-definition';
import { at, flowStepRef, fragment } from './action-kit';
import type { GotoAction } from './goto-action';
import type { RedirectUrlAction } from './plain-verbs';

/** To another flow (a goto across flows, in the same document), or to any URL (a Redirect verb). */
export const redirectAction = defineAction({
  name: 'redirect',
  schema: () => z.union([flowStepRef, z.strictObject({ url: templateSchema, method: z.enum(['GET', 'POST']).optional() })]),
  compile: (value, site, ctx): GotoAction | RedirectUrlAction => {
    if ('url' in value) {
      return {
        kind: 'redirect-url',
        where: at(ctx, site.path),
        fragment: fragment(ctx, site.path, [{ verb: 'Redirect', text: ctx.value(value.url, [...site.path, 'url']), attributes: { method: value.method } }]),
      };
    }
    return { kind: 'goto', where: at(ctx, site.path), target: ctx.target(site.step, value.step, site.path, !site.afterWait, value.flow) };
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    redirect: typeof redirectAction;
  }
}
