import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parseClockStart } from '../../clock';
import { ConfigError, loadConfig, type Config } from '../../config';
import { formatDiagnostic } from '../../source/flow-diagnostic';
import type { ScenarioResult } from '../../simulator/scenario-result';
import type { ScenarioRunner } from '../../simulator/scenario-runner';
import { processIo, runCommand, type CliIo } from '../cli-io';

interface SimulateOptions {
  scenario?: string;
  clock?: string;
  name?: string;
  url?: string;
  flows?: string;
  routes?: string;
  verbose?: boolean;
  summary?: boolean;
  coverage?: boolean;
  minCoverage?: string;
  format: 'text' | 'json';
}

/** Runs `simulate` with the arguments after the command name; resolves to the exit code. */
export function runSimulate(args: readonly string[], io: CliIo, config?: Config): Promise<number> {
  return runCommand((setExitCode) => createSimulateCommand(io, setExitCode, config), args);
}

export function createSimulateCommand(io: CliIo, setExitCode: (code: number) => void, config?: Config): Command {
  return new Command('simulate')
    .description('play scripted calls through a flow (the real service and the Telnyx emulator) and check what happens')
    .argument('<flow>', 'the flow the scenarios run (scenarios may name another with flow:)')
    .option('--scenario <file>', 'scenario file (default: FLOWS_DIR/<flow>.scenarios.yaml)')
    .option('--name <text>', 'only scenarios whose name contains this')
    .option('--url <url>', 'play against a running service (e.g. http://127.0.0.1:3000) instead of one in this process')
    .option('--flows <dir>', 'flows directory (default FLOWS_DIR)')
    .option('--routes <dir>', 'routes directory (default ROUTES_DIR)')
    .option('--clock <iso-time>', "the clock of scenarios that name no 'at', e.g. 2026-12-08T10:00:00-06:00 (default: a Monday, 10:00 in Chicago)")
    .option('--verbose', 'print every TeXML answer in full, and the callbacks')
    .option('--summary', 'print only PASS/FAIL lines (and the transcript of failures)')
    .option('--coverage', 'report which steps and edges (texml-router graph) the scenarios exercised, per flow')
    .option('--min-coverage <percent>', 'with coverage: exit 1 when a flow the scenarios passed through is below this percentage')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .action(async (flow: string, options: SimulateOptions) => {
      setExitCode(await simulate(flow, options, io, config));
    });
}

async function simulate(flow: string, options: SimulateOptions, io: CliIo, given?: Config): Promise<number> {
  const fail = (message: string, code = 2) => {
    io.err(`texml-router simulate: ${message}\n`);
    return code;
  };
  let config: Config;
  try {
    config = given ?? loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const flowsDir = resolve(io.cwd, options.flows ?? config.flowsDir);
  const routesDir = resolve(io.cwd, options.routes ?? config.routesDir);
  const scenarioPath = resolve(io.cwd, options.scenario ?? `${flowsDir}/${flow}.scenarios.yaml`);
  if (!existsSync(scenarioPath)) return fail(`no scenario file ${relative(io.cwd, scenarioPath) || scenarioPath} (pass --scenario FILE)`);
  const minCoverage = options.minCoverage === undefined ? undefined : Number(options.minCoverage);
  if (minCoverage !== undefined && !(minCoverage >= 0 && minCoverage <= 100)) return fail(`--min-coverage must be a percentage 0-100; got ${options.minCoverage}`);
  if (options.url !== undefined && !/^https?:\/\/[^/]+/.test(options.url)) return fail(`--url must be an http(s) URL such as http://127.0.0.1:3000; got ${options.url}`);

  let defaultAt: number | undefined;
  if (options.clock !== undefined) {
    const parsed = parseClockStart(options.clock);
    if ('error' in parsed) return fail(`--clock ${parsed.error}`);
    defaultAt = parsed.ms;
  }

  // The simulator plays calls through the emulator: both load only when this command runs.
  const [{ loadScenarioFile }, { formatScenarioResult }, { ScenarioRunner: Runner }, { scenarioCoverage, formatCoverage }] = await Promise.all([
    import('../../simulator/scenario-file'),
    import('../../simulator/scenario-report'),
    import('../../simulator/scenario-runner'),
    import('../../simulator/scenario-coverage'),
  ]);
  const file = await loadScenarioFile(scenarioPath, relative(io.cwd, scenarioPath) || scenarioPath);
  for (const diagnostic of file.diagnostics) io.err(`${formatDiagnostic(diagnostic)}\n`);
  if (file.diagnostics.some((d) => d.severity === 'error')) return fail('the scenario file has errors (above)', 1);
  const selected = file.scenarios.filter((s) => options.name === undefined || s.name.includes(options.name));
  if (selected.length === 0) return fail(`no scenario${options.name ? ` matching '${options.name}'` : ''} in ${file.path}`);

  let runner: ScenarioRunner;
  try {
    runner = await Runner.start({
      flowsDir,
      routesDir,
      baseDir: io.cwd,
      readEnv: io.readEnv,
      ...(defaultAt !== undefined ? { defaultAt } : {}),
      ...(options.url ? { serviceUrl: options.url } : {}),
      ...(options.url && !config.flowStateSecretIsEphemeral ? { flowStateSecret: config.flowStateSecret, flowStateTtlSeconds: config.flowStateTtlSeconds } : {}),
    });
  } catch (error) {
    return fail((error as Error).message, 1);
  }
  const results: ScenarioResult[] = [];
  let coverage: ReturnType<typeof scenarioCoverage> | undefined;
  try {
    for (const scenario of selected) {
      let result: ScenarioResult;
      try {
        result = await runner.run(scenario, flow);
      } catch (error) {
        return fail((error as Error).message, 1);
      }
      results.push(result);
      if (options.format === 'text') io.out(`${formatScenarioResult(result, { verbose: options.verbose === true, transcript: options.summary !== true })}\n`);
    }
    const set = runner.flowSet;
    if ((options.coverage || minCoverage !== undefined) && set) coverage = scenarioCoverage(set, results);
  } finally {
    await runner.close();
  }
  const failed = results.filter((r) => !r.passed);
  const below = minCoverage === undefined ? [] : (coverage ?? []).filter((c) => c.percent < minCoverage);
  if (options.format === 'json') {
    io.out(`${JSON.stringify({ ok: failed.length === 0 && below.length === 0, passed: results.length - failed.length, failed: failed.length, ...(coverage ? { coverage } : {}), results }, null, 2)}\n`);
  } else {
    if (coverage) io.out(`${formatCoverage(coverage)}\n`);
    io.err(`${results.length - failed.length} passed, ${failed.length} failed (${file.path})\n`);
    for (const c of below) io.err(`coverage of ${c.flow} is ${c.percent}%, under --min-coverage ${minCoverage}\n`);
  }
  return failed.length > 0 || below.length > 0 ? 1 : 0;
}

export function registerSimulateCommand(program: Command): void {
  program.addCommand(createSimulateCommand(processIo, (code) => (process.exitCode = code)));
}
