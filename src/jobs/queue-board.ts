import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Router } from 'express';

/** Bull Board over the job queues, served at `basePath` (the caller guards it with ADMIN_TOKEN). */
export function queueBoard(queues: Queue[], basePath = '/admin/queues'): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: false })), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'texml-router jobs' } } });
  return adapter.getRouter() as Router;
}
