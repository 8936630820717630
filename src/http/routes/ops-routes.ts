import express, { Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { JobsUnavailableError } from '../../jobs/jobs-unavailable-error';
import type { JobStatus } from '../../jobs/job-status';
import type { OperationSubmission } from '../../jobs/operation-producer-options';
import { OperationValidationError } from '../../jobs/operation-validation-error';
import { prototypeKeyPaths } from '../../jobs/validate-operation';

/** What the admin API needs from the job layer (the BullMQ producer in the service). */
export interface OperationsAdmin {
  submit(submission: OperationSubmission): Promise<{ jobId: string }>;
  /** A job by its id, or by the idempotency key it was submitted with. */
  status(idOrKey: string): Promise<JobStatus | undefined>;
}

export interface OpsRouteDependencies {
  /** Absent when this process has no job producer: the routes answer 503. */
  operations: OperationsAdmin | undefined;
  logger: Logger;
}

const requestSchema = z.strictObject({
  op: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  idempotencyKey: z.string().min(1).max(256).optional(),
  /** Seconds before the job may run (as a flow's `delay:`). */
  delay: z.number().min(0).max(30 * 24 * 3600).optional(),
});

/**
 * POST /api/ops {op, params, idempotencyKey?, delay?} -> 202 {jobId}; 422 with the problem when the
 * op or its params are wrong. GET /api/ops/:id -> state, attempts, result, last error. The caller
 * mounts the admin guard in front.
 */
export function opsRoutes(deps: OpsRouteDependencies): Router {
  const router = Router();
  router.use('/api/ops', express.json({ limit: '64kb' }));

  router.post('/api/ops', async (req, res) => {
    if (!deps.operations) {
      res.status(503).json({ error: 'JOBS_NOT_CONFIGURED', message: 'this process has no job producer' });
      return;
    }
    // Before the schema copies the body (a copy turns `__proto__` into a prototype and drops the key).
    const prototypeKeys = prototypeKeyPaths(req.body);
    if (prototypeKeys.length > 0) {
      const error = new OperationValidationError(typeof req.body?.op === 'string' ? req.body.op : '(request)', prototypeKeys.map((field) => ({ field, message: 'is not allowed (a prototype key)' })));
      res.status(422).json({ error: error.code, message: error.message, op: error.op, problems: error.problems });
      return;
    }
    const parsed = requestSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(422).json({
        error: 'REQUEST_INVALID',
        message: 'expected {op, params?, idempotencyKey?, delay? (seconds)}',
        problems: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
      });
      return;
    }
    const { op, params, idempotencyKey, delay } = parsed.data;
    try {
      const { jobId } = await deps.operations.submit({
        op,
        params: params ?? {},
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(delay ? { delayMs: delay * 1000 } : {}),
        origin: { source: 'api' },
      });
      deps.logger.info({ op, jobId }, 'operation enqueued by the admin API');
      res.status(202).location(`/api/ops/${encodeURIComponent(jobId)}`).json({ jobId });
    } catch (error) {
      if (error instanceof OperationValidationError) {
        res.status(422).json({ error: error.code, message: error.message, op: error.op, problems: error.problems });
        return;
      }
      if (error instanceof JobsUnavailableError) {
        if (error.counted) res.locals.redisOutage = true;
        res.status(503).set('Retry-After', '5').json({ error: error.code, message: error.message });
        return;
      }
      throw error;
    }
  });

  router.get('/api/ops/:id', async (req, res) => {
    if (!deps.operations) {
      res.status(503).json({ error: 'JOBS_NOT_CONFIGURED', message: 'this process has no job producer' });
      return;
    }
    try {
      const status = await deps.operations.status(req.params.id);
      if (!status) {
        res.status(404).json({ error: 'NOT_FOUND', message: `no job ${req.params.id} (finished jobs are kept for a limited time)` });
        return;
      }
      res.json(status);
    } catch (error) {
      if (error instanceof JobsUnavailableError) {
        res.status(503).set('Retry-After', '5').json({ error: error.code, message: error.message });
        return;
      }
      throw error;
    }
  });
  return router;
}
