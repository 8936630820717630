import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { indentXml } from '../../../src/cli/commands/render-command';
import type { CompiledFlowSet } from '../../../src/flows/compiled-flow';
import { formatDiagnostic } from '../../../src/source/flow-diagnostic';
import type { RenderResult } from '../../../src/flows/flow-interpreter';
import { CLOSED, examplesDir, loadExamples, readExampleFile, render, resume } from './flow-test-kit';

/*
 * The examples in flows/ are documentation a new user copies (tested from their copy in
 * test/fixtures/examples, since users edit flows/), so they must load without a single
 * warning, and what each step renders is pinned by snapshots (fixed call, clock and links).
 */

let set: CompiledFlowSet;
let diagnostics: string[];
beforeAll(async () => {
  const examples = await loadExamples();
  set = examples.set;
  diagnostics = examples.outcome.diagnostics.map(formatDiagnostic);
});

const flowFiles = readdirSync(join(examplesDir, 'flows')).filter((f) => f.endsWith('.yaml') && !f.endsWith('.scenarios.yaml')).sort();
const routeFiles = readdirSync(join(examplesDir, 'routes')).filter((f) => f.endsWith('.yaml')).sort();

/** Variables a step needs when rendered on its own (earlier steps would have set them). */
const stepVars: Record<string, Record<string, string>> = { 'conference-bridge': { meeting: '123456' } };

const shown = (result: RenderResult) => ({
  texml: indentXml(result.texml),
  ending: result.ending,
  trail: result.trail,
  ...(result.jobs.length ? { jobs: result.jobs } : {}),
  ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
});

