import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { CampaignDefinitionError } from '../../campaigns/campaign-definition-error';
import type { CampaignProgress } from '../../campaigns/campaign-progress';
import type { CampaignService } from '../../campaigns/campaign-service';
import { createCampaignRedis, createCampaignService } from '../campaign-services';
import type { CampaignAction } from '../../campaigns/campaign-store';
import { formatProgress, formatProgressLine } from '../../campaigns/format-progress';
import { loadCampaignDefinition, type CampaignLoadOptions } from '../../campaigns/load-campaign-definition';
import { readEnvironmentValue } from '../../config';
import { AppError } from '../../errors/app-error';
import type { CompiledFlowSet } from '../../flows/compiled-flow';
import { formatDiagnostic, sortDiagnostics } from '../../source/flow-diagnostic';
import { loadFlowSet } from '../../flows/load-flow-set';
import { commandSetup, processJobIo, type JobCommandIo } from './call-command';

/** Where campaign commands write, and how `--watch` waits (tests pass buffers and no-op waits). */
export interface CampaignCommandIo extends JobCommandIo {
  cwd: string;
  /** True when `out` is a terminal: --watch redraws one line instead of printing one per refresh. */
  isTty: boolean;
  wait(ms: number): Promise<void>;
  /** A file to write results to (`--output`). */
  openOutput(path: string): Writable;
}

export const processCampaignIo: CampaignCommandIo = {
  ...processJobIo,
  cwd: process.cwd(),
  isTty: Boolean(process.stdout.isTTY),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  openOutput: (path) => createWriteStream(path),
};

const FINAL_STATES = new Set(['completed', 'cancelled']);

function failure(io: CampaignCommandIo, command: string, error: unknown): number {
  if (error instanceof CampaignDefinitionError) {
    for (const d of sortDiagnostics(error.diagnostics)) io.err(`${formatDiagnostic(d)}\n`);
    return 1;
  }
  io.err(`texml-router campaign ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  return error instanceof AppError && error.httpStatus < 500 ? 1 : 2;
}

/** `campaign validate <file>`: 0 when usable (warnings printed), 1 with the errors. */
export async function runCampaignValidate(file: string, options: CampaignLoadOptions, io: CampaignCommandIo): Promise<number> {
  const path = resolve(io.cwd, file);
  const { definition, diagnostics } = loadCampaignDefinition(relative(io.cwd, path), await readFile(path, 'utf8'), options);
  for (const d of sortDiagnostics(diagnostics)) io.err(`${formatDiagnostic(d)}\n`);
  if (!definition) return 1;
  io.out(`${relative(io.cwd, path)}: campaign ${definition.name} is valid (flow ${definition.flow})\n`);
  return 0;
}

/** `campaign create <file> [--start]`: prints the id (first line) and the import report. */
export async function runCampaignCreate(file: string, options: { start?: boolean; json?: boolean }, service: CampaignService, io: CampaignCommandIo): Promise<number> {
  try {
    const path = resolve(io.cwd, file);
    const created = await service.create({ path: relative(io.cwd, path), text: await readFile(path, 'utf8'), baseDir: dirname(path) });
    const state = options.start ? await service.transition(created.id, 'start') : created.state;
    if (options.json) {
      io.out(`${JSON.stringify({ id: created.id, state, warnings: created.warnings, contacts: created.contacts, doNotCall: created.doNotCall }, null, 2)}\n`);
      return 0;
    }
    io.out(`${created.id}\n`);
    for (const d of created.warnings) io.err(`${formatDiagnostic(d)}\n`);
    const report = created.contacts;
    if (report) {
      io.out(`contacts: ${report.rows} rows, ${report.imported} imported, ${report.duplicates} duplicates, ${report.invalid} invalid\n`);
      for (const problem of report.problems.slice(0, 20)) io.out(`  line ${problem.line}: ${problem.message}\n`);
      if (report.invalid > 20) io.out(`  (first 20 of ${report.invalid}; all in \`campaign status ${created.id}\`)\n`);
      for (const warning of report.warnings) io.err(`warning: ${warning}\n`);
    } else {
      io.out(`no contacts yet: POST a CSV to /api/campaigns/${created.id}/contacts\n`);
    }
    if (created.doNotCall) io.out(`do-not-call file: ${created.doNotCall.added} numbers${created.doNotCall.problems.length ? `, ${created.doNotCall.problems.length} lines that are not numbers` : ''}\n`);
    io.out(`state: ${state}${state === 'draft' ? ` (start it with: texml-router campaign start ${created.id})` : ''}\n`);
    return 0;
  } catch (error) {
    return failure(io, 'create', error);
  }
}

