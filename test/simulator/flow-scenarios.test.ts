import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/flows/flow-diagnostic';
import { parseScenarioFile } from '../../src/simulator/scenario-file';
import { formatScenarioResult } from '../../src/simulator/scenario-report';
import { ScenarioRunner } from '../../src/simulator/scenario-runner';

/**
 * Every flows/*.scenarios.yaml, each scenario its own test: the real service (in process, real
 * flows and routes, signature checks on) answers calls the real emulator plays from the script.
 */
const repoRoot = join(__dirname, '..', '..');
const flowsDir = join(repoRoot, 'flows');
const files = readdirSync(flowsDir)
  .filter((name) => name.endsWith('.scenarios.yaml'))
  .sort()
  .map((name) => parseScenarioFile(`flows/${name}`, readFileSync(join(flowsDir, name), 'utf8')));

describe('flow scenarios', () => {
  let runner: ScenarioRunner;

  beforeAll(async () => {
    runner = await ScenarioRunner.start({ flowsDir, routesDir: join(repoRoot, 'routes'), baseDir: repoRoot });
  });

  afterAll(async () => {
    await runner?.close();
  });

  it('when the example flows are listed, then each has a scenario file', () => {
    const flows = readdirSync(flowsDir).filter((n) => n.endsWith('.yaml') && !n.endsWith('.scenarios.yaml')).map((n) => n.replace(/\.yaml$/, ''));
    expect(flows.filter((flow) => !files.some((f) => f.flow === flow))).toEqual([]);
  });

  describe.each(files.map((file) => [file.path, file] as const))('%s', (_path, file) => {
    it('when the file is read, then it has no problems', () => {
      expect(file.diagnostics.map(formatDiagnostic)).toEqual([]);
    });

    it.each(file.scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
      const result = await runner.run(scenario, file.flow);
      if (!result.passed) throw new Error(`\n${formatScenarioResult(result)}`);
    });
  });
});
