import { join } from 'node:path';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../../src/config';
import { ErrorHandler } from '../../../src/errors';
import { FlowSetHolder } from '../../../src/flows/flow-set-holder';
import { createApp } from '../../../src/http/create-app';
import { ServiceMetrics } from '../../../src/http/metrics/service-metrics';
import type { AppDependencies } from '../../../src/http/app-dependencies';
import { createLogger } from '../../../src/logging';
import { WatchedLog } from './watched-log';

export const fixturesDir = join(__dirname, '..', 'fixtures');

/** The service's app with the given job parts, the jobs fixture flows and a log to assert on. */
export async function adminApp(
  env: Record<string, string>,
  parts: Pick<AppDependencies, 'producer' | 'operations' | 'redisProbe'> & { metrics?: ServiceMetrics; flowsDir?: string; routesDir?: string },
): Promise<{ app: Express; logs: WatchedLog; config: Config; metrics: ServiceMetrics }> {
  const config = loadConfig({ FLOW_STATE_SECRET: 'jobs-test-state-secret-0123456789abcdef', PUBLIC_BASE_URL: 'https://router.test', ...env }, false);
  const logs = new WatchedLog();
  const logger = createLogger({ level: 'debug', pretty: false, secretValues: config.secretValues, destination: logs });
  const flows = new FlowSetHolder(
    { flowsDir: parts.flowsDir ?? join(fixturesDir, 'flows'), routesDir: parts.routesDir ?? join(fixturesDir, 'routes') },
    { readEnv: () => undefined },
    logger,
  );
  await flows.load();
  const metrics = parts.metrics ?? new ServiceMetrics({ defaultMetrics: false });
  const app = createApp({
    config,
    logger,
    errorHandler: new ErrorHandler(logger),
    flows,
    metrics,
    ...(parts.producer ? { producer: parts.producer } : {}),
    ...(parts.operations ? { operations: parts.operations } : {}),
    ...(parts.redisProbe ? { redisProbe: parts.redisProbe } : {}),
  });
  return { app, logs, config, metrics };
}
