import { Router } from 'express';

export interface ReadinessProbe {
  /** Facts reported by /readyz; `ready` decides the status code. */
  (): Promise<{ ready: boolean; [fact: string]: unknown }>;
}

export function healthRoutes(readiness: ReadinessProbe): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await readiness();
    res.status(report.ready ? 200 : 503).json(report);
  });
  return router;
}
