import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { compileFlowSet, type CompileOutcome, type FlowSources } from '../../flows/compile-flow-set';
import type { CompiledFlow, CompiledFlowSet } from '../../flows/compiled-flow';
import { formatDiagnostic } from '../../source/flow-diagnostic';
import { processIo, runCommand, type CliIo } from '../cli-io';


/** A path that names nothing to validate: the command exits 2 (a usage error), not 1. */
export class SourcePathError extends Error {}

const isYaml = (name: string) => /\.ya?ml$/.test(name) && !/\.scenarios\.ya?ml$/.test(name);

/**
 * Which files make up the flow set:
 * - no paths: FLOWS_DIR and ROUTES_DIR (default ./flows and ./routes), as `serve` reads them;
 * - a directory holding flows/ or routes/: that project (both subdirectories);
 * - any other directory or YAML file: routes when it is, or sits in, a directory named `routes`;
 *   flows otherwise.
 * Everything named is compiled together, as one set, exactly as `serve` loads it.
 */
export async function collectFlowSources(paths: readonly string[], cwd: string, readEnv: (name: string) => string | undefined = () => undefined): Promise<FlowSources> {
  const sources: FlowSources = { flows: [], routes: [] };
  const seen = new Set<string>();
  const add = async (file: string, kind: 'flows' | 'routes') => {
    if (seen.has(file)) return;
    seen.add(file);
    sources[kind].push({ path: relative(cwd, file) || basename(file), text: await readFile(file, 'utf8') });
  };
  const addDir = async (dir: string, kind: 'flows' | 'routes') => {
    for (const name of (await readdir(dir)).filter(isYaml).sort()) await add(join(dir, name), kind);
  };
  const isDir = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;

  if (paths.length === 0) {
    const dirs = { flows: readEnv('FLOWS_DIR') ?? 'flows', routes: readEnv('ROUTES_DIR') ?? 'routes' };
    for (const kind of ['flows', 'routes'] as const) {
      if (await isDir(resolve(cwd, dirs[kind]))) await addDir(resolve(cwd, dirs[kind]), kind);
    }
    if (sources.flows.length === 0 && sources.routes.length === 0) {
      throw new SourcePathError(`no flow or routes files in ${dirs.flows}/ or ${dirs.routes}/ (run it in the project directory, or name the paths)`);
    }
    return sources;
  }
  for (const given of paths) {
    const path = resolve(cwd, given);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new SourcePathError(`no such file or directory: ${given}`);
    if (info.isDirectory()) {
      const project = (await isDir(join(path, 'flows'))) || (await isDir(join(path, 'routes')));
      if (project) {
        if (await isDir(join(path, 'flows'))) await addDir(join(path, 'flows'), 'flows');
        if (await isDir(join(path, 'routes'))) await addDir(join(path, 'routes'), 'routes');
      } else {
        await addDir(path, basename(path) === 'routes' ? 'routes' : 'flows');
      }
    } else if (isYaml(basename(path))) {
      await add(path, basename(dirname(path)) === 'routes' ? 'routes' : 'flows');
    } else {
      throw new SourcePathError(`not a YAML file: ${given}`);
    }
  }
  if (sources.flows.length === 0 && sources.routes.length === 0) throw new SourcePathError(`no flow or routes files found in ${paths.join(', ')}`);
  return sources;
}

/** Collects and compiles; path problems become a usage error. */
export async function compileFromPaths(paths: readonly string[], io: CliIo, now?: Date): Promise<{ sources: FlowSources; outcome: CompileOutcome }> {
  const sources = await collectFlowSources(paths, io.cwd, io.readEnv);
  const outcome = compileFlowSet(sources, { readEnv: io.readEnv, ...(now ? { now } : {}) });
  return { sources, outcome };
}

interface ValidateOptions {
  format: 'text' | 'json';
  strict?: boolean;
}

/** Runs `validate` with the arguments after the command name; resolves to the exit code. */
export function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  return runCommand((setExitCode) => createValidateCommand(io, setExitCode), args);
}

export function createValidateCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('validate')
    .description('check flows and routes: print every problem as file:line:col, exit 1 on any error')
    .argument('[paths...]', 'a project directory (holding flows/ and routes/), or flow and routes directories and files', [])
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .option('--strict', 'exit 1 on warnings too')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .action(async (paths: string[], options: ValidateOptions) => {
      setExitCode(await validate(paths, options, io));
    });
}

async function validate(paths: readonly string[], options: ValidateOptions, io: CliIo): Promise<number> {
  let compiled: Awaited<ReturnType<typeof compileFromPaths>>;
  try {
    compiled = await compileFromPaths(paths, io);
  } catch (error) {
    if (!(error instanceof SourcePathError)) throw error;
    io.err(`texml-router validate: ${error.message}\n`);
    return 2;
  }
  const { sources, outcome } = compiled;
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = outcome.diagnostics.length - errors;
  const failed = errors > 0 || (options.strict === true && warnings > 0);
  if (options.format === 'json') {
    const report = {
      ok: !failed,
      errors,
      warnings,
      files: [...sources.flows, ...sources.routes].map((f) => f.path),
      flows: outcome.set ? [...outcome.set.flows.values()].map((f) => ({ name: f.name, file: f.file, version: f.version, steps: f.steps.size })) : [],
      diagnostics: outcome.diagnostics,
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const diagnostic of outcome.diagnostics) io.out(`${formatDiagnostic(diagnostic)}\n`);
    const files = sources.flows.length + sources.routes.length;
    const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
    io.err(outcome.set ? `ok: ${plural(outcome.set.flows.size, 'flow')}, ${counts}\n` : `failed: ${counts}\n`);
  }
  return failed ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function registerValidateCommand(program: Command): void {
  program.addCommand(createValidateCommand(processIo, (code) => (process.exitCode = code)));
}

/**
 * For the commands that work on one flow (render, graph): the compiled set and the flow, or the
 * exit code after saying why not (2: a path or the flow's name is wrong; 1: the flows do not load).
 */
export async function compileFlowForCommand(command: string, flowName: string, paths: readonly string[], io: CliIo, now: Date): Promise<{ set: CompiledFlowSet; flow: CompiledFlow } | number> {
  const fail = (message: string, code = 2) => {
    io.err(`texml-router ${command}: ${message}\n`);
    return code;
  };
  let compiled: Awaited<ReturnType<typeof compileFromPaths>>;
  try {
    compiled = await compileFromPaths(paths, io, now);
  } catch (error) {
    if (error instanceof SourcePathError) return fail(error.message);
    throw error;
  }
  const set = compiled.outcome.set;
  if (!set) {
    for (const diagnostic of compiled.outcome.diagnostics) io.err(`${formatDiagnostic(diagnostic)}\n`);
    return fail('the flows do not load; fix the errors above (texml-router validate lists them)', 1);
  }
  const flow = set.flows.get(flowName);
  if (!flow) return fail(`unknown flow '${flowName}' (flows: ${[...set.flows.keys()].join(', ')})`);
  return { set, flow };
}
