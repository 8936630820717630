import { z } from 'zod';
import { operationNames } from '../../jobs/operation-names';
import { checkJobParams } from '../check-job-params';
import type { ActionBase, CompiledJob } from '../compiled-parts';
import { compileValue, renderValue } from '../compiled-value';
import { templateSchema } from '../schema/common-schemas';
import { defineInlineAction } from './action-definition';
import { at } from './action-kit';

/** `job:` in a step, and in an `on:` hook. */
export const jobActionSchema = z.strictObject({
  op: z.enum(operationNames),
  with: z.record(z.string(), z.unknown()).optional(),
  idempotency_key: templateSchema.optional(),
  delay: z.number().int().min(0).max(30 * 24 * 3600).optional(),
});

export type JobAction = ActionBase & { kind: 'job'; job: CompiledJob };

/** Enqueue a Telnyx operation; it runs outside the call, so the document goes on at once. */
export const jobAction = defineInlineAction({
  name: 'job',
  schema: () => jobActionSchema,
  compile: (value, site, ctx): JobAction => {
    checkJobParams(value.op, value.with ?? {}, [...site.path, 'with'], ctx);
    return {
      kind: 'job',
      where: at(ctx, site.path),
      job: {
        op: value.op,
        params: compileValue(value.with ?? {}, [...site.path, 'with'], ctx),
        ...(value.idempotency_key ? { idempotencyKey: ctx.template(value.idempotency_key, [...site.path, 'idempotency_key']) } : {}),
        ...(value.delay ? { delaySeconds: value.delay } : {}),
      },
    };
  },
  run: {
    run: (action, scope) => {
      const callSid = scope.context.call.call_sid;
      scope.addJob({
        op: action.job.op,
        params: renderValue(action.job.params, scope.context),
        ...(action.job.idempotencyKey ? { idempotencyKey: action.job.idempotencyKey.render(scope.context) } : {}),
        ...(action.job.delaySeconds ? { delayMs: action.job.delaySeconds * 1000 } : {}),
        origin: { flow: scope.flowName, step: scope.stepName, ...(callSid ? { callSid } : {}) },
      });
      return undefined;
    },
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    job: typeof jobAction;
  }
}
