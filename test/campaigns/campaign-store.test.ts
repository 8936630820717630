import { campaignDefinitionForTests } from './support/campaign-definition-for-tests';
import type { CampaignDefinition } from '../../src/campaigns/campaign-definition';
import { CampaignOutcomeObserver } from '../../src/campaigns/campaign-outcome-observer';
import { CampaignStore } from '../../src/campaigns/campaign-store';
import type { CallEvent } from '../../src/events/call-event';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';

const definition = campaignDefinitionForTests({ name: 'store-test', retry: { busy: { delayMs: 60_000, maxAttempts: 2 } } });

const T0 = Date.UTC(2026, 0, 5, 18);

describe('campaign store (Redis scripts)', () => {
  let t: Awaited<ReturnType<typeof testRedis>>;
  let store: CampaignStore;
  beforeEach(async () => {
    t = await testRedis();
    store = new CampaignStore(t.redis, t.prefix);
  });
  afterEach(async () => t.cleanup());

  async function campaign(contacts: number, overrides: Partial<CampaignDefinition> = {}): Promise<string> {
    const id = `store-${Math.random().toString(16).slice(2, 8)}`;
    await store.create(id, { ...definition, ...overrides }, T0, 1000);
    await store.importRows(id, Array.from({ length: contacts }, (_, i) => ({ phone: `+1312555${2000 + i}`, line: i + 2 })));
    return id;
  }
  const all = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

  it('when contacts are claimed, then the pacing bucket and the live-call slots bound how many, and only while running', async () => {
    const id = await campaign(10);
    expect((await store.claim(id, T0, all(10))).dials).toHaveLength(0); // a draft dials nothing
    await store.transition(id, 'start', T0);
    // The bucket starts with one token; 10/s refills 2 (its burst) in 200 ms.
    expect((await store.claim(id, T0, all(10))).dials.map((d) => d.contact)).toEqual([1]);
    expect((await store.claim(id, T0 + 50, all(10))).dials).toHaveLength(0);
    expect((await store.claim(id, T0 + 1000, all(10))).dials.map((d) => d.contact)).toEqual([2, 3]);
    // Three live: no slot left however many tokens there are.
    expect((await store.claim(id, T0 + 5000, all(10))).dials).toHaveLength(0);
    await store.record(id, 1, 1, 'final', { status: 'completed', sid: 'v3:a', duration: '12', to: '+13125552000' }, T0 + 6000);
    expect((await store.claim(id, T0 + 6000, all(10))).dials.map((d) => [d.contact, d.attempt, d.sequence])).toEqual([[4, 1, 4]]);
    await store.transition(id, 'pause', T0 + 6000);
    expect((await store.claim(id, T0 + 9000, all(10))).dials).toHaveLength(0);
  });

  it('when many dispatchers claim the same contacts at once, then each contact is claimed exactly once', async () => {
    const id = await campaign(300, { pacing: { dialsPerSecond: 1000, maxConcurrent: 1000 } });
    await store.transition(id, 'start', T0);
    const stores = Array.from({ length: 6 }, () => new CampaignStore(t.redis.duplicate(), t.prefix));
    const claimed: number[] = [];
    for (let round = 1; round <= 20; round++) {
      const results = await Promise.all(stores.map((s) => s.claim(id, T0 + round * 1000, all(300))));
      for (const r of results) claimed.push(...r.dials.map((d) => d.contact));
    }
    for (const s of stores) await s.redis.quit();
    expect(claimed.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('when callbacks are delivered twice, late or for an earlier attempt, then each attempt is settled once and retries follow the policy', async () => {
    const id = await campaign(2);
    await store.transition(id, 'start', T0);
    await store.claim(id, T0 + 1000, ['1']);
    expect(await store.record(id, 1, 1, 'final', { status: 'busy', sid: 'v3:first', to: '+13125552000' }, T0 + 2000)).toBe('retry');
    expect(await store.record(id, 1, 1, 'final', { status: 'busy', sid: 'v3:first', to: '+13125552000' }, T0 + 2001)).toBe('duplicate');
    expect((await store.contact(id, 1))?.state).toBe('pending');
    // Not due before the delay.
    expect((await store.claim(id, T0 + 30_000, ['1'])).dials).toHaveLength(0);
    const second = await store.claim(id, T0 + 62_000, ['1']);
    expect(second.dials.map((d) => d.attempt)).toEqual([2]);
    expect(await store.record(id, 1, 1, 'final', { status: 'completed' }, T0 + 63_000)).toBe('stale');
    expect(await store.record(id, 1, 2, 'final', { status: 'busy', sid: 'v3:second', to: '+13125552000' }, T0 + 64_000)).toBe('busy');
    const contact = await store.contact(id, 1);
    expect(contact).toMatchObject({ state: 'done', outcome: 'busy', attempts: '2', history: 'busy busy', sid: 'v3:second' });
  });

  it('when an attempt timed out as unknown and its end arrives after all, then the outcome is corrected without a retry', async () => {
    const id = await campaign(1);
    await store.transition(id, 'start', T0);
    await store.claim(id, T0 + 1000, ['1']);
    expect(await store.record(id, 1, 1, 'timeout', {}, T0 + 3_700_000)).toBe('unknown');
    expect((await store.meta(id))?.state).toBe('completed');
    expect(await store.record(id, 1, 1, 'final', { status: 'completed', sid: 'v3:late', duration: '40', to: '+13125552000' }, T0 + 3_800_000)).toBe('corrected');
    const meta = await store.meta(id);
    expect([meta?.['o:unknown'], meta?.['o:answered']]).toEqual(['0', '1']);
    expect(await store.contact(id, 1)).toMatchObject({ outcome: 'answered', duration: '40', sid: 'v3:late' });
  });

  it('when the observer sees the same callback twice, then it is recorded once; callbacks of other calls are ignored', async () => {
    const id = await campaign(1);
    await store.transition(id, 'start', T0);
    await store.claim(id, T0 + 1000, ['1']);
    const logs = new LogCapture();
    const observer = new CampaignOutcomeObserver(store, createLogger({ level: 'debug', pretty: false, secretValues: [], destination: logs }), () => T0 + 5000);
    const event = (type: string, data: Record<string, string>): CallEvent => ({
      id: `call:v3:x:${type}`,
      kind: 'call-status',
      type,
      callSid: 'v3:x',
      occurredAt: new Date(T0).toISOString(),
      receivedAt: new Date(T0).toISOString(),
      sequence: null,
      flow: null,
      data,
    });
    const completed = event('call.completed', { campaign_id: id, contact_id: '1', attempt: '1', call_status: 'completed', call_duration: '9', answered_by: 'human', to: '+13125552000' });
    await observer.observe(event('call.completed', { call_status: 'completed' })); // not a campaign call
    await observer.observe(completed);
    await observer.observe(completed);
    await observer.observe(event('call.completed', { campaign_id: 'bad id!', contact_id: '1', attempt: '1' }));
    const meta = await store.meta(id);
    expect([meta?.done, meta?.['o:answered'], meta?.state]).toEqual(['1', '1', 'completed']);
    expect(await store.contact(id, 1)).toMatchObject({ amd: 'human', duration: '9', sid: 'v3:x' });
    expect(logs.text).toContain('callback with malformed campaign parameters: ignored');
  });
});
