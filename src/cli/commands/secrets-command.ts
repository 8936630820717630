import type { Command } from 'commander';
import { readEnvironmentValue, type Config } from '../../config';
import { formatDiagnostic } from '../../source/flow-diagnostic';
import { loadFlowSet } from '../../flows/load-flow-set';
import type { BullmqOperationProducer } from '../../jobs/bullmq-operation-producer';
import { createOperationProducer } from '../job-services';
import { commandSetup, processJobIo, type JobCommandIo } from './call-command';

export interface SecretsSyncOptions {
  wait?: boolean;
  waitSeconds?: number;
  /** Sync only these secrets (names from the manifest). */
  only?: string[];
}

/**
 * `secrets sync`: one secrets.upsert job per secret in the manifest (`secrets:` in routes files).
 * Jobs carry the secret's name and its environment variable's name only; the worker reads the
 * value when it runs the job, so no value is written to Redis or printed. A secret that cannot be
 * synced does not stop the others: every one is tried, and the end names each that failed and
 * why (exit 1). Returns the exit code.
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
  const declared = [...outcome.set.secrets.entries()];
  const only = options.only ?? [];
  const unknown = only.filter((name) => !outcome.set!.secrets.has(name));
  if (unknown.length > 0) {
    const names = declared.map(([name]) => name).join(', ') || '(none)';
    io.err(`texml-router secrets sync: --only names ${unknown.map((n) => `'${n}'`).join(', ')}, not in the manifest (secrets: ${names})\n`);
    return 2;
  }
  const secrets = only.length > 0 ? declared.filter(([name]) => only.includes(name)) : declared;
  if (secrets.length === 0) {
    io.out('no secrets declared (secrets: in the routes files): nothing to sync\n');
    return 0;
  }
  const failed: Array<{ name: string; env: string; reason: string }> = [];
  try {
    await producer.waitForConnection(5000);
  } catch (error) {
    io.err(`texml-router secrets sync: ${error instanceof Error ? error.message : String(error)}; nothing was synced\n`);
    return 1;
  }
  const jobs: Array<{ name: string; env: string; jobId: string }> = [];
  for (const [name, { env }] of secrets) {
    try {
      const { jobId } = await producer.submit({ op: 'secrets.upsert', params: { name, env }, origin: { source: 'secrets-sync' } });
      jobs.push({ name, env, jobId });
      const note = readEnv(env) === undefined ? ` (note: ${env} is not set here; the worker reads it when it runs the job)` : '';
      io.out(`secret ${name} <- $${env}: job ${jobId}${note}\n`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failed.push({ name, env, reason });
      io.out(`secret ${name} <- $${env}: not enqueued: ${reason}\n`);
    }
  }
  if (options.wait) {
    for (const { name, env, jobId } of jobs) {
      try {
        const status = await producer.waitUntilFinished(jobId, (options.waitSeconds ?? 60) * 1000);
        const ok = status?.state === 'completed';
        const reason = `${status?.state ?? 'unknown'}: ${status?.lastError?.message ?? 'no result'}`;
        if (!ok) failed.push({ name, env, reason });
        io.out(`secret ${name}: ${ok ? 'stored' : reason}\n`);
      } catch (error) {
        failed.push({ name, env, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (failed.length === 0) return 0;
  io.err(
    `texml-router secrets sync: ${failed.length} of ${secrets.length} secret(s) not synced:\n${failed.map((f) => `  ${f.name} ($${f.env}): ${f.reason}`).join('\n')}\n` +
      `(the others were ${options.wait ? 'stored' : 'enqueued'}; fix these and run again with --only ${failed.map((f) => f.name).join(' --only ')})\n`,
  );
  return 1;
}

export function registerSecretsCommand(program: Command): void {
  const secrets = program.command('secrets').description('TeXML secrets named in the secrets manifest');
  secrets
    .command('sync')
    .description('upsert every secret of the manifest into Telnyx, each value read by the worker from its environment')
    .option('--wait', 'wait for every job and report')
    .option('--only <name>', 'sync only this secret (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .action(async (options: SecretsSyncOptions) => {
      const { config, logger } = commandSetup(processJobIo);
      const producer = createOperationProducer(config, logger);
      const code = await runSecretsSync(config, producer, processJobIo, options);
      await producer.close();
      process.exitCode = code;
    });
}
