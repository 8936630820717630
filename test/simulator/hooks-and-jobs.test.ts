import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/source/flow-diagnostic';
import { parseScenarioFile } from '../../src/simulator/scenario-file';
import { formatScenarioResult } from '../../src/simulator/scenario-report';
import { ScenarioRunner } from '../../src/simulator/scenario-runner';

/*
 * `simulate` stores callbacks and runs the flows' `on:` hooks (in memory, no Redis); notify jobs
 * are delivered to a local receiver that checks their signature; delayed jobs carry their delay
 * and notify deliveries their simulated due time.
 */
const fixtures = join(__dirname, '..', 'fixtures', 'simulator-hooks');
const dirs = { flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), baseDir: fixtures };
const file = parseScenarioFile('flows/desk.scenarios.yaml', readFileSync(join(fixtures, 'flows', 'desk.scenarios.yaml'), 'utf8'));
const scenario = (yaml: string) => {
  const parsed = parseScenarioFile('x.scenarios.yaml', yaml);
  expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([]);
  return parsed.scenarios[0]!;
};

describe('hooks and jobs in scenarios', () => {
  let runner: ScenarioRunner;
  beforeAll(async () => {
    runner = await ScenarioRunner.start(dirs);
  });
  afterAll(async () => runner?.close());

  it('when the scenario file is read, then it has no problems', () => {
    expect(file.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it.each(file.scenarios.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const result = await runner.run(s, 'desk');
    if (!result.passed) throw new Error(`\n${formatScenarioResult(result)}`);
  });

  it('when a caller leaves a message, then the hooks ran from the stored callbacks and each notify arrived signed, at its simulated time', async () => {
    const result = await runner.run(scenario('- name: message\n  at: "2026-12-08T10:00:00-06:00"\n  caller: [{ press: "1" }, { record: { seconds: 10, transcript: "Hello there" } }]\n'), 'desk');
    expect(result.passed).toBe(true);
    expect(result.jobs.map((j) => `${j.op} ${j.origin.step}`)).toEqual(['recordings.fetch on recording.completed', 'notify on transcription.completed', 'notify on call.completed']);
    expect(result.notifications.map((n) => [n.payload.event, n.url, n.signature])).toEqual([
      ['transcription.completed', 'https://crm.example.com/hooks/voicemail', 'valid'],
      ['call.completed', '(NOTIFY_URL)', 'valid'],
    ]);
    expect(result.notifications[0]!.payload).toMatchObject({ text: 'Hello there', caller: '+13125550199', flow: 'desk', call_sid: result.transcript.callSid });
    // Simulated time: the scenario's clock plus what the call took, not the wall clock.
    expect(result.notifications[1]!.dueAt.startsWith('2026-12-08T16:00:')).toBe(true);
    expect(formatScenarioResult(result, { transcript: true })).toContain('notified: call.completed -> (NOTIFY_URL) at 2026-12-08T16:00:');
  });

  it('when notify and job expectations do not hold, then each failure says what was expected and what happened', async () => {
    const result = await runner.run(
      scenario(
        [
          '- name: wrong',
          '  caller: [{ press: "2" }]',
          '  expect:',
          '    notified: [transcription.completed, { event: call.completed, with: { flow: other } }]',
          '    no_notify: true',
          '    jobs: [{ op: calls.create, delay: 60 }]',
        ].join('\n'),
      ),
      'desk',
    );
    expect(result.failures).toEqual([
      'expected a calls.create job delayed 60 s; got 300 s',
      'expected a notify of transcription.completed; notified: call.completed -> (NOTIFY_URL)',
      expect.stringMatching(/^expected a notify of call\.completed with \{"flow":"other"\}; got \(NOTIFY_URL\) \{"event":"call.completed"/),
      'expected no notify; got call.completed',
    ]);
  });
});
