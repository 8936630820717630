import type { OperationJobData } from '../../src/jobs/job-data';
import { OperationValidationError } from '../../src/jobs/operation-validation-error';
import { ACCOUNT, JobsFixture } from './support/jobs-fixture';

const FROM = '+13125550100';

async function metric(fx: JobsFixture, name: string, labels: Record<string, string>): Promise<number> {
  const values = (await fx.metrics.registry.getSingleMetric(name)!.get()).values;
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

describe('retry policy', () => {
  let fx: JobsFixture;
  let callSid: string;

  beforeEach(async () => {
    fx = await JobsFixture.start({ attempts: 4, telnyxTimeoutMs: 300 });
    callSid = fx.emulator.state.calls.create({ accountSid: ACCOUNT, origin: 'rest', from: FROM, to: '+13125550101' }).sid;
  });
  afterEach(async () => fx.close());

  it('when Telnyx answers 429 with Retry-After, then the queue pauses that long and the job runs again after it, not before, without using an attempt', async () => {
    fx.emulator.addFaults({ operation: 'calls.fetch', fault: 'rate_limit', retryAfterSeconds: 1, count: 1 });
    const first = await fx.submit('calls.fetch', { call_sid: callSid });
    // A second job enqueued while the queue is paused waits for the pause too.
    await fx.logs.waitFor((line) => line.msg === 'Telnyx rate limit: queue paused, job goes back in line');
    const second = await fx.submit('calls.fetch', { call_sid: callSid });

    const done = await fx.finished(first.jobId);
    const other = await fx.finished(second.jobId);
    expect(done.state).toBe('completed');
    const notes = (done.job.data as OperationJobData).notes!;
    expect(notes).toMatchObject({ rateLimits: 1, rateLimitDelayMs: 1000, lastError: { kind: 'rate-limited', status: 429, code: '10011' } });
    expect(done.job.processedOn! - notes.rateLimitedAt!).toBeGreaterThanOrEqual(1000);
    expect(other.job.processedOn! - notes.rateLimitedAt!).toBeGreaterThanOrEqual(1000);
    expect(done.job.attemptsMade).toBe(1);
    expect(await metric(fx, 'texml_jobs_retried_total', { op: 'calls.fetch', reason: 'rate-limited' })).toBe(1);
    expect(await metric(fx, 'texml_telnyx_errors_total', { op: 'calls.fetch', status: '429' })).toBe(1);
  });

  it('when a 429 says nothing about when to come back, then the queue backs off exponentially', async () => {
    fx.emulator.addFaults({ operation: 'calls.fetch', fault: 'rate_limit', rateLimitHeaders: false, count: 2 });
    const done = await fx.finished((await fx.submit('calls.fetch', { call_sid: callSid })).jobId);
    expect(done.state).toBe('completed');
    const notes = (done.job.data as OperationJobData).notes!;
    expect(notes.rateLimits).toBe(2);
    // Second 429: ceiling 2 x 20 ms base, drawn between half of it and all of it.
    expect(notes.rateLimitDelayMs).toBeGreaterThanOrEqual(20);
    expect(notes.rateLimitDelayMs).toBeLessThanOrEqual(40);
  });

  it('when dials hit Telnyx’s dial limit (90103), then the dials queue pauses until x-ratelimit-reset and every call is placed once', async () => {
    fx.emulator.setLimits({ dialsPerSecond: 4, dialWindowSeconds: 1 });
    const numbers = Array.from({ length: 7 }, (_, i) => `+1312555020${i}`);
    const jobs = await Promise.all(numbers.map((to) => fx.submit('calls.create', { to, from: FROM })));
    const results = await Promise.all(jobs.map(({ jobId }) => fx.finished(jobId)));
    expect(results.map((r) => r.state)).toEqual(numbers.map(() => 'completed'));
    const dialed = fx.emulator.state.dialLog.list().filter((e) => numbers.includes(e.to)).map((e) => e.to);
    expect(dialed.sort()).toEqual([...numbers].sort());
    const limited = results.filter((r) => (r.job.data as OperationJobData).notes?.rateLimits);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) {
      const notes = (r.job.data as OperationJobData).notes!;
      expect(notes.lastError).toMatchObject({ status: 429, code: '90103' });
      expect(r.job.processedOn! - notes.rateLimitedAt!).toBeGreaterThanOrEqual(notes.rateLimitDelayMs!);
    }
  });

  it('when Telnyx answers 422, then the job fails at once with Telnyx’s code, title and detail kept on the job', async () => {
    expect((await fx.finished((await fx.submit('queues.create', { friendly_name: 'support' })).jobId)).state).toBe('completed');
    const done = await fx.finished((await fx.submit('queues.create', { friendly_name: 'support' })).jobId);
    expect(done.state).toBe('failed');
    expect(done.job.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/^queues\.create: 422 10012 /);
    const lastError = (done.job.data as OperationJobData).notes!.lastError!;
    expect(lastError).toMatchObject({ kind: 'permanent', status: 422, code: '10012' });
    expect(lastError.title).toBeTruthy();
    expect(lastError.detail).toMatch(/support/);
    expect(fx.emulator.state.queues.list().length).toBe(1);
    expect(await metric(fx, 'texml_jobs_failed_total', { op: 'queues.create', reason: 'permanent' })).toBe(1);
    expect(await metric(fx, 'texml_telnyx_errors_total', { op: 'queues.create', status: '422' })).toBe(1);
  });

  it.each([400, 401, 403, 404])('when Telnyx answers %i, then the job fails on its first attempt', async (status) => {
    fx.emulator.addFaults({ operation: 'calls.fetch', fault: 'error', status, detail: `refused with ${status}`, count: 1 });
    const done = await fx.finished((await fx.submit('calls.fetch', { call_sid: callSid })).jobId);
    expect(done.state).toBe('failed');
    expect(done.job.attemptsMade).toBe(1);
    expect(done.failedReason).toContain(`refused with ${status}`);
    expect((done.job.data as OperationJobData).notes!.lastError).toMatchObject({ kind: 'permanent', status });
  });

  it('when Telnyx answers 503 twice, then the job is retried with backoff and completes on the third attempt', async () => {
    fx.emulator.addFaults({ operation: 'calls.fetch', fault: 'error', status: 503, count: 2 });
    const done = await fx.finished((await fx.submit('calls.fetch', { call_sid: callSid })).jobId);
    expect(done.state).toBe('completed');
    expect(done.job.attemptsMade).toBe(3);
    expect(await metric(fx, 'texml_jobs_retried_total', { op: 'calls.fetch', reason: 'error' })).toBe(2);
    expect(await metric(fx, 'texml_telnyx_errors_total', { op: 'calls.fetch', status: '503' })).toBe(2);
  });

  it('when every attempt times out, then the job fails after JOB_ATTEMPTS attempts with the timeout as its last error', async () => {
    fx.emulator.addFaults({ operation: 'calls.fetch', fault: 'timeout' });
    const done = await fx.finished((await fx.submit('calls.fetch', { call_sid: callSid })).jobId);
    expect(done.state).toBe('failed');
    expect(done.job.attemptsMade).toBe(4);
    // Under Jest the SDK reports its own timeout as a plain connection error (docs/emulator.md).
    expect(done.failedReason).toMatch(/^calls\.fetch: (timeout|connection)/);
    expect((done.job.data as OperationJobData).notes!.lastError).toMatchObject({ kind: 'retryable' });
    expect(await metric(fx, 'texml_jobs_failed_total', { op: 'calls.fetch', reason: 'exhausted' })).toBe(1);
  });

  it('when a payload is wrong, then enqueue refuses it naming the op and each field, and nothing is queued', async () => {
    const refused = fx.submit('calls.create', { to: '3125550100', flow: 'a b', colour: 'blue' });
    await expect(refused).rejects.toBeInstanceOf(OperationValidationError);
    await expect(refused).rejects.toThrow(/^calls\.create: /);
    const error = (await refused.catch((e: unknown) => e)) as OperationValidationError;
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { field: 'params.to', message: expect.stringMatching(/E\.164/) },
        { field: 'params.from', message: 'is required' },
        { field: 'params.flow', message: expect.stringMatching(/flow name/) },
        { field: 'params.colour', message: 'is not a field of this operation' },
      ]),
    );
    await expect(fx.submit('calls.dance', {})).rejects.toThrow(/^calls\.dance: op: unknown operation/);
    const counts = await fx.queueFor('dials').getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('when the same idempotency key is enqueued twice, then it is one job and one call', async () => {
    const key = 'callback-v3:CA123';
    const a = await fx.submit('calls.create', { to: '+13125550300', from: FROM }, { idempotencyKey: key });
    const b = await fx.submit('calls.create', { to: '+13125550300', from: FROM }, { idempotencyKey: key });
    expect(b.jobId).toBe(a.jobId);
    expect(a.jobId).not.toContain(':');
    expect((await fx.finished(a.jobId)).state).toBe('completed');
    expect(fx.emulator.state.dialLog.list().filter((e) => e.to === '+13125550300')).toHaveLength(1);
  });
});
