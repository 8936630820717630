import { ACCOUNT, JobsFixture } from './support/jobs-fixture';

describe('worker lifecycle and pacing', () => {
  let fx: JobsFixture;
  afterEach(async () => fx.close());

  it('when the worker is closed while a job runs, then the job finishes before close returns', async () => {
    fx = await JobsFixture.start();
    const sid = fx.emulator.state.calls.create({ accountSid: ACCOUNT, origin: 'rest', from: '+13125550100', to: '+13125550101' }).sid;
    fx.emulator.addFaults({ operation: 'calls.fetch', fault: 'latency', latencyMs: 400, count: 1 });
    const { jobId } = await fx.submit('calls.fetch', { call_sid: sid });
    await fx.active(jobId);
    const started = Date.now();
    await fx.worker!.close(5000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await (await fx.job(jobId)).getState()).toBe('completed');
  });

  it('when a job outlasts the shutdown deadline, then close returns at the deadline and the next worker recovers the job (stalled check)', async () => {
    fx = await JobsFixture.start({ worker: { lockDurationMs: 1000, stalledIntervalMs: 500 } });
    const sid = fx.emulator.state.calls.create({ accountSid: ACCOUNT, origin: 'rest', from: '+13125550100', to: '+13125550102' }).sid;
    fx.emulator.addFaults({ operation: 'calls.fetch', fault: 'latency', latencyMs: 3000, count: 1 });
    const { jobId } = await fx.submit('calls.fetch', { call_sid: sid });
    await fx.active(jobId);
    const started = Date.now();
    await fx.worker!.close(300);
    expect(Date.now() - started).toBeLessThan(1500);

    await fx.startWorker({ lockDurationMs: 1000, stalledIntervalMs: 500 });
    const done = await fx.finished(jobId, 20000);
    expect(done.state).toBe('completed');
    expect(fx.logs.records().some((l) => l.msg === 'job stalled (its worker stopped): back in the queue' && l.jobId === jobId)).toBe(true);
  });

  it('when more dials are queued than the limit allows, then the dials queue paces them: no 429, at most the limit in any window', async () => {
    // A generous jitter allowance: this runs beside other suites, and a busy event loop delays requests.
    fx = await JobsFixture.start({ worker: { dialsPerSecond: 8, dialWindowSeconds: 1, dialJitterMs: 400 } });
    fx.emulator.setLimits({ dialsPerSecond: 8, dialWindowSeconds: 1 });
    const numbers = Array.from({ length: 20 }, (_, i) => `+1312555${String(4000 + i)}`);
    const jobs = await Promise.all(numbers.map((to) => fx.submit('calls.create', { to, from: '+13125550100' })));
    const results = await Promise.all(jobs.map(({ jobId }) => fx.finished(jobId)));
    expect(results.every((r) => r.state === 'completed' && !r.job.data.notes?.rateLimits)).toBe(true);
    expect(fx.emulator.control.status().rateLimitedDials).toBe(0);
    const times = fx.emulator.state.dialLog.list().map((e) => e.at).sort((a, b) => a - b);
    const busiest = Math.max(...times.map((t) => times.filter((u) => u > t - 1000 && u <= t).length));
    expect(busiest).toBeLessThanOrEqual(8);
    // 20 dials at 8 per 1.4 s window need at least two window changes.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2000);
  });
});
