import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, readEnvironmentValue, type Config } from '../../config';
import { loadFlowSet } from '../../flows/load-flow-set';
import type { BullmqOperationProducer } from '../../jobs/bullmq-operation-producer';
import { createOperationProducer } from '../job-services';
import { OperationValidationError } from '../../jobs/operation-validation-error';
import { createLogger, type Logger } from '../../logging';

/** Where a job command writes; tests pass buffers. */
export interface JobCommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const processJobIo: JobCommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** Config and a quiet logger for a one-shot command; a config problem is printed and exits 1. */
export function commandSetup(io: JobCommandIo): { config: Config; logger: Logger } {
  try {
    const config = loadConfig();
    const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, pretty: config.logPretty, secretValues: config.secretValues });
    return { config, logger };
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`texml-router: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export interface CallOptions {
  to: string;
  from: string;
  flow: string;
  var: Record<string, string>;
  machineDetection?: string;
  idempotencyKey?: string;
  /** Seconds. */
  delay?: number;
  wait?: boolean;
  waitSeconds?: number;
}

/** Enqueues calls.create; with --wait, waits for the outcome. Returns the exit code. */
export async function runCall(options: CallOptions, producer: BullmqOperationProducer, io: JobCommandIo): Promise<number> {
  try {
    await producer.waitForConnection(5000);
    const { jobId } = await producer.submit({
      op: 'calls.create',
      params: {
        to: options.to,
        from: options.from,
        flow: options.flow,
        ...(Object.keys(options.var).length > 0 ? { vars: options.var } : {}),
        ...(options.machineDetection ? { machine_detection: options.machineDetection } : {}),
      },
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.delay ? { delayMs: options.delay * 1000 } : {}),
      origin: { source: 'cli' },
    });
    io.out(`enqueued calls.create ${options.from} -> ${options.to} (flow ${options.flow}): job ${jobId}\n`);
    if (!options.wait) return 0;
    const status = await producer.waitUntilFinished(jobId, (options.waitSeconds ?? 60) * 1000);
    io.out(`${JSON.stringify(status, null, 2)}\n`);
    return status?.state === 'completed' ? 0 : 1;
  } catch (error) {
    if (error instanceof OperationValidationError) {
      io.err(`texml-router call: ${error.message}\n`);
      return 2;
    }
    io.err(`texml-router call: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function collectVar(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected NAME=VALUE, got ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function registerCallCommand(program: Command): void {
  program
    .command('call')
    .description('place an outbound call that runs a flow (enqueues a calls.create job)')
    .requiredOption('--to <number>', 'number to call, E.164 (+13125550100) or sip:')
    .requiredOption('--from <number>', 'caller id: one of your Telnyx numbers')
    .requiredOption('--flow <name>', 'flow the call runs when answered')
    .option('--var <name=value>', 'flow variable (repeatable)', collectVar, {})
    .option('--machine-detection <mode>', 'Enable | DetectMessageEnd')
    .option('--idempotency-key <key>', 'the same key twice is one call')
    .option('--delay <seconds>', 'place the call later', (v) => Number(v))
    .option('--wait', 'wait for the job to finish and print its status')
    .action(async (options: CallOptions) => {
      const { config, logger } = commandSetup(processJobIo);
      // The flow named must exist (refused at enqueue otherwise, as by the admin API).
      const { set } = await loadFlowSet({ flowsDir: config.flowsDir, routesDir: config.routesDir }, { readEnv: readEnvironmentValue });
      const producer = createOperationProducer(config, logger, undefined, { current: set });
      const code = await runCall(options, producer, processJobIo);
      await producer.close();
      process.exitCode = code;
    });
}
