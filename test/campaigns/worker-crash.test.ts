import { ServiceProcess } from '../jobs/support/service-process';
import { testRedisEnv } from '../support/redis-target';
import { ACCOUNT, API_KEY, APP_SID, baseCampaign, CampaignFixture, contactsCsv } from './support/campaign-fixture';

describe('campaigns across a worker crash', () => {
  let fx: CampaignFixture;
  const workers: ServiceProcess[] = [];
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.kill();
    await fx?.close();
  });

  /** `texml-router worker` (job worker + campaign dispatcher) against the fixture's emulator, app and Redis. */
  function startWorker(): ServiceProcess {
    const worker = new ServiceProcess(['worker'], {
      ...testRedisEnv(),
      QUEUE_PREFIX: fx.prefix,
      TELNYX_API_BASE_URL: fx.emulator.apiBaseUrl,
      TELNYX_API_KEY: API_KEY,
      TELNYX_ACCOUNT_SID: ACCOUNT,
      TELNYX_APPLICATION_SID: APP_SID,
      PUBLIC_BASE_URL: fx.baseUrl,
      // The worker seals the URLs it hands to Telnyx; the fixture's service opens them.
      FLOW_STATE_SECRET: fx.config.flowStateSecret,
      TELNYX_DIALS_PER_SECOND: '300',
      JOB_LOCK_DURATION_MS: '1000',
      JOB_STALLED_INTERVAL_MS: '500',
      JOB_BACKOFF_BASE_MS: '50',
      DIAL_RECONCILE_DELAY_MS: '300',
      CAMPAIGN_TICK_MS: '20',
      CAMPAIGN_RECHECK_MS: '1000',
      LOG_LEVEL: 'info',
    });
    workers.push(worker);
    return worker;
  }

  it('when the worker is killed with SIGKILL mid-run and another starts, then every contact ends final and no number is dialed twice', async () => {
    fx = await CampaignFixture.start({ noWorker: true, noDispatcher: true });
    const count = 400;
    const id = await fx.create(baseCampaign({ pacing: { dials_per_second: 150, max_concurrent: 60 } }), contactsCsv(count));
    await fx.service.transition(id, 'start');

    const first = startWorker();
    await first.waitFor((l) => l.msg === 'campaign dispatcher started', 'the first worker dispatching');
    await fx.until('a third of the contacts were dialed', () => fx.emulator.state.dialLog.list().length >= count / 3, { timeoutMs: 20000 });
    expect(await first.kill('SIGKILL')).toBeNull();
    const atKill = fx.emulator.state.dialLog.list().length;
    expect(atKill).toBeLessThan(count);

    startWorker();
    const done = await fx.finished(id, { timeoutMs: 60000 });
    expect(done.state).toBe('completed');
    expect(done.contacts).toMatchObject({ total: count, done: count, dialing: 0, waiting: 0 });
    expect(done.outcomes.answered).toBe(count);
    const dials = fx.dialsByNumber();
    const twice = [...dials].filter(([, n]) => n !== 1);
    expect(twice).toEqual([]);
    expect(dials.size).toBe(count);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(count);
  }, 90000);
});
