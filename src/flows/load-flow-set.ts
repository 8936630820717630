import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compileFlowSet, type CompileOptions, type CompileOutcome, type FlowSources } from './compile-flow-set';

export interface FlowDirectories {
  flowsDir: string;
  routesDir: string;
  /** Paths in diagnostics are shown relative to this (default: the working directory). */
  baseDir?: string;
}

const isYaml = (name: string) => /\.ya?ml$/.test(name) && !/\.scenarios\.ya?ml$/.test(name);

/** Reads flows/ and routes/ and compiles them; file errors become diagnostics too. */
export async function loadFlowSet(dirs: FlowDirectories, options: CompileOptions): Promise<CompileOutcome> {
  const sources = await readFlowSources(dirs);
  return compileFlowSet(sources, options);
}

export async function readFlowSources(dirs: FlowDirectories): Promise<FlowSources> {
  const base = dirs.baseDir ?? process.cwd();
  const read = async (dir: string) => {
    let names: string[];
    try {
      names = (await readdir(dir)).filter(isYaml).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return Promise.all(names.map(async (name) => ({ path: relative(base, join(dir, name)) || name, text: await readFile(join(dir, name), 'utf8') })));
  };
  const [flows, routes] = await Promise.all([read(dirs.flowsDir), read(dirs.routesDir)]);
  return { flows, routes };
}
