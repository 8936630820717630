import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/source/flow-diagnostic';
import { parseScenarioFile } from '../../src/simulator/scenario-file';
import { formatScenarioResult } from '../../src/simulator/scenario-report';
import { ScenarioRunner } from '../../src/simulator/scenario-runner';

/**
 * A queue's wait step with a callback offer and no on_fail, played through the real service and
 * the emulator: silence and wrong keys keep the caller waiting, and key presses and speech
 * scripted after the queue action reach the wait step's menu.
 */
const repoRoot = join(__dirname, '..', '..');
const dir = join(repoRoot, 'test/fixtures/queue-wait');
const file = parseScenarioFile('flows/waiting.scenarios.yaml', readFileSync(join(dir, 'flows/waiting.scenarios.yaml'), 'utf8'));
/** A wait step with `every: { seconds: 60, goto: offer }`. */
const offering = parseScenarioFile('flows/offering.scenarios.yaml', readFileSync(join(dir, 'flows/offering.scenarios.yaml'), 'utf8'));

describe('queue wait step scenarios', () => {
  let runner: ScenarioRunner;

  beforeAll(async () => {
    runner = await ScenarioRunner.start({ flowsDir: join(dir, 'flows'), routesDir: join(dir, 'routes'), baseDir: dir });
  });

  afterAll(async () => {
    await runner?.close();
  });

  it('when the file is read, then it has no problems', () => {
    expect(file.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it.each(file.scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const result = await runner.run(scenario, file.flow);
    if (!result.passed) throw new Error(`\n${formatScenarioResult(result, { transcript: true })}`);
  });

  it.each(offering.scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const result = await runner.run(scenario, offering.flow);
    if (!result.passed) throw new Error(`\n${formatScenarioResult(result, { transcript: true })}`);
  });

  it('when a wait step offers something every 60 s, then the first offer comes after 60 s of waiting and the next one after 60 s more music', async () => {
    const result = await runner.run(offering.scenarios[0]!, offering.flow);
    const offers = result.transcript.events.filter((e) => e.kind === 'heard' && e.text === 'To be called back, press 1.').map((e) => e.at - result.transcript.startedAt);
    expect(offers.length).toBe(2);
    expect(offers[0]).toBeGreaterThanOrEqual(60_000);
    expect(offers[0]).toBeLessThan(90_000);
    expect(offers[1]! - offers[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('when the caller answers nothing, then the wait step plays again and again and no Hangup is ever sent while they wait', async () => {
    const silent = file.scenarios[0]!;
    const result = await runner.run(silent, file.flow);
    const offers = result.transcript.events.filter((e) => e.kind === 'heard' && e.text?.includes('To be called back'));
    expect(offers.length).toBeGreaterThan(1);
    const hangupBeforeBridge = result.transcript.events.findIndex((e) => e.kind === 'verb' && e.verb === 'Hangup');
    const bridged = result.transcript.events.findIndex((e) => e.kind === 'verb' && e.verb === 'Enqueue' && e.detail.includes('takes the call'));
    expect(bridged).toBeGreaterThan(0);
    expect(hangupBeforeBridge).toBeGreaterThan(bridged);
  });
});
