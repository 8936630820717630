import type { OperationJobData } from '../../src/jobs/job-data';
import { testRedisEnv } from '../support/redis-target';
import { ACCOUNT, API_KEY, APP_SID, JobsFixture, PUBLIC_BASE_URL } from './support/jobs-fixture';
import { ServiceProcess } from './support/service-process';

const FROM = '+13125550100';
const CALLS_CREATE = /\/texml\/Accounts\/[^/]+\/Calls$/;

function dialsTo(fx: JobsFixture, to: string): number {
  return fx.emulator.state.dialLog.list().filter((entry) => entry.to === to).length;
}

describe('at most one call per create-call job', () => {
  describe('in one process', () => {
    let fx: JobsFixture;
    afterEach(async () => fx.close());

    it('when Telnyx is flaky (20 % 500s and timeouts, seeded) and some answers are lost after the call was placed, then every job completes and each number is called exactly once', async () => {
      // The reconcile delay must outlast a request still in flight after the client gave up (500 ms):
      // on a loaded machine the emulator can take a second or more to act on a dial, and a list
      // taken before then finds nothing and dials again. Production waits 10 s for the same reason.
      fx = await JobsFixture.start({ proxy: true, telnyxTimeoutMs: 500, attempts: 15, emulator: { seed: 42 }, worker: { reconcileDelayMs: 3000 } });
      fx.emulator.addFaults([
        { fault: 'error', status: 500, probability: 0.1 },
        { fault: 'timeout', probability: 0.1 },
      ]);
      fx.proxy!.add({ method: 'POST', path: CALLS_CREATE, action: 'lose', probability: 0.15 });
      const numbers = Array.from({ length: 30 }, (_, i) => `+1312555${String(1000 + i)}`);
      const jobs = await Promise.all(numbers.map((to) => fx.submit('calls.create', { to, from: FROM, flow: 'callback-agent' })));
      const results = await Promise.all(jobs.map(({ jobId }) => fx.finished(jobId, 60000)));

      expect(results.map((r) => r.state)).toEqual(numbers.map(() => 'completed'));
      for (const to of numbers) expect({ to, dials: dialsTo(fx, to) }).toEqual({ to, dials: 1 });
      expect(fx.emulator.state.dialLog.list()).toHaveLength(numbers.length);
      // Every job whose call was placed but whose answer was lost settled it by reconciling, never
      // by dialing again. (A lost answer to an injected 500 placed nothing, so its retry dials; a
      // slow answer that outlived the client's timeout is reconciled too, so there may be more.)
      const lostTo = fx.proxy!.affected.filter((a) => a.status < 300).map((a) => (JSON.parse(a.body) as { To: string }).To);
      expect(lostTo.length).toBeGreaterThan(0);
      for (const to of lostTo) {
        const result = results[numbers.indexOf(to)]!.result as { reconciled?: boolean };
        expect({ to, reconciled: result.reconciled }).toEqual({ to, reconciled: true });
      }
      const faulted = fx.emulator.control.listFaults().reduce((sum, rule) => sum + rule.fired, 0);
      expect(faulted).toBeGreaterThan(0);
    }, 90000);

    it('when the answer to a dial is lost, then the retry waits DIAL_RECONCILE_DELAY_MS, finds the call and does not dial again', async () => {
      fx = await JobsFixture.start({ proxy: true, worker: { reconcileDelayMs: 300 } });
      fx.proxy!.add({ method: 'POST', path: CALLS_CREATE, action: 'lose', count: 1 });
      const done = await fx.finished((await fx.submit('calls.create', { to: '+13125552000', from: FROM })).jobId);
      expect(done.state).toBe('completed');
      expect(done.result).toMatchObject({ placed: true, reconciled: true });
      expect(dialsTo(fx, '+13125552000')).toBe(1);
      const records = fx.logs.records().filter((l) => l.jobId === done.job.id);
      const dialing = records.find((l) => l.msg === 'dialing')!;
      const reconciled = records.find((l) => String(l.msg).startsWith('dial reconciled: the earlier attempt placed the call'))!;
      expect(Date.parse(String(reconciled.time)) - Date.parse(String(dialing.time))).toBeGreaterThanOrEqual(300);
    });

    it('when another job already called the same number, then a lost answer is still recognised as placed (the other call is accounted for)', async () => {
      fx = await JobsFixture.start({ proxy: true });
      const to = '+13125552100';
      expect((await fx.finished((await fx.submit('calls.create', { to, from: FROM })).jobId)).state).toBe('completed');
      fx.proxy!.add({ method: 'POST', path: CALLS_CREATE, action: 'lose', count: 1 });
      const second = await fx.finished((await fx.submit('calls.create', { to, from: FROM })).jobId);
      expect(second.result).toMatchObject({ reconciled: true });
      expect(dialsTo(fx, to)).toBe(2);
    });

    it('when a dial to a number another job called never reached Telnyx, then the retry dials (the other job’s call is not mistaken for it)', async () => {
      fx = await JobsFixture.start({ telnyxTimeoutMs: 300 });
      const to = '+13125552200';
      expect((await fx.finished((await fx.submit('calls.create', { to, from: FROM })).jobId)).state).toBe('completed');
      fx.emulator.addFaults({ operation: 'calls.create', fault: 'timeout', count: 1 });
      const second = await fx.finished((await fx.submit('calls.create', { to, from: FROM })).jobId);
      expect(second.state).toBe('completed');
      expect(second.result).toMatchObject({ placed: true });
      expect((second.result as { reconciled?: boolean }).reconciled).toBeUndefined();
      expect(dialsTo(fx, to)).toBe(2);
      expect((second.job.data as OperationJobData).notes?.lastError).toMatchObject({ kind: 'retryable' });
    });

    it('when the answer to a participant dial is lost, then the job fails without dialing again', async () => {
      fx = await JobsFixture.start({ proxy: true });
      fx.proxy!.add({ method: 'POST', path: /\/Participants$/, action: 'lose', count: 1 });
      const done = await fx.finished((await fx.submit('participants.dial', { conference: 'room-9', to: '+13125552300', from: FROM })).jobId);
      expect(done.state).toBe('failed');
      expect(done.job.attemptsMade).toBe(1);
      expect(done.failedReason).toMatch(/may have reached Telnyx, so it is not sent again/);
      expect(dialsTo(fx, '+13125552300')).toBe(1);
    });
  });

  describe('across a worker crash', () => {
    let fx: JobsFixture;
    const workers: ServiceProcess[] = [];
    afterEach(async () => {
      for (const worker of workers.splice(0)) await worker.kill();
      await fx.close();
    });

    function startWorker(baseUrl: string, reconcileDelayMs: number): ServiceProcess {
      const worker = new ServiceProcess(['worker'], {
        ...testRedisEnv(),
        QUEUE_PREFIX: fx.prefix,
        TELNYX_API_BASE_URL: baseUrl,
        TELNYX_API_KEY: API_KEY,
        TELNYX_ACCOUNT_SID: ACCOUNT,
        TELNYX_APPLICATION_SID: APP_SID,
        PUBLIC_BASE_URL,
        JOB_LOCK_DURATION_MS: '1000',
        JOB_STALLED_INTERVAL_MS: '500',
        JOB_BACKOFF_BASE_MS: '50',
        DIAL_RECONCILE_DELAY_MS: String(reconcileDelayMs),
        TELNYX_TIMEOUT_MS: '10000',
        LOG_LEVEL: 'info',
      });
      workers.push(worker);
      return worker;
    }

    it('when a worker is killed (SIGKILL) in the middle of a create-call request, then another worker finishes the job and exactly one call exists', async () => {
      fx = await JobsFixture.start({ noWorker: true });
      fx.emulator.addFaults({ operation: 'calls.create', fault: 'latency', latencyMs: 2000, count: 1 });
      const { jobId } = await fx.submit('calls.create', { to: '+13125552400', from: FROM, flow: 'callback-agent' });
      const first = startWorker(fx.emulator.apiBaseUrl, 2500);
      await first.waitFor((l) => l.msg === 'dialing' && l.jobId === jobId, 'the first worker dialing');
      expect(await first.kill('SIGKILL')).toBeNull();

      const second = startWorker(fx.emulator.apiBaseUrl, 2500);
      const done = await fx.finished(jobId, 30000);
      expect(done.state).toBe('completed');
      expect(fx.emulator.state.dialLog.list()).toHaveLength(1);
      await second.waitFor((l) => l.msg === 'job stalled (its worker stopped): back in the queue' || l.msg === 'dialing', 'the second worker taking the job');
    });

    it('when a worker is killed after Telnyx placed the call but before the answer came back, then the next worker reconciles and does not dial again', async () => {
      fx = await JobsFixture.start({ noWorker: true, proxy: true });
      fx.proxy!.add({ method: 'POST', path: CALLS_CREATE, action: 'hold', holdMs: 10000, count: 1 });
      const created = fx.emulator.state.waitFor('call.created');
      const { jobId } = await fx.submit('calls.create', { to: '+13125552500', from: FROM, flow: 'callback-agent' });
      const first = startWorker(`${fx.proxy!.url}/v2`, 500);
      await created;
      await first.kill('SIGKILL');

      startWorker(`${fx.proxy!.url}/v2`, 500);
      const done = await fx.finished(jobId, 30000);
      expect(done.state).toBe('completed');
      expect(done.result).toMatchObject({ placed: true, reconciled: true });
      expect(fx.emulator.state.dialLog.list()).toHaveLength(1);
    });
  });
});
