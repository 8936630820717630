import { runSimulate } from '../../src/cli/commands/simulate-command';
import type { CliIo } from '../../src/cli/cli-io';
import { loadConfig } from '../../src/config';
import { exampleDirs } from '../support/examples';
import { repoRoot } from '../support/test-app';

function bufferIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), cwd: repoRoot, readEnv: () => undefined };
}

const config = loadConfig({ LOG_LEVEL: 'silent' }, false);
const dirs = ['--flows', 'test/fixtures/simulator/flows', '--routes', 'test/fixtures/simulator/routes'];

describe('texml-router simulate', () => {
  it('when every scenario passes, then it prints each transcript and exits 0', async () => {
    const io = bufferIo();
    const code = await runSimulate(['quiz', ...dirs], io, config);
    expect(code).toBe(0);
    const out = io.stdout.join('');
    expect(out).toContain('PASS  quiz: when the caller presses 1, then they hear yes');
    expect(out).toContain('hears: "Yes it is."');
    expect(out).toContain('job: notify');
    expect(io.stderr.join('')).toContain('2 passed, 0 failed (test/fixtures/simulator/flows/quiz.scenarios.yaml)');
  });

  it('when a scenario fails, then it says which expectation and exits 1', async () => {
    const io = bufferIo();
    const code = await runSimulate(['quiz', ...dirs, '--scenario', 'test/fixtures/simulator/failing.scenarios.yaml', '--summary'], io, config);
    expect(code).toBe(1);
    expect(io.stdout.join('')).toContain('FAIL  quiz: when the caller presses 1, then (wrongly) nothing is enqueued');
    expect(io.stdout.join('')).toContain('x expected no jobs; got notify');
  });

  it('when the scenario file has errors, then they are printed as file:line:column and it exits 1 without playing', async () => {
    const io = bufferIo();
    const code = await runSimulate(['quiz', ...dirs, '--scenario', 'test/fixtures/simulator/broken.scenarios.yaml'], io, config);
    expect(code).toBe(1);
    const err = io.stderr.join('');
    expect(err).toContain("test/fixtures/simulator/broken.scenarios.yaml:4:5: error: unknown key 'stepz' in 'expect' (hint: did you mean 'steps'? allowed: steps, not_steps, last_step, heard, not_heard, jobs, no_jobs, notified, no_notify, ended_by, status, requested, fallback)");
    expect(err).toContain('test/fixtures/simulator/broken.scenarios.yaml:8:');
    expect(io.stdout.join('')).toBe('');
  });

  it('when there is no scenario file, then it exits 2', async () => {
    const io = bufferIo();
    expect(await runSimulate(['nope', ...dirs], io, config)).toBe(2);
    expect(io.stderr.join('')).toContain('no scenario file test/fixtures/simulator/flows/nope.scenarios.yaml');
  });

  it('when --name picks one scenario and --format json, then only that result is printed as JSON', async () => {
    const io = bufferIo();
    const code = await runSimulate(['quiz', ...dirs, '--name', 'silent', '--format', 'json'], io, config);
    expect(code).toBe(0);
    const report = JSON.parse(io.stdout.join('')) as { ok: boolean; results: { name: string; passed: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => r.name)).toEqual(['when the caller stays silent, then the flow falls back']);
  });

  it('when --clock is given, then scenarios without `at` play at that time; a time without offset is refused', async () => {
    const closed = bufferIo();
    // Sunday evening in Chicago: main-line is closed, so the open-hours scenario fails there...
    expect(await runSimulate(['main-line', '--name', 'presses 3', '--flows', exampleDirs.flowsDir, '--routes', exampleDirs.routesDir, '--clock', '2026-12-06T20:00:00-06:00', '--summary'], closed, config)).toBe(1);
    expect(closed.stdout.join('')).toContain("steps: main-line.welcome -> main-line.closed");
    const wrong = bufferIo();
    expect(await runSimulate(['quiz', ...dirs, '--clock', '2026-12-08 10:00'], wrong, config)).toBe(2);
    expect(wrong.stderr.join('')).toContain('texml-router simulate: --clock must be an ISO date and time with an offset');
  });

  it('when --url is not a URL, then it exits 2', async () => {
    const io = bufferIo();
    expect(await runSimulate(['quiz', ...dirs, '--url', 'localhost:3000'], io, config)).toBe(2);
  });

  it('when the example flows are simulated, then main-line passes', async () => {
    const io = bufferIo();
    expect(await runSimulate(['main-line', '--name', 'presses 3', '--flows', exampleDirs.flowsDir, '--routes', exampleDirs.routesDir], io, config)).toBe(0);
  });

  it('when --coverage is given, then each flow played reports its steps and edges, and --min-coverage fails a flow under it', async () => {
    const io = bufferIo();
    expect(await runSimulate(['quiz', ...dirs, '--summary', '--coverage'], io, config)).toBe(0);
    expect(io.stdout.join('')).toContain('coverage quiz: 100% (steps 2/2, edges 1/1)');

    const one = bufferIo();
    expect(await runSimulate(['quiz', ...dirs, '--summary', '--name', 'silent', '--min-coverage', '90'], one, config)).toBe(1);
    expect(one.stdout.join('')).toContain('coverage quiz: 33.3% (steps 1/2, edges 0/1)');
    expect(one.stdout.join('')).toContain('steps no scenario reached: yes');
    expect(one.stdout.join('')).toContain('edges no scenario took: ask -> yes');
    expect(one.stderr.join('')).toContain('coverage of quiz is 33.3%, under --min-coverage 90');

    const json = bufferIo();
    expect(await runSimulate(['quiz', ...dirs, '--format', 'json', '--min-coverage', '50'], json, config)).toBe(0);
    expect(JSON.parse(json.stdout.join('')).coverage).toEqual([{ flow: 'quiz', steps: { total: 2, covered: 2, missed: [] }, edges: { total: 1, covered: 1, missed: [] }, percent: 100 }]);
    expect(await runSimulate(['quiz', ...dirs, '--min-coverage', '120'], bufferIo(), config)).toBe(2);
  });
});
