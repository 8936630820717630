import { DialGuard } from '../../src/jobs/dial-guard';
import { testRedis } from '../support/redis';

// At most one dial per job even when two runs of it overlap: BullMQ starts a retry when a run's
// lock lapses (a slow or frozen worker), and the slow run may still be about to dial.
describe('dial guard', () => {
  let t: Awaited<ReturnType<typeof testRedis>>;
  let guard: DialGuard;
  const target = { to: '+13125552000', from: '+13125550100' };
  beforeEach(async () => {
    t = await testRedis();
    guard = new DialGuard(t.redis, { prefix: t.prefix });
  });
  afterEach(() => t.cleanup());

  it('when two runs of a job both read no marker and both try to mark a send, then only the first may dial', async () => {
    const [slow, retry] = [await guard.read('job-1'), await guard.read('job-1')];
    expect(await guard.markSent('job-1', target, retry, 1000)).toMatchObject({ state: 'sent', sends: 1 });
    expect(await guard.markSent('job-1', target, slow, 1001)).toBeUndefined();
    expect(await guard.read('job-1')).toMatchObject({ sends: 1, lastSentAt: 1000 });
  });

  it('when a retry marks again over the send it read, then it may dial, and a run still holding the older read may not', async () => {
    const first = await guard.markSent('job-2', target, undefined, 1000);
    const readByBoth = await guard.read('job-2');
    expect(await guard.markSent('job-2', target, readByBoth, 5000)).toMatchObject({ sends: 2, firstSentAt: 1000, lastSentAt: 5000 });
    expect(await guard.markSent('job-2', target, first, 5001)).toBeUndefined();
  });

  it('when the dial is confirmed, then no run may mark another send', async () => {
    const marker = (await guard.markSent('job-3', target, undefined, 1000))!;
    await guard.confirm('job-3', marker, { placed: true });
    expect(await guard.markSent('job-3', target, marker, 2000)).toBeUndefined();
    expect(await guard.read('job-3')).toMatchObject({ state: 'done' });
  });
});
