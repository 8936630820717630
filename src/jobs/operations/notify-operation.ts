import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { NotifyFailedError } from '../../events/notify-failed-error';
import { defineOperation } from '../operation-definition';
import { OperationPreconditionError } from '../operation-precondition-error';
import { RetryableOperationError } from '../retryable-operation-error';
import { text } from '../payload-fields';

/**
 * `notify` is not a Telnyx operation: it tells another system about an outcome with a JSON POST
 * signed with NOTIFY_SIGNING_SECRET (flows' `job: { op: notify }` and `on:` hooks). Receiver 5xx,
 * 408, 429 and network errors retry with the usual backoff; other answers fail at once.
 */
export const notify = defineOperation({
  op: 'notify',
  summary: 'POST a signed JSON event to another system (url, or NOTIFY_URL)',
  endpoint: '(not Telnyx) POST to the notify URL',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z
    .object({ event: text(128), url: z.string().url().optional() })
    .catchall(z.union([z.string().max(4096), z.number(), z.boolean(), z.null()])),
  run: async (params, context) => {
    const service = context.notify;
    const url = params.url ?? service?.defaultUrl;
    if (!service || !url) throw new OperationPreconditionError('notify', 'no url in the job and NOTIFY_URL is not set');
    const { url: _url, ...payload } = params;
    let result: { status: number; deliveredAt: string };
    try {
      result = await service.send({ url, payload });
    } catch (error) {
      if (error instanceof NotifyFailedError && !error.retryable) throw new UnrecoverableError(error.message);
      throw new RetryableOperationError(error instanceof Error ? error.message : String(error));
    }
    const callSid = typeof payload.call_sid === 'string' ? payload.call_sid : undefined;
    if (callSid && service.recordDelivery) {
      await service
        .recordDelivery({ callSid, ...(typeof payload.flow === 'string' ? { flow: payload.flow } : {}), event: params.event, url, status: result.status, deliveredAt: result.deliveredAt, jobId: context.jobId })
        .catch(() => undefined);
    }
    return { delivered: true, status: result.status, at: result.deliveredAt };
  },
});
