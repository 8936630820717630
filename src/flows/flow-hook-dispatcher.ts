import type { CompiledHook } from './compiled-flow';
import type { FlowSetSource } from './flow-set-holder';
import { renderValue } from './flow-interpreter';
import type { JobRequest } from '../jobs/job-request';
import type { OperationProducer } from '../jobs/operation-producer';
import { neutralise } from '../templates/neutralise';
import type { EventField, TemplateContext } from '../templates/template-scope';
import type { CallEvent } from '../events/call-event';
import type { HookDispatcher } from '../events/callback-ingestor';

/**
 * Runs a flow's `on:` hooks for an event by enqueueing one job per hook action. Each job's id is
 * derived from the event's identity and the hook's position, so a repeated delivery (or a retry
 * after a 503) enqueues nothing new: each hook runs once per event.
 */
export class FlowHookDispatcher implements HookDispatcher {
  constructor(
    private readonly flows: FlowSetSource,
    private readonly producer: OperationProducer,
  ) {}

  async dispatch(event: CallEvent): Promise<number> {
    const flow = event.flow ? this.flows.current?.flows.get(event.flow) : undefined;
    const hooks = flow?.hooks.get(event.type) ?? [];
    if (!flow || hooks.length === 0) return 0;
    const context: TemplateContext = {
      call: { call_sid: neutralise(event.callSid), ...(event.data.from ? { from: neutralise(event.data.from) } : {}), ...(event.data.to ? { to: neutralise(event.data.to) } : {}) },
      vars: {},
      input: {},
      env: flow.env,
      event: eventContext(event),
    };
    await Promise.all(hooks.map((hook, index) => this.producer.enqueue(this.request(hook, index, event, flow.name, context))));
    return hooks.length;
  }

  private request(hook: CompiledHook, index: number, event: CallEvent, flow: string, context: TemplateContext): JobRequest {
    const origin = { flow, step: `on ${event.type}`, callSid: event.callSid };
    const idempotencyKey = `hook.${event.id}.${index}`;
    if (hook.kind === 'notify') {
      const extra = renderValue(hook.with, context) as Record<string, unknown>;
      return {
        op: 'notify',
        params: { ...(hook.url ? { url: hook.url.render(context) } : {}), event: event.type, call_sid: event.callSid, flow, occurred_at: event.occurredAt, event_id: event.id, ...event.data, ...extra },
        idempotencyKey,
        origin,
      };
    }
    return {
      op: hook.job.op,
      params: renderValue(hook.job.params, context),
      // An explicit key wins; otherwise the event identity makes the hook run once.
      idempotencyKey: hook.job.idempotencyKey ? hook.job.idempotencyKey.render(context) : idempotencyKey,
      ...(hook.job.delaySeconds ? { delayMs: hook.job.delaySeconds * 1000 } : {}),
      origin,
    };
  }
}

function eventContext(event: CallEvent): Partial<Record<EventField, string>> {
  const out: Partial<Record<EventField, string>> = { type: event.type, id: event.id, call_sid: neutralise(event.callSid), occurred_at: event.occurredAt };
  if (event.flow) out.flow = event.flow;
  for (const [key, value] of Object.entries(event.data)) out[key as EventField] = neutralise(value, 4096);
  return out;
}
