import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runValidate } from '../../src/cli/commands/validate-command';
import type { CliIo } from '../../src/cli/cli-io';
import { formatDiagnostic } from '../../src/source/flow-diagnostic';
import { loadFlowSet } from '../../src/flows/load-flow-set';
import { parseScenarioFile } from '../../src/simulator/scenario-file';
import { formatScenarioResult } from '../../src/simulator/scenario-report';
import { ScenarioRunner } from '../../src/simulator/scenario-runner';
import { examplesDir } from '../support/examples';

/*
 * "Your flows are yours": a user adds a flow to flows/ and the project's tests stay green. The
 * examples as shipped are copied to a temporary project, a flow (with its scenarios) is added,
 * and what the test suites run over flows/ runs over the copy: the loader, `validate`, and every
 * scenario file. And no test of the project reads flows/, routes/ or campaigns/ by itself, except
 * the one that plays whatever scenarios are there.
 */
const repoRoot = join(__dirname, '..', '..');
const added = join(repoRoot, 'test', 'fixtures', 'your-flows');

describe('a flow added to flows/', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'texml-router-project-'));
    for (const dir of ['flows', 'routes', 'campaigns']) cpSync(join(examplesDir, dir), join(project, dir), { recursive: true });
    for (const file of readdirSync(added)) copyFileSync(join(added, file), join(project, 'flows', file));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('when the project with the added flow is loaded and validated, then it has no error and no warning', async () => {
    const outcome = await loadFlowSet({ flowsDir: join(project, 'flows'), routesDir: join(project, 'routes'), baseDir: project }, { readEnv: () => undefined });
    expect(outcome.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(outcome.set?.flows.has('front-desk')).toBe(true);
    const out: string[] = [];
    const io: CliIo = { out: (t) => void out.push(t), err: (t) => void out.push(t), cwd: project, readEnv: () => undefined };
    expect(await runValidate([], io)).toBe(0);
    expect(out.join('')).toMatch(/^ok: 9 flows, 0 errors, 0 warnings/m);
  });

  // Cheap: every scenario of the added flow, and the first of each other file (the rest are the
  // examples' own, played by flow-scenarios.test.ts).
  it('when the scenario files of the project are played, then they pass (the added one too)', async () => {
    const runner = await ScenarioRunner.start({ flowsDir: join(project, 'flows'), routesDir: join(project, 'routes'), baseDir: project });
    const played: string[] = [];
    try {
      for (const name of readdirSync(join(project, 'flows')).filter((n) => n.endsWith('.scenarios.yaml')).sort()) {
        const file = parseScenarioFile(`flows/${name}`, readFileSync(join(project, 'flows', name), 'utf8'));
        expect(file.diagnostics.map(formatDiagnostic)).toEqual([]);
        for (const scenario of file.flow === 'front-desk' ? file.scenarios : file.scenarios.slice(0, 1)) {
          const result = await runner.run(scenario, file.flow);
          if (!result.passed) throw new Error(`\n${formatScenarioResult(result)}`);
          played.push(`${file.flow}: ${scenario.name}`);
        }
      }
    } finally {
      await runner.close();
    }
    expect(played).toContain('front-desk: when the caller presses 1, then they reach the nurse line');
  }, 120_000);
});

describe("the project's tests", () => {
  /** Every test source file, as a path relative to the repository. */
  function testSources(dir = join(repoRoot, 'test')): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testSources(path);
      return name.endsWith('.ts') ? [relative(repoRoot, path)] : [];
    });
  }

  it('when their sources are read, then none reads flows/, routes/ or campaigns/ of the project except the scenarios of your flows', () => {
    // A path built from the repository root into a user directory: join(repoRoot, 'flows'), `${root}/routes`, ...
    const userDir = /repoRoot\s*,\s*['"](flows|routes|campaigns)['"]|\$\{repoRoot\}\/(flows|routes|campaigns)\b/;
    const allowed = new Set(['test/simulator/flow-scenarios.test.ts', 'test/simulator/your-flows.test.ts']);
    const readers = testSources().filter((file) => !allowed.has(file) && userDir.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(readers).toEqual([]);
  });
});
