import { EventStore } from '../../src/events/event-store';
import { normaliseCallback } from '../../src/events/normalise-callback';
import { testRedis } from '../support/redis';

// Traffic per step for the studio: hourly counters moved when an event is first stored, read
// without scanning timelines (docs/events.md).
describe('flow traffic', () => {
  let t: Awaited<ReturnType<typeof testRedis>>;
  let store: EventStore;
  beforeEach(async () => {
    t = await testRedis();
    store = new EventStore(t.redis, { prefix: t.prefix, retentionSeconds: 3600 });
  });
  afterEach(() => t.cleanup());

  const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 10, minute));
  const ended = (callSid: string, minute: number) =>
    normaliseCallback('call-status', { CallSid: callSid, CallStatus: 'completed', CallbackSource: 'call-progress-events', SequenceNumber: '4', Timestamp: at(minute).toISOString() }, at(minute));

  /** Waits until the counters say so: they move just after the event is stored. */
  async function trafficWhen(check: (visits: Record<string, number>, endedAt: Record<string, number>) => boolean) {
    for (;;) {
      const traffic = await store.flowTraffic('desk', at(0), at(120));
      if (check(traffic.visits, traffic.ended)) return traffic;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('when calls pass through steps and end, then each step counts its visits and where calls ended, once per event whatever the redeliveries', async () => {
    // Call 1: welcome -> menu (waits), then menu -> sales, then hangs up in sales.
    await store.recordFlowSteps({ callSid: 'v3:c1', flow: 'desk', steps: ['desk.welcome', 'desk.menu'], outcome: 'wait', endpoint: 'voice', at: at(1) });
    await store.recordFlowSteps({ callSid: 'v3:c1', flow: 'desk', steps: ['desk.sales'], outcome: 'wait', endpoint: 'step', at: at(2) });
    // Call 2: welcome -> menu, hangs up at the menu; its end is delivered twice.
    await store.recordFlowSteps({ callSid: 'v3:c2', flow: 'desk', steps: ['desk.welcome', 'desk.menu'], outcome: 'wait', endpoint: 'voice', at: at(3) });
    // Call 3 goes on into another flow: that step counts for that flow.
    await store.recordFlowSteps({ callSid: 'v3:c3', flow: 'desk', steps: ['desk.welcome', 'queue.hold'], outcome: 'wait', endpoint: 'voice', at: at(65) });
    await store.record(ended('v3:c1', 4));
    await store.record(ended('v3:c2', 5));
    await store.record(ended('v3:c2', 5));

    const traffic = await trafficWhen((visits, endedAt) => visits['desk.welcome'] === 3 && endedAt['desk.menu'] === 1 && endedAt['desk.sales'] === 1);
    expect(traffic.visits).toEqual({ 'desk.welcome': 3, 'desk.menu': 2, 'desk.sales': 1 });
    expect(traffic.ended).toEqual({ 'desk.sales': 1, 'desk.menu': 1 });
    expect((await store.flowTraffic('queue', at(0), at(120))).visits).toEqual({ 'queue.hold': 1 });
    // The window is by the hour: the first hour alone has calls 1 and 2.
    expect((await store.flowTraffic('desk', at(0), at(60))).visits).toEqual({ 'desk.welcome': 2, 'desk.menu': 2, 'desk.sales': 1 });
  });
});
