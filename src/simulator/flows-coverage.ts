import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { scenarioCoverage, type FlowCoverage } from './scenario-coverage';
import type { ScenarioResult } from './scenario-result';
import { loadScenarioFile } from './scenario-file';
import { ScenarioRunner } from './scenario-runner';

/**
 * Plays every `*.scenarios.yaml` in the flows directory (in process, with the emulator) and
 * returns the coverage of the flows they pass through, as `simulate --coverage` computes it: what
 * `texml-router studio --coverage` draws over the graphs.
 */
export async function coverageOfAllScenarios(options: { flowsDir: string; routesDir: string; baseDir: string; readEnv: (name: string) => string | undefined }): Promise<{ coverage: FlowCoverage[]; scenarios: number; failed: number }> {
  const files = (await readdir(options.flowsDir)).filter((name) => name.endsWith('.scenarios.yaml')).sort();
  const runner = await ScenarioRunner.start({ flowsDir: options.flowsDir, routesDir: options.routesDir, baseDir: options.baseDir, readEnv: options.readEnv });
  const results: ScenarioResult[] = [];
  try {
    for (const name of files) {
      const path = join(options.flowsDir, name);
      const file = await loadScenarioFile(path, relative(options.baseDir, path));
      for (const scenario of file.scenarios) results.push(await runner.run(scenario, file.flow));
    }
    const set = runner.flowSet;
    return { coverage: set ? scenarioCoverage(set, results) : [], scenarios: results.length, failed: results.filter((r) => !r.passed).length };
  } finally {
    await runner.close();
  }
}
