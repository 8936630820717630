import type { ServiceClock } from '../clock';
import { ServiceUrls } from '../urls/service-urls';
import type { Logger } from 'pino';
import { describeRedisTarget, readEnvironmentValue, type Config } from '../config';
import { resolveTelnyxSettings } from '../telnyx/telnyx-settings';
import { attemptsSpanning } from '../jobs/backoff-strategy';
import { BullmqOperationProducer } from '../jobs/bullmq-operation-producer';
import type { JobRoleOptions } from '../jobs/job-role-options';
import { JobWorker } from '../jobs/job-worker';
import { NotifySender } from '../events/notify-sender';
import { RedisAvailability } from '../jobs/redis-availability';
import { loadSecretsManifest } from '../flows/load-secrets-manifest';
import type { FlowSetSource } from '../flows/flow-set-holder';
import { ReplicaWait } from '../redis/replica-wait';

/** The producer every entry point uses (web, CLI), configured from config. */
export function createOperationProducer(config: Config, logger: Logger, availability?: RedisAvailability, flows?: FlowSetSource, clock?: ServiceClock): BullmqOperationProducer {
  return new BullmqOperationProducer({
    ...(clock ? { clock } : {}),
    redisTarget: config.redis,
    replicaWait: new ReplicaWait(config.redisWait),
    prefix: config.queuePrefix,
    attempts: config.jobAttempts,
    backoffBaseMs: config.jobBackoffBaseMs,
    ...(config.notifyRetryWindowSeconds > 0
      ? { notifyAttempts: attemptsSpanning(config.notifyRetryWindowSeconds * 1000, config.jobBackoffBaseMs, config.jobBackoffCapMs) }
      : {}),
    logger,
    availability: availability ?? new RedisAvailability(logger, describeRedisTarget(config.redis)),
    ...(flows ? { flows } : {}),
  });
}

/** The worker role, configured from config. Throws when Telnyx settings are missing (not local). */
export function createJobWorker(
  config: Config,
  logger: Logger,
  extras: JobRoleOptions = {},
): JobWorker {
  return new JobWorker({
    redisTarget: config.redis,
    replicaWait: new ReplicaWait(config.redisWait),
    prefix: config.queuePrefix,
    concurrency: extras.concurrency ?? config.workerConcurrency,
    backoffBaseMs: config.jobBackoffBaseMs,
    backoffCapMs: config.jobBackoffCapMs,
    lockDurationMs: config.jobLockDurationMs,
    stalledIntervalMs: config.jobStalledIntervalMs,
    dialsPerSecond: config.telnyxDialsPerSecond,
    reconcileDelayMs: config.dialReconcileDelayMs,
    telnyx: resolveTelnyxSettings(config),
    publicBaseUrl: config.publicBaseUrl,
    urls: ServiceUrls.fromConfig(config),
    readEnv: (name) => readEnvironmentValue(name),
    // Read per secrets.upsert job: the routes files may have changed since the worker started.
    secretsManifest: () => loadSecretsManifest({ flowsDir: config.flowsDir, routesDir: config.routesDir }),
    notify: (() => {
      const sender = new NotifySender(config.notifySigningSecret);
      return { send: (request: { url: string; payload: unknown }) => sender.send(request), defaultUrl: config.notifyUrl, eventRetentionSeconds: config.eventRetentionDays * 24 * 3600 };
    })(),
    logger,
    ...(extras.metrics ? { metrics: extras.metrics } : {}),
    ...(extras.errorHandler ? { errorHandler: extras.errorHandler } : {}),
    availability: extras.availability ?? new RedisAvailability(logger, describeRedisTarget(config.redis)),
  });
}
