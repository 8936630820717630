import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/source/flow-diagnostic';
import { flowNameOf, parseScenarioFile } from '../../src/simulator/scenario-file';
import { formatScenarioResult } from '../../src/simulator/scenario-report';
import { ScenarioRunner } from '../../src/simulator/scenario-runner';
import type { Scenario } from '../../src/simulator/scenario-schema';
import { exampleDirs } from '../support/examples';
import { createTestApp, repoRoot } from '../support/test-app';

const fixtures = join(repoRoot, 'test/fixtures/simulator');
const dirs = { flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), baseDir: repoRoot };

function scenario(yaml: string): Scenario {
  const file = parseScenarioFile('quiz.scenarios.yaml', yaml);
  expect(file.diagnostics.map(formatDiagnostic)).toEqual([]);
  return file.scenarios[0]!;
}

describe('simulator', () => {
  describe('scenario files', () => {
    it('when a file has unknown keys, a misspelt action and a duplicate name, then each problem has file:line:column', () => {
      const text = `- name: first\n  caller: [{ press: "1" }]\n  expect:\n    stepz: ["yes"]\n- name: second\n  caller: [{ presss: "1" }]\n- name: first\n`;
      const file = parseScenarioFile('flows/quiz.scenarios.yaml', text);
      expect(file.scenarios).toEqual([]);
      const lines = file.diagnostics.map(formatDiagnostic);
      expect(lines).toContain("flows/quiz.scenarios.yaml:4:5: error: unknown key 'stepz' in 'expect' (hint: did you mean 'steps'? allowed: steps, not_steps, last_step, heard, not_heard, jobs, no_jobs, notified, no_notify, ended_by, status, requested, fallback)");
      expect(lines.some((l) => l.startsWith('flows/quiz.scenarios.yaml:6:'))).toBe(true);
    });

    it('when two scenarios share a name, then the second is reported where it is', () => {
      const file = parseScenarioFile('x.scenarios.yaml', '- name: a\n- name: b\n- name: a\n');
      expect(file.diagnostics.map(formatDiagnostic)).toEqual(["x.scenarios.yaml:3:9: error: two scenarios are named 'a' (the first is item 1) (hint: give each scenario its own name)"]);
    });

    it('when the YAML does not parse, then the syntax error has its position', () => {
      const file = parseScenarioFile('x.scenarios.yaml', '- name: "open\n');
      expect(file.diagnostics[0]).toMatchObject({ file: 'x.scenarios.yaml', line: 1, severity: 'error' });
    });

    it('when a file is named FLOW.scenarios.yaml, then FLOW is its default flow', () => {
      expect(flowNameOf('flows/main-line.scenarios.yaml')).toBe('main-line');
      expect(flowNameOf('flows/main-line.yaml')).toBeUndefined();
    });
  });

  describe('in process', () => {
    let runner: ScenarioRunner;

    beforeAll(async () => {
      runner = await ScenarioRunner.start({ ...dirs, timeoutMs: 2000 });
    });

    afterAll(async () => {
      await runner.close();
    });

    it('when every expectation holds, then the scenario passes and the report shows requests, steps, speech and jobs', async () => {
      const result = await runner.run(scenario('- name: yes\n  caller: [{ press: "1" }]\n  expect: { steps: ["yes"], heard: ["Yes it is."], jobs: [notify], ended_by: hangup }\n'), 'quiz');
      expect(result.failures).toEqual([]);
      expect(result.steps).toEqual(['quiz.ask', 'quiz.yes']);
      expect(result.jobs).toEqual([{ op: 'notify', params: { event: 'quiz.yes', caller: '+13125550199' }, origin: { flow: 'quiz', step: 'yes', callSid: result.transcript.callSid } }]);
      const report = formatScenarioResult(result, { transcript: true });
      expect(report).toMatch(/^PASS {2}quiz: yes/);
      expect(report).toContain('voice POST http://127.0.0.1:');
      expect(report).toContain('steps: quiz.ask (waits at quiz.ask)');
      expect(report).toContain('hears: "Press 1 for yes."');
      expect(report).toContain('caller presses 1');
      expect(report).toContain('job: notify {"event":"quiz.yes","caller":"+13125550199"}');
    });

    it('when expectations do not hold, then the scenario fails with one sentence per expectation', async () => {
      const result = await runner.run(
        scenario(
          '- name: wrong\n  caller: [{ press: "1" }]\n  expect:\n    steps: [ask, nowhere]\n    not_steps: ["yes"]\n    heard: ["No it is not."]\n    jobs: [{ op: notify, with: { event: other } }, calls.create]\n    ended_by: caller\n    status: busy\n',
        ),
        'quiz',
      );
      expect(result.passed).toBe(false);
      expect(result.failures).toEqual([
        'expected to reach step quiz.nowhere; the call went quiz.ask -> quiz.yes',
        'expected not to reach step quiz.yes, but it did',
        'expected to hear "No it is not."; heard "Press 1 for yes.", "Yes it is."',
        'expected a notify job with {"event":"other"}; got {"event":"quiz.yes","caller":"+13125550199"}',
        'expected a calls.create job; jobs: notify',
        'expected the call to be ended by caller; it was ended by hangup (normal_clearing)',
        'expected the call to end busy; it ended completed',
      ]);
      expect(formatScenarioResult(result)).toContain('x expected to reach step quiz.nowhere');
    });

    it('when the service answers with its fallback document, then the scenario fails unless it expects the fallback', async () => {
      const unexpected = await runner.run(scenario('- name: silent\n  caller: [silence]\n'), 'quiz');
      expect(unexpected.failures).toEqual([expect.stringMatching(/^the service answered with its fallback document \(no valid input after 1 tries and no on_fail\)/)]);
      const expected = await runner.run(scenario('- name: silent\n  caller: [silence]\n  expect: { fallback: true }\n'), 'quiz');
      expect(expected.passed).toBe(true);
    });

    it('when a call holds and nobody ends it, then the scenario stops it after its time budget and fails', async () => {
      const flows = await ScenarioRunner.start({ ...exampleDirs, timeoutMs: 300 });
      try {
        const result = await flows.run(scenario('- name: hold\n  caller: [{ queue: hold }]\n'), 'support-queue');
        expect(result.passed).toBe(false);
        expect(result.warnings.join('\n')).toContain('did not end within 0.3 s of real time');
        expect(result.transcript.endedBy).toBe('emulator');
      } finally {
        await flows.close();
      }
    });

    it('when a scenario names an unknown flow, then running it throws a clear error', async () => {
      await expect(runner.run(scenario('- name: x\n  flow: nope\n'), undefined)).rejects.toThrow("unknown flow 'nope' (flows: quiz)");
    });
  });

  describe('against a running service (--url)', () => {
    let server: Server;
    let url: string;
    const secret = 'simulator-url-secret-0123456789abcdef';

    beforeAll(async () => {
      const service = await createTestApp({ ...dirs, env: { FLOW_STATE_SECRET: secret, WEBHOOK_VERIFY: 'off', PUBLIC_BASE_URL: '' }, signed: false });
      server = createServer(service.app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("when the simulator knows the service's state secret, then steps and jobs are traced from the requests", async () => {
      const runner = await ScenarioRunner.start({ ...dirs, serviceUrl: url, flowStateSecret: secret });
      try {
        const result = await runner.run(scenario('- name: yes\n  caller: [{ press: "1" }]\n  expect: { steps: ["yes"], jobs: [notify] }\n'), 'quiz');
        expect(result.failures).toEqual([]);
        expect(result.warnings[0]).toContain(`playing against ${url}`);
      } finally {
        await runner.close();
      }
    });

    it('when it does not know the secret, then step expectations fail and say why', async () => {
      const runner = await ScenarioRunner.start({ ...dirs, serviceUrl: url, flowStateSecret: 'another-secret-another-secret-another' });
      try {
        const result = await runner.run(scenario('- name: yes\n  caller: [{ press: "1" }]\n  expect: { steps: ["yes"] }\n'), 'quiz');
        expect(result.failures).toEqual([expect.stringMatching(/^steps cannot be checked: the state token did not open here \([^)]+\): is FLOW_STATE_SECRET the service's\?$/)]);
      } finally {
        await runner.close();
      }
    });
  });
});
