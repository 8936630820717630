import { join } from 'node:path';
import fc from 'fast-check';
import { create } from 'xmlbuilder2';
import { compileFlowSet } from '../../../src/flows/compile-flow-set';
import type { CompiledFlowSet } from '../../../src/flows/compiled-flow';
import { renderFlow, resumeFlow, type RenderResult } from '../../../src/flows/flow-interpreter';
import { readFlowSources } from '../../../src/flows/load-flow-set';
import { callFromParameters, inputFromParameters } from '../../../src/templates/call-context';
import type { RequestOutcome } from '../../../src/events/outbound-request';
import { OPEN, assertWellFormed, callParams, fixturesDir, links, loadExamples } from './flow-test-kit';

/*
 * Whatever a caller (or a broken network) sends, every step of every example, and of the fixture
 * that uses every feature, renders and resumes without throwing, into well-formed XML, and the only
 * `{{ }}` in it are the secret placeholders the flow itself wrote.
 */

const odd = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('{{#secret}}api_token{{/secret}}', '{{', '}}', '{{secret.stream_token}}', '<Hangup/>', ']]>', '&amp;', '\u0000', '\uD800', '\uFFFE', 'x'.repeat(2000)),
);
const digits = fc.oneof(fc.stringMatching(/^[0-9*#]{0,10}$/), odd);
const speech = fc.oneof(fc.constantFrom('sales', 'Support please', 'confirm', 'customer service', ''), odd);
const dialStatus = fc.oneof(fc.constantFrom('completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'), odd);
const queueResult = fc.oneof(fc.constantFrom('bridged', 'leave', 'hangup', 'redirected', 'queue-full', 'error'), odd);
const answeredBy = fc.oneof(fc.constantFrom('human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'), odd);

/** What Telnyx sends back after a waiting action: any subset of the result parameters. */
const result = fc.record(
  { Digits: digits, SpeechResult: speech, Confidence: odd, DialCallStatus: dialStatus, DialCallSid: odd, RecordingSid: odd, RecordingUrl: odd, QueueResult: queueResult },
  { requiredKeys: [] },
);
const call = fc.record({ From: odd, To: odd, CallerId: odd, AnsweredBy: answeredBy, CallSid: odd }, { requiredKeys: [] });
const event = fc.option(fc.constantFrom('no-input', 'other'), { nil: undefined });

/** Only the placeholders the manifest allows may remain once they are taken out. */
function stripSecretPlaceholders(texml: string, set: CompiledFlowSet): string {
  let out = texml;
  for (const name of set.secrets.keys()) out = out.split(`{{#secret}}${name}{{/secret}}`).join('');
  return out;
}

function check(set: CompiledFlowSet, document: RenderResult): void {
  assertWellFormed(document.texml);
  expect(() => create(document.texml)).not.toThrow();
  const rest = stripSecretPlaceholders(document.texml, set);
  expect(rest).not.toContain('{{');
  expect(rest).not.toContain('}}');
}

async function everyFeature(): Promise<CompiledFlowSet> {
  const dir = join(fixturesDir, 'good', 'every-feature');
  const sources = await readFlowSources({ flowsDir: join(dir, 'flows'), routesDir: join(dir, 'routes'), baseDir: dir });
  return compileFlowSet(sources, { readEnv: (name) => (name === 'SUPPORT_DESK' ? '+13125550111' : undefined) }).set!;
}

/** What a backend may answer a flow's request: any JSON (or not JSON), any status, or nothing. */
const requestOutcome: fc.Arbitrary<RequestOutcome> = fc.oneof(
  fc.record({ kind: fc.constant('response' as const), status: fc.integer({ min: 100, max: 599 }), body: fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ caller: { tier: v, first_name: v } }))) }),
  fc.constant({ kind: 'timeout' as const }),
  fc.string().map((reason) => ({ kind: 'error' as const, reason })),
);

describe('rendering under arbitrary request values', () => {
  let sets: CompiledFlowSet[];
  beforeAll(async () => {
    sets = [(await loadExamples()).set, await everyFeature()];
  });

  it('when any step is rendered and resumed with arbitrary values, then it never throws, the XML is well-formed and only declared secret placeholders hold {{', () => {
    const steps = sets.flatMap((set, i) => [...set.flows.values()].flatMap((flow) => [...flow.steps.keys()].map((step) => [i, flow.name, step] as const)));
    fc.assert(
      fc.property(
        fc.constantFrom(...steps),
        call,
        fc.array(fc.tuple(result, event), { maxLength: 4 }),
        fc.boolean(),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        requestOutcome,
        ([i, flow, step], params, results, queueWait, now, outcome) => {
          const set = sets[i]!;
          const callContext = callFromParameters({ ...callParams, ...params });
          // A document that stops at a `request` goes on with an arbitrary answer (a backend is not trusted either).
          const settle = (document: RenderResult): RenderResult => {
            for (let n = 0; document.pendingRequest && n < 4; n++) document = document.pendingRequest.resume(outcome);
            return document;
          };
          let document = settle(renderFlow(set, { flow, step }, { call: callContext, input: {}, now, links, queueWait }));
          check(set, document);
          for (const [values, why] of results) {
            if (!document.waitingAt) break;
            document = settle(resumeFlow(set, document.waitingAt, { call: callContext, input: inputFromParameters(values), now, links, ...(why ? { event: why } : {}) }));
            check(set, document);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('when request values are huge, then documents stay bounded', () => {
    const [set] = sets;
    const document = renderFlow(set!, { flow: 'callback-request', step: 'confirm_number' }, { call: callFromParameters({ ...callParams, From: '+1'.padEnd(100_000, '9') }), input: {}, now: OPEN, links });
    expect(document.texml.length).toBeLessThan(4_000);
  });
});
