import type { Command } from 'commander';
import { readEnvironmentValue, type Config } from '../../config';
import { formatDiagnostic } from '../../flows/flow-diagnostic';
import { loadFlowSet } from '../../flows/load-flow-set';
import type { BullmqOperationProducer } from '../../jobs/bullmq-operation-producer';
import { createOperationProducer } from '../../jobs/job-services';
import { commandSetup, processJobIo, type JobCommandIo } from './call-command';

export interface SecretsSyncOptions {
  wait?: boolean;
  waitSeconds?: number;
}

/**
 * `secrets sync`: one secrets.upsert job per secret in the manifest (`secrets:` in routes files).
 * Jobs carry the secret's name and its environment variable's name only; the worker reads the
 * value when it runs the job, so no value is written to Redis or printed. Returns the exit code.
 */
export async function runSecretsSync(
  config: Pick<Config, 'flowsDir' | 'routesDir'>,
  producer: BullmqOperationProducer,
  io: JobCommandIo,
  options: SecretsSyncOptions = {},
  readEnv: (name: string) => string | undefined = (name) => readEnvironmentValue(name),
): Promise<number> {
  const outcome = await loadFlowSet({ flowsDir: config.flowsDir, routesDir: config.routesDir }, { readEnv });
  if (!outcome.set) {
    io.err(`texml-router secrets sync: the flows do not load:\n${outcome.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}\n`);
    return 1;
  }
  const secrets = [...outcome.set.secrets.entries()];
  if (secrets.length === 0) {
    io.out('no secrets declared (secrets: in the routes files): nothing to sync\n');
    return 0;
  }
  try {
    await producer.waitForConnection(5000);
    const jobs: Array<{ name: string; jobId: string }> = [];
    for (const [name, { env }] of secrets) {
      const { jobId } = await producer.submit({ op: 'secrets.upsert', params: { name, env }, origin: { source: 'secrets-sync' } });
      jobs.push({ name, jobId });
      const note = readEnv(env) === undefined ? ` (note: ${env} is not set here; the worker reads it when it runs the job)` : '';
      io.out(`secret ${name} <- $${env}: job ${jobId}${note}\n`);
    }
    if (!options.wait) return 0;
    let failures = 0;
    for (const { name, jobId } of jobs) {
      const status = await producer.waitUntilFinished(jobId, (options.waitSeconds ?? 60) * 1000);
      const ok = status?.state === 'completed';
      if (!ok) failures += 1;
      io.out(`secret ${name}: ${ok ? 'stored' : `${status?.state ?? 'unknown'}: ${status?.lastError?.message ?? ''}`}\n`);
    }
    return failures === 0 ? 0 : 1;
  } catch (error) {
    io.err(`texml-router secrets sync: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export function registerSecretsCommand(program: Command): void {
  const secrets = program.command('secrets').description('TeXML secrets named in the secrets manifest');
  secrets
    .command('sync')
    .description('upsert every secret of the manifest into Telnyx, each value read by the worker from its environment')
    .option('--wait', 'wait for every job and report')
    .action(async (options: SecretsSyncOptions) => {
      const { config, logger } = commandSetup(processJobIo);
      const producer = createOperationProducer(config, logger);
      const code = await runSecretsSync(config, producer, processJobIo, options);
      await producer.close();
      process.exitCode = code;
    });
}