export async function runCampaignAction(action: CampaignAction, id: string, service: CampaignService, io: CampaignCommandIo): Promise<number> {
  try {
    const state = await service.transition(id, action);
    io.out(`${id}: ${state}\n`);
    return 0;
  } catch (error) {
    return failure(io, action, error);
  }
}

/** `campaign status <id> [--watch] [--json]`; with --watch, refreshes until the campaign is final. */
export async function runCampaignStatus(id: string, options: { watch?: boolean; json?: boolean; intervalSeconds?: number }, service: CampaignService, io: CampaignCommandIo): Promise<number> {
  try {
    if (!options.watch) {
      const progress = await service.progress(id);
      io.out(options.json ? `${JSON.stringify(progress, null, 2)}\n` : formatProgress(progress));
      return 0;
    }
    let progress: CampaignProgress;
    io.out(`${id}\n`);
    for (;;) {
      progress = await service.progress(id);
      const line = formatProgressLine(progress);
      io.out(io.isTty ? `\r\x1b[2K${line}` : `${line}\n`);
      if (FINAL_STATES.has(progress.state)) break;
      await io.wait((options.intervalSeconds ?? 1) * 1000);
    }
    io.out(`${io.isTty ? '\n' : ''}${formatProgress(progress)}`);
    return 0;
  } catch (error) {
    return failure(io, 'status', error);
  }
}

export async function runCampaignResults(id: string, options: { output?: string }, service: CampaignService, io: CampaignCommandIo): Promise<number> {
  try {
    await service.progress(id);
    if (!options.output) {
      const sink = new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          io.out(chunk.toString());
          done();
        },
      });
      await service.writeResults(id, sink);
      return 0;
    }
    const file = io.openOutput(resolve(io.cwd, options.output));
    await service.writeResults(id, file);
    await new Promise<void>((done, fail) => file.end((error?: Error | null) => (error ? fail(error) : done())));
    io.err(`wrote ${options.output}\n`);
    return 0;
  } catch (error) {
    return failure(io, 'results', error);
  }
}

export async function runCampaignList(service: CampaignService, io: CampaignCommandIo): Promise<number> {
  const campaigns = await service.list();
  if (campaigns.length === 0) io.out('no campaigns\n');
  for (const c of campaigns) io.out(`${c.id.padEnd(40)} ${c.state.padEnd(10)} ${c.done}/${c.total} done  created ${c.createdAt ?? '?'}\n`);
  return 0;
}

export async function runDoNotCall(action: 'add' | 'remove', numbers: string[], options: { campaign?: string }, service: CampaignService, io: CampaignCommandIo): Promise<number> {
  try {
    if (action === 'add') {
      const result = await service.addDoNotCall(numbers, options.campaign);
      io.out(`added ${result.added} number(s) to the ${options.campaign ? `do-not-call list of ${options.campaign}` : 'global do-not-call list'}\n`);
      for (const bad of result.invalid) io.err(`not added: ${bad.number}: ${bad.problem}\n`);
      return result.invalid.length > 0 ? 1 : 0;
    }
    let code = 0;
    for (const number of numbers) {
      const removed = await service.removeDoNotCall(number, options.campaign);
      io.out(`${number}: ${removed ? 'removed' : 'was not on the list'}\n`);
      if (!removed) code = 1;
    }
    return code;
  } catch (error) {
    return failure(io, `dnc ${action}`, error);
  }
}

