import { z } from 'zod';
import { compact } from '../compact';
import { defineOperation } from '../operation-definition';
import { integer, isoDate, pageFields, sid, text } from '../payload-fields';

export const queuesCreate = defineOperation({
  op: 'queues.create',
  summary: 'Create a call queue',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Queues',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ friendly_name: text(64), max_size: integer(1, 5000).optional() }),
  run: (params, context) =>
    context.telnyx.texml.accounts.queues.create(context.settings.accountSid, compact({ FriendlyName: params.friendly_name, MaxSize: params.max_size })),
});

export const queuesUpdate = defineOperation({
  op: 'queues.update',
  summary: 'Change a queue’s maximum size',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Queues/{QueueSid}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ queue_sid: sid, max_size: integer(1, 5000) }),
  run: (params, context) => context.telnyx.texml.accounts.queues.update(params.queue_sid, { account_sid: context.settings.accountSid, MaxSize: params.max_size }),
});

export const queuesDelete = defineOperation({
  op: 'queues.delete',
  summary: 'Delete an empty queue',
  endpoint: 'DELETE /texml/Accounts/{AccountSid}/Queues/{QueueSid}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ queue_sid: sid }),
  run: async (params, context) => {
    await context.telnyx.texml.accounts.queues.delete(params.queue_sid, { account_sid: context.settings.accountSid });
    return { deleted: true, queue_sid: params.queue_sid };
  },
});

export const queuesFetch = defineOperation({
  op: 'queues.fetch',
  summary: 'Read one queue (size, average wait)',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Queues/{QueueSid}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ queue_sid: sid }),
  run: (params, context) => context.telnyx.texml.accounts.queues.retrieve(params.queue_sid, { account_sid: context.settings.accountSid }),
});

export const queuesList = defineOperation({
  op: 'queues.list',
  summary: 'List queues (one page)',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Queues',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ date_created: isoDate.optional(), ...pageFields }),
  run: async (params, context) => {
    // One page, as Telnyx answers it; the SDK's auto-paginator is not used (it skips page 1, see docs/emulator.md).
    const page = await context.telnyx.texml.accounts.queues.list(
      context.settings.accountSid,
      compact({ DateCreated: params.date_created, Page: params.page ?? 0, PageSize: params.page_size }),
    );
    return { queues: page.getPaginatedItems(), page: params.page ?? 0 };
  },
});
