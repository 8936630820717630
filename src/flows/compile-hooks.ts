import { compileValue } from './compiled-value';
import { checkJobParams } from './check-job-params';
import type { CompiledHook } from './compiled-flow';
import type { FlowCompileContext } from './flow-compile-context';
import type { FlowFileInput } from './schema/flow-schema';

/** Compiles a flow's `on:` hooks; their templates may read event.* besides the call. */
export function compileHooks(on: FlowFileInput['on'], ctx: FlowCompileContext): Map<string, CompiledHook[]> {
  const hooks = new Map<string, CompiledHook[]>();
  const hookCtx = ctx.withScope({ ...ctx.scope, event: true });
  for (const [eventType, actions] of Object.entries(on ?? {})) {
    const compiled = (actions ?? []).map((action, i): CompiledHook => {
      const path = ['on', eventType, i];
      if ('job' in action) {
        const job = action.job;
        checkJobParams(job.op, job.with ?? {}, [...path, 'job', 'with'], hookCtx);
        return {
          kind: 'job',
          job: {
            op: job.op,
            params: compileValue(job.with ?? {}, [...path, 'job', 'with'], hookCtx),
            ...(job.idempotency_key ? { idempotencyKey: hookCtx.template(job.idempotency_key, [...path, 'job', 'idempotency_key']) } : {}),
            ...(job.delay ? { delaySeconds: job.delay } : {}),
          },
        };
      }
      return {
        kind: 'notify',
        ...(action.notify.url ? { url: hookCtx.template(action.notify.url, [...path, 'notify', 'url']) } : {}),
        with: compileValue(action.notify.with ?? {}, [...path, 'notify', 'with'], hookCtx),
      };
    });
    hooks.set(eventType, compiled);
  }
  return hooks;
}
