import { z } from 'zod';
import { defineAction } from './action-definition';
import { endAction } from './plain-verbs';

export const rejectAction = defineAction({
  name: 'reject',
  schema: () => z.enum(['rejected', 'busy']),
  bare: { value: 'rejected' },
  compile: (value, site, ctx) => {
    // Reject page: only as the first verb of an unanswered call is the call never answered (at
    // no cost); anywhere else Telnyx hangs up the answered call. Allowed, but worth a warning.
    if (site.index !== 0 || site.afterWait) ctx.report(site.path, 'warning', `reject in step '${site.step}' is not the first action: Telnyx hangs up the answered call there (charged) instead of leaving it unanswered`, 'make reject the first action of its own step, or use hangup');
    else ctx.rejectSteps.set(site.step, site.path);
    return endAction(ctx, site, 'reject', [{ verb: 'Reject', attributes: { reason: value } }]);
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    reject: typeof rejectAction;
  }
}