/** Config, the flows (for create/validate), Redis and the service; closes Redis after `run`. */
async function withService(needFlows: boolean, run: (service: CampaignService) => Promise<number>): Promise<void> {
  const io = processCampaignIo;
  const { config, logger } = commandSetup(io);
  let flows: CompiledFlowSet | undefined;
  if (needFlows) {
    const outcome = await loadFlowSet({ flowsDir: config.flowsDir, routesDir: config.routesDir }, { readEnv: readEnvironmentValue });
    if (!outcome.set) {
      io.err(`texml-router campaign: the flows do not load, so the campaign's flow cannot be checked:\n${outcome.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}\n`);
      process.exitCode = 1;
      return;
    }
    flows = outcome.set;
  }
  const redis = createCampaignRedis(config.redis);
  redis.on('error', () => undefined);
  try {
    process.exitCode = await run(createCampaignService(config, logger, { current: flows }, redis));
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export function registerCampaignCommand(program: Command): void {
  const campaign = program.command('campaign').description('outbound campaigns: create from YAML, start, pause, resume, cancel, watch progress, results');
  campaign
    .command('validate <file>')
    .description('check a campaign file against the flows (no Redis needed)')
    .action(async (file: string) => {
      const io = processCampaignIo;
      const { config } = commandSetup(io);
      const outcome = await loadFlowSet({ flowsDir: config.flowsDir, routesDir: config.routesDir }, { readEnv: readEnvironmentValue });
      if (!outcome.set) io.err('warning: the flows do not load, so the campaign\'s flow is not checked\n');
      process.exitCode = await runCampaignValidate(file, { flows: outcome.set, defaultRegion: config.campaignDefaultRegion, dialsPerSecondCap: config.telnyxDialsPerSecond }, io);
    });
  campaign
    .command('create <file>')
    .description('create a campaign from a YAML file and import its contacts (state: draft)')
    .option('--start', 'start it right away')
    .option('--json', 'print the result as JSON')
    .action((file: string, options: { start?: boolean; json?: boolean }) => withService(true, (service) => runCampaignCreate(file, options, service, processCampaignIo)));
  for (const action of ['start', 'pause', 'resume', 'cancel'] as const) {
    campaign
      .command(`${action} <id>`)
      .description(`${action} a campaign`)
      .action((id: string) => withService(false, (service) => runCampaignAction(action, id, service, processCampaignIo)));
  }
  campaign
    .command('status <id>')
    .description('counts by state and outcome, rate and ETA')
    .option('--watch', 'refresh with a live progress bar until the campaign is completed or cancelled')
    .option('--interval <seconds>', 'refresh every N seconds with --watch (default 1)', (v) => Number(v))
    .option('--json', 'print the progress as JSON')
    .action((id: string, options: { watch?: boolean; json?: boolean; interval?: number }) =>
      withService(false, (service) => runCampaignStatus(id, { ...options, ...(options.interval ? { intervalSeconds: options.interval } : {}) }, service, processCampaignIo)),
    );
  campaign
    .command('results <id>')
    .description('one CSV row per contact: outcome, attempts, last call sid, AMD, duration')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((id: string, options: { output?: string }) => withService(false, (service) => runCampaignResults(id, options, service, processCampaignIo)));
  campaign
    .command('list')
    .description('campaigns, newest first')
    .action(() => withService(false, (service) => runCampaignList(service, processCampaignIo)));
  const dnc = campaign.command('dnc').description('the do-not-call list, checked at the moment of dialing');
  dnc
    .command('add <numbers...>')
    .option('--campaign <id>', "one campaign's list instead of the global one")
    .action((numbers: string[], options: { campaign?: string }) => withService(false, (service) => runDoNotCall('add', numbers, options, service, processCampaignIo)));
  dnc
    .command('remove <numbers...>')
    .option('--campaign <id>', "one campaign's list instead of the global one")
    .action((numbers: string[], options: { campaign?: string }) => withService(false, (service) => runDoNotCall('remove', numbers, options, service, processCampaignIo)));
}
