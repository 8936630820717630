import { Router } from 'express';
import type { ServiceMetrics } from '../metrics/service-metrics';

/** `collect`: the metrics of every process of a cluster (ClusterMetricsClient); else this process's. */
export function metricsRoutes(metrics: ServiceMetrics, collect?: () => Promise<string>): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(collect ? await collect() : await metrics.registry.metrics());
  });
  return router;
}
