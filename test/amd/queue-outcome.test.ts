import { join } from 'node:path';
import pino from 'pino';
import { CallbackIngestor } from '../../src/events/callback-ingestor';
import { EventStore } from '../../src/events/event-store';
import { testRedis } from '../support/redis';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * What happens after a queue wait, with the requests Telnyx documents: the waitUrl request carries
 * the queue webhook (TexmlQueueWebhook: QueueSid, QueuePosition, CurrentQueueSize, QueueTime,
 * AvgQueueTime, strings) and the Enqueue's action carries only the instruction-fetch parameters
 * (no QueueResult). Driven against the real service, over HTTP, on a clock the test moves.
 */
const fixtures = join(__dirname, 'fixtures');
const START = Date.parse('2026-03-02T16:00:00Z');

const call = (extra: Record<string, string> = {}): Record<string, string> => ({
  AccountSid: 'acct',
  CallSid: 'v3:queued-caller',
  CallSidLegacy: 'v3:queued-caller',
  From: '+13125550199',
  To: '+13125550100',
  CallerId: '+13125550199',
  CallingPartyType: 'pstn',
  ConnectionId: 'conn',
  CallStatus: 'in-progress',
  ...extra,
});

function attribute(texml: string, verb: string, name: string): string {
  const match = new RegExp(`<${verb}[^>]* ${name}="([^"]+)"`).exec(texml);
  if (!match) throw new Error(`no ${verb} ${name} in ${texml}`);
  return new URL(match[1]!.replace(/&amp;/g, '&')).pathname + new URL(match[1]!.replace(/&amp;/g, '&')).search;
}

describe('after a queue wait (no QueueResult)', () => {
  let t: TestApp;
  let now = START;
  let action: string;
  let waitUrl: string;

  beforeEach(async () => {
    now = START;
    t = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), now: () => new Date(now) });
    const first = await t.post('/voice?flow=queued', call()).expect(200);
    action = attribute(first.text, 'Enqueue', 'action');
    waitUrl = attribute(first.text, 'Enqueue', 'waitUrl');
  });

  const queueWebhook = { QueueSid: 'QU1', QueuePosition: '3', CurrentQueueSize: '5', QueueTime: '30', AvgQueueTime: '230' };

  it('when the wait step is requested, then its templates read the caller\'s place and the average wait (queue.*)', async () => {
    const res = await t.post(waitUrl, call(queueWebhook)).expect(200);
    expect(res.text).toContain('You are caller 3 of 5; the average wait is 4 minutes.');
  });

  it('when the action comes early, the call alive and no Leave issued, then an agent took it: then', async () => {
    now = START + 90_000;
    const res = await t.post(action, call()).expect(200);
    expect(res.text).toContain('Thanks for calling. Result bridged.');
  });

  it('when the caller pressed 1 in the wait step and the service answered with Leave, then the action goes to on_timeout', async () => {
    const wait = await t.post(waitUrl, call(queueWebhook)).expect(200);
    const gather = attribute(wait.text, 'Gather', 'action');
    now = START + 20_000;
    const left = await t.post(gather, call({ Digits: '1' })).expect(200);
    expect(left.text).toContain('<Leave/>');
    const res = await t.post(action, call()).expect(200);
    expect(res.text).toContain('Sorry, nobody is free. Result leave.');
  });

  it('when the action comes once max_wait has passed, then on_timeout', async () => {
    now = START + 600_000;
    const res = await t.post(action, call()).expect(200);
    expect(res.text).toContain('Sorry, nobody is free. Result timeout.');
  });

  it('when the action says the call has ended, then the caller hung up: then (nobody hears it)', async () => {
    now = START + 45_000;
    const res = await t.post(action, call({ CallStatus: 'completed' })).expect(200);
    expect(res.text).toContain('Result hangup.');
  });

  it('when Telnyx does send a QueueResult, then it is used', async () => {
    now = START + 45_000;
    const res = await t.post(action, call({ QueueResult: 'timeout' })).expect(200);
    expect(res.text).toContain('Result timeout.');
  });

  it('when a flow reads an unknown queue field, then loading fails naming it', async () => {
    const { compileFlows } = await import('../unit/flows/flow-test-kit');
    const outcome = compileFlows({ 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - say: "{{queue.postion}}"\n' });
    expect(outcome.diagnostics.map((d) => d.message).join('\n')).toContain("unknown template reference '{{queue.postion}}'");
    expect(outcome.diagnostics.map((d) => d.hint ?? '').join('\n')).toContain('queue.position');
  });

  it('when the service has an event store, then the Leave is marked on the call\'s timeline (any web process finds it) as a queue.left leave event', async () => {
    const { redis, prefix, cleanup } = await testRedis();
    try {
      const store = new EventStore(redis, { prefix, retentionSeconds: 600 });
      const stored = await createTestApp({
        flowsDir: join(fixtures, 'flows'),
        routesDir: join(fixtures, 'routes'),
        now: () => new Date(now),
        events: () => ({ store, ingestor: new CallbackIngestor(store, pino({ level: 'silent' })) }),
      });
      const first = await stored.post('/voice?flow=queued', call()).expect(200);
      const wait = await stored.post(attribute(first.text, 'Enqueue', 'waitUrl'), call(queueWebhook)).expect(200);
      now = START + 20_000;
      await stored.post(attribute(wait.text, 'Gather', 'action'), call({ Digits: '1' })).expect(200);
      // Another app (another web process) on the same store answers the Enqueue's action.
      const other = await createTestApp({
        flowsDir: join(fixtures, 'flows'),
        routesDir: join(fixtures, 'routes'),
        now: () => new Date(now),
        events: () => ({ store, ingestor: new CallbackIngestor(store, pino({ level: 'silent' })) }),
      });
      const res = await other.post(attribute(first.text, 'Enqueue', 'action'), call()).expect(200);
      expect(res.text).toContain('Result leave.');
      const timeline = await store.timeline('v3:queued-caller');
      expect(timeline?.events.filter((e) => e.type === 'queue.left').map((e) => e.data.queue_result)).toEqual(['leave']);
    } finally {
      await cleanup();
    }
  });
});
