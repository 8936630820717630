import type { Logger } from 'pino';
import { ConfigError, loadConfigWith, serviceClockFrom, type Config, type Environment } from '../config';
import type { ServiceClock } from '../clock';
import { ErrorHandler } from '../errors';
import { createLogger } from '../logging';
import { chooseEd25519Engine } from '../telnyx/create-ed25519-engine';
import { sayEd25519Engine } from './say-ed25519-engine';
import { Ed25519EngineUnavailableError } from '../telnyx/ed25519-engine-unavailable-error';

export interface ServiceRuntime {
  config: Config;
  logger: Logger;
  errorHandler: ErrorHandler;
  /** The time the service goes by: the wall clock, or a controlled one in development (src/clock). */
  clock: ServiceClock;
  /** Registers work to run on SIGTERM/SIGINT, in reverse order of registration. */
  onShutdown(name: string, task: () => Promise<void>): void;
}

export interface RuntimeOptions {
  /** Variables set on the command line (`serve --processes 2` is WEB_PROCESSES=2), over the environment. */
  environment?: Environment;
  /** True in a process that would supervise a cluster when WEB_PROCESSES > 1 (node:cluster's primary). */
  clusterPrimary?: boolean;
}

/**
 * Loads config (or prints every problem and exits 1 before anything starts), builds the logger
 * and the error handler, and owns graceful shutdown.
 */
export function startRuntime(role: string, overrides: Partial<Pick<Config, 'clockStartMs' | 'clockRate'>> = {}, options: RuntimeOptions = {}): ServiceRuntime {
  let config: Config;
  let clock: ServiceClock;
  let signatureEngine: ReturnType<typeof chooseEd25519Engine> | undefined;
  try {
    config = { ...loadConfigWith(options.environment ?? {}), ...overrides };
    clock = serviceClockFrom(config);
    // WEBHOOK_VERIFY_ENGINE=libsodium on a machine without it stops here, with the reason.
    if (config.webhookVerify && config.telnyxPublicKey && role !== 'worker') signatureEngine = chooseEd25519Engine(config.webhookVerifyEngine);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof Ed25519EngineUnavailableError) {
      process.stderr.write(`texml-router: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.logPretty, secretValues: config.secretValues, base: { role, pid: process.pid } });
  const errorHandler = new ErrorHandler(logger, () => {
    void shutdown('fatal error', 1);
  });
  errorHandler.installProcessHooks();

  // The primary of a process cluster leaves start-up advice to its processes (said once each).
  if (!(options.clusterPrimary && config.webProcesses > 1 && role !== 'worker')) {
    if (config.webhookVerifyDisabledExplicitly) {
      logger.warn('WEBHOOK_VERIFY=off: webhook signatures are NOT verified; anyone who can reach this service can drive calls');
    }
    if (config.webhookVerify && config.telnyxPublicKey && role !== 'worker') {
      // docs/security.md: on a GET Telnyx signs the timestamp only, so its query could be anyone's.
      logger.warn("webhook signatures are verified: GET webhooks are refused (405), because Telnyx signs only a GET's timestamp; set the TeXML application's voice and status callback methods to POST");
    }
    if (signatureEngine) sayEd25519Engine(logger, signatureEngine);
    if (clock.controlled) {
      logger.warn({ clock: new Date(clock.now()).toISOString(), rate: clock.rate }, `CONTROLLED CLOCK: the service goes by ${clock.describe()}, not the real time (development only)`);
    }
    if (config.flowStateSecretIsEphemeral) {
      logger.warn('FLOW_STATE_SECRET is not set: using a per-process random key, so calls cannot move between processes or restarts');
    }
  }

  const tasks: { name: string; task: () => Promise<void> }[] = [];
  let shuttingDown = false;
  async function shutdown(reason: string, exitCode: number): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ reason, deadlineMs: config.shutdownTimeoutMs }, 'shutting down');
    const hardStop = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting now');
      process.exit(exitCode || 1);
    }, config.shutdownTimeoutMs + 2000);
    hardStop.unref();
    for (const { name, task } of [...tasks].reverse()) {
      try {
        await task();
        logger.debug({ task: name }, 'shutdown step done');
      } catch (error) {
        errorHandler.handle(error, { source: 'shutdown', task: name });
      }
    }
    logger.info('stopped');
    logger.flush();
    setImmediate(() => process.exit(exitCode));
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.once('SIGINT', () => void shutdown('SIGINT', 0));

  return {
    config,
    logger,
    errorHandler,
    clock,
    onShutdown: (name, task) => tasks.push({ name, task }),
  };
}
