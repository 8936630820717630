import { Router } from 'express';
import type { ServiceMetrics } from '../metrics/service-metrics';

export function metricsRoutes(metrics: ServiceMetrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