describe('example flows', () => {
  it('when the examples and routes load, then there is no error and no warning', () => {
    expect(diagnostics).toEqual([]);
    expect([...set.flows.keys()].sort()).toEqual(['callback-agent', 'callback-request', 'conference-bridge', 'main-line', 'outbound-campaign', 'support-queue', 'vip-line', 'vip-line-telnyx']);
  });

  it.each(flowFiles)('when %s is opened in an editor, then its first line points at the flow schema', (file) => {
    expect(readExampleFile(join('flows', file)).split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/flow.schema.json');
  });

  it.each(routeFiles)('when routes/%s is opened in an editor, then its first line points at the routes schema', (file) => {
    expect(readExampleFile(join('routes', file)).split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/routes.schema.json');
  });

  it('when every step of every example is rendered, then each matches its snapshot', () => {
    for (const [name, flow] of [...set.flows].sort(([a], [b]) => a.localeCompare(b))) {
      for (const step of flow.steps.keys()) {
        const result = render(set, name, step, { vars: stepVars[name] ?? {} });
        expect(shown(result)).toMatchSnapshot(`${name}.${step}`);
      }
    }
  });

  it('when the support queue wait step is fetched as the wait URL, then it loops hold music without hanging up', () => {
    const result = render(set, 'support-queue', 'hold', { queueWait: true });
    expect(result.texml).not.toContain('<Hangup/>');
    expect(shown(result)).toMatchSnapshot();
  });

  it.each(['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'machine', 'fax', 'unknown'])(
    'when the outbound campaign call is answered by %s, then it plays the matching start',
    (answeredBy) => {
      const result = render(set, 'outbound-campaign', undefined, { params: { AnsweredBy: answeredBy } });
      const expected = answeredBy.startsWith('machine') ? 'outbound-campaign.voicemail' : answeredBy === 'fax' ? 'outbound-campaign.end_call' : 'outbound-campaign.reminder';
      expect(result.trail).toEqual(['outbound-campaign.answered', expected]);
      if (expected === 'outbound-campaign.voicemail') expect(result.texml).toMatch(/<Say [^>]*>Hello, this is Example Clinic.*Goodbye\.<\/Say><Hangup\/><\/Response>$/);
    },
  );
});

describe('example journeys', () => {
  /** Renders the start, then resumes with each result in turn; returns every document. */
  function journey(flow: string, results: Record<string, string>[], options: Parameters<typeof render>[3] = {}): RenderResult[] {
    const documents = [render(set, flow, undefined, options)];
    const { vars: _vars, ...sameCall } = options;
    for (const result of results) documents.push(resume(set, documents.at(-1)!.waitingAt, result, sameCall));
    return documents;
  }

  it('when a caller picks sales and nobody answers either number, then they leave a transcribed voicemail', () => {
    const documents = journey('main-line', [{ Digits: '1' }, { DialCallStatus: 'no-answer' }, { DialCallStatus: 'busy' }, { RecordingSid: 'rec-7', RecordingUrl: 'https://x.example/r.mp3' }]);
    expect(documents.map((d) => d.trail.at(-1))).toEqual(['main-line.main_menu', 'main-line.sales', 'main-line.sales', 'main-line.voicemail', 'main-line.goodbye']);
    expect(documents[3]!.texml).toContain('transcription="true"');
    expect(documents[4]!.jobs).toEqual([{ op: 'recordings.fetch', params: { recording_sid: 'rec-7' }, origin: { flow: 'main-line', step: 'save_message', callSid: 'v3:test-call' } }]);
    expect(documents.map(shown)).toMatchSnapshot();
  });

  it('when the office is closed, then the main line goes straight to voicemail', () => {
    expect(render(set, 'main-line', undefined, { now: CLOSED }).trail).toEqual(['main-line.welcome', 'main-line.closed', 'main-line.voicemail']);
  });

  it('when a support caller waits past the maximum, then they can leave a message that is fetched by a job', () => {
    const documents = journey('support-queue', [{ QueueResult: 'leave' }, { RecordingSid: 'rec-9' }]);
    expect(documents[1]!.trail).toEqual(['support-queue.no_agent']);
    expect(documents[2]!.jobs).toMatchObject([{ op: 'recordings.fetch', idempotencyKey: 'support-voicemail-rec-9' }]);
    expect(documents.map(shown)).toMatchSnapshot();
  });

  it('when a caller confirms a callback, then a delayed calls.create job is returned and the call ends', () => {
    const documents = journey('callback-request', [{ Digits: '1' }, { Digits: '1' }]);
    expect(documents[1]!.texml).toContain('We will call you back at (312) 555-0199.');
    expect(documents[2]!.jobs).toEqual([
      {
        op: 'calls.create',
        params: { to: '+13125550199', from: '+13125550100', flow: 'callback-agent' },
        idempotencyKey: 'callback-v3:test-call',
        delayMs: 300_000,
        origin: { flow: 'callback-request', step: 'schedule', callSid: 'v3:test-call' },
      },
    ]);
    expect(documents[2]!.ending).toBe('hangup');
  });

  it('when an anonymous caller asks for a callback, then they are sent to the support queue instead', () => {
    const documents = journey('callback-request', [{ Digits: '1' }], { params: { From: 'anonymous' } });
    expect(documents[1]!.trail).toEqual(['callback-request.confirm', 'callback-request.no_number', 'callback-request.hold', 'support-queue.welcome']);
  });

  it('when a host enters a meeting number, then they join the room that starts and ends with them', () => {
    const documents = journey('conference-bridge', [{ Digits: '123456' }], { vars: { role: 'host' } });
    expect(documents[1]!.texml).toContain('startConferenceOnEnter="true" endConferenceOnExit="true"');
    expect(documents[1]!.texml).toContain('>meeting-123456</Conference>');
  });

  it('when a person says confirm to the reminder, then a notify job records it', () => {
    const documents = journey('outbound-campaign', [{ SpeechResult: 'Confirm' }], { params: { AnsweredBy: 'human' } });
    expect(documents[1]!.jobs).toMatchObject([{ op: 'notify', params: { event: 'appointment.confirmed', contact: '+13125550100' } }]);
  });
});
