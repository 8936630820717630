import { join } from 'node:path';
import fc from 'fast-check';
import type { CallEvent, CallbackKind } from '../../src/events/call-event';
import { CallbackIngestor, type IngestResult } from '../../src/events/callback-ingestor';
import type { CallbackParams } from '../../src/events/normalise-callback';
import { EventStore } from '../../src/events/event-store';
import { parseTexmlDocument } from '../../src/emulator/player/texml-document';
import { createLogger } from '../../src/logging';
import { webhookContract, webhookKinds, type WebhookKind } from '../../src/telnyx/contract/webhook-contract';
import { allFields, arbitraryForm, everyEnumValue, expectedEventType, requiredOnly, type Form } from '../support/contract-requests';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';
import { actionPath, createTestApp, repoRoot, type TestApp } from '../support/test-app';

/**
 * The service accepts everything Telnyx documents: for every webhook kind in the contract, signed
 * requests built from it (required parameters only, every parameter, every documented value of
 * every enum, and random subsets with random values) reach the real app, which answers 200 with
 * valid TeXML (voice routes) or stores the right event (callbacks).
 */

const fixtures = join(repoRoot, 'test/fixtures/contract-flows');

/** Observes what the real ingestor made of each callback (nothing is replaced). */
class WatchedIngestor extends CallbackIngestor {
  last: CallEvent | undefined;
  override async ingest(kind: CallbackKind, params: CallbackParams): Promise<IngestResult> {
    const result = await super.ingest(kind, params);
    this.last = result.event;
    return result;
  }
}

/** Which number reaches the flow whose waiting verb produces the action (or wait) URL of each kind. */
const stepNumber: Partial<Record<WebhookKind, string>> = {
  'dial-action': '+13125550101',
  'record-action': '+13125550102',
  'enqueue-action': '+13125550103',
  'queue-wait': '+13125550103',
};

describe('every webhook Telnyx documents, signed, against the real app', () => {
  let t: TestApp;
  let ingestor: WatchedIngestor;
  let cleanup: () => Promise<void>;
  let calls = 0;

  beforeAll(async () => {
    const r = await testRedis();
    cleanup = r.cleanup;
    const store = new EventStore(r.redis, { prefix: r.prefix, retentionSeconds: 600 });
    ingestor = new WatchedIngestor(store, createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() }));
    t = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), events: () => ({ store, ingestor }) });
  });
  afterAll(() => cleanup());

  const expectTexml = (res: { status: number; text: string; headers: Record<string, string> }, what: string) => {
    expect({ what, status: res.status }).toEqual({ what, status: 200 });
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(parseTexmlDocument(res.text).name).toBe('Response');
  };

  /** A URL the service emitted for a waiting verb, got the way Telnyx gets it: by fetching the voice URL first. */
  const emittedPath = async (kind: WebhookKind, callSid: string): Promise<string> => {
    const first = await t.post('/voice', { AccountSid: 'acct', CallSid: callSid, CallSidLegacy: callSid, From: '+13125550199', To: stepNumber[kind] ?? '+13125550100', ConnectionId: '1' }).expect(200);
    if (kind !== 'queue-wait') return actionPath(first.text);
    const url = new URL(/waitUrl="([^"]+)"/.exec(first.text)![1]!.replace(/&amp;/g, '&'));
    return url.pathname + url.search;
  };

  const seen = (): CallEvent | undefined => ingestor.last;

  async function send(kind: WebhookKind, form: Form): Promise<void> {
    const spec = webhookContract[kind];
    const what = `${kind} ${JSON.stringify(form)}`;
    switch (spec.endpoint) {
      case 'voice':
        expectTexml(await t.post('/voice', form), what);
        return;
      case 'voice-step':
      case 'queue-wait': {
        // The token in the URL belongs to the call that fetched it: the step request comes from that call.
        const callSid = `v3:contract-${++calls}`;
        const path = await emittedPath(kind, callSid);
        expectTexml(await t.post(path, { ...form, CallSid: callSid }), what);
        return;
      }
      default: {
        ingestor.last = undefined;
        const res = await t.post(`/${spec.endpoint}`, form);
        expect({ what, status: res.status, text: res.text }).toEqual({ what, status: 200, text: expect.stringMatching(/^OK/) });
        const event = seen();
        expect({ what, type: event?.type }).toEqual({ what, type: expectedEventType(kind, form) });
        if (form.CallSid !== undefined) expect(event!.callSid).toBe(form.CallSid);
      }
    }
  }

  it.each(webhookKinds)('%s: required parameters only, every parameter, every documented value, and random ones', async (kind) => {
    await send(kind, requiredOnly(kind));
    await send(kind, allFields(kind));
    for (const form of everyEnumValue(kind)) await send(kind, form);
    await fc.assert(
      fc.asyncProperty(arbitraryForm(kind), (form) => send(kind, form)),
      { numRuns: 12 },
    );
  });

  it('takes both AnsweredBy vocabularies (OpenAPI and the AMD guide), synchronous and asynchronous', async () => {
    for (const kind of ['amd-sync', 'amd-async'] as const) {
      for (const answeredBy of ['machine', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'human', 'fax', 'unknown']) {
        await send(kind, { ...requiredOnly(kind), AnsweredBy: answeredBy, CallSid: `v3:amd-${kind}-${answeredBy}` });
      }
    }
  });
});
