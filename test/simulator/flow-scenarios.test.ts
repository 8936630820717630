import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/source/flow-diagnostic';
import { parseScenarioFile } from '../../src/simulator/scenario-file';
import { formatScenarioResult } from '../../src/simulator/scenario-report';
import type { ScenarioResult } from '../../src/simulator/scenario-result';
import { ScenarioRunner } from '../../src/simulator/scenario-runner';
import { emulatorRequestProblems } from '../support/emulator-requests';
import { exampleDirs } from '../support/examples';

/**
 * Scenario files, each scenario its own test: the real service (in process, real flows and
 * routes, signature checks on) answers calls the real emulator plays from the script.
 *
 * - The examples as shipped (their copy in test/fixtures/examples): every example has scenarios.
 * - Your project: every flows/*.scenarios.yaml there is, whatever flows/ holds (none is fine), so
 *   `npm test` plays your scenarios too. A flow without a scenario file is not an error here.
 */
const repoRoot = join(__dirname, '..', '..');
const projects = [
  { name: 'the examples', dirs: exampleDirs, label: 'flows', requireScenarios: true },
  { name: 'your flows', dirs: { flowsDir: join(repoRoot, 'flows'), routesDir: join(repoRoot, 'routes'), baseDir: repoRoot }, label: 'flows', requireScenarios: false },
];

function scenarioFiles(flowsDir: string, label: string) {
  if (!existsSync(flowsDir)) return [];
  return readdirSync(flowsDir)
    .filter((name) => name.endsWith('.scenarios.yaml'))
    .sort()
    .map((name) => parseScenarioFile(`${label}/${name}`, readFileSync(join(flowsDir, name), 'utf8')));
}

describe.each(projects)('scenarios of $name', ({ dirs, label, requireScenarios }) => {
  const files = scenarioFiles(dirs.flowsDir, label);
  let runner: ScenarioRunner | undefined;
  /** Every call the emulator played in these scenarios: its requests are checked against the contract at the end. */
  const played: ScenarioResult[] = [];

  beforeAll(async () => {
    if (files.length > 0) runner = await ScenarioRunner.start(dirs);
  });

  afterAll(async () => {
    await runner?.close();
  });

  if (requireScenarios) {
    it('when the flows are listed, then each has a scenario file', () => {
      const flows = readdirSync(dirs.flowsDir).filter((n) => n.endsWith('.yaml') && !n.endsWith('.scenarios.yaml')).map((n) => n.replace(/\.yaml$/, ''));
      expect(flows.filter((flow) => !files.some((f) => f.flow === flow))).toEqual([]);
    });
  }
  if (files.length === 0) {
    it('has no scenario file (nothing to play)', () => expect(files).toEqual([]));
    return;
  }

  describe.each(files.map((file) => [file.path, file] as const))('%s', (_path, file) => {
    it('when the file is read, then it has no problems', () => {
      expect(file.diagnostics.map(formatDiagnostic)).toEqual([]);
    });

    it.each(file.scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
      const result = await runner!.run(scenario, file.flow);
      played.push(result);
      if (!result.passed) throw new Error(`\n${formatScenarioResult(result)}`);
    });
  });

  // Runs after every scenario above (jest keeps declaration order): docs/telnyx-contract.md.
  it('when every request the emulator sent in these scenarios is checked, then each is one Telnyx documents', () => {
    const { checked, problems } = emulatorRequestProblems(played.flatMap((result) => [result.transcript, ...result.others]));
    expect(checked).toBeGreaterThanOrEqual(played.length);
    expect(problems.map((p) => `${p.request} (${p.kind ?? 'no kind'}): ${p.problems.join('; ')}`)).toEqual([]);
  });
});
