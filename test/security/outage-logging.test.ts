import { join } from 'node:path';
import { ServiceProcess } from '../jobs/support/service-process';
import { PrivateRedis } from '../support/private-redis';
import { actionPath } from '../support/test-app';

const httpFlows = join(__dirname, '..', 'fixtures', 'http-flows');
const ADMIN = 'outage-admin-token-0123456789';
const UNREACHABLE = /^Redis is unreachable/;
const REACHABLE = /^Redis is reachable again/;
const call = { CallSid: 'v3:outage-1', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };


/**
 * F8 (issue 12): a Redis outage is two log lines, not one line with a stack per refused callback
 * and per failed job. `texml-router serve` (web and worker in one process) runs against a
 * redis-server of the test's own, which is killed while callbacks, flow jobs and admin jobs keep
 * arriving, then started again.
 */
describe('a Redis outage under traffic', () => {
  // A child process compiling TypeScript on a shared, loaded machine: generous bounds, no sleeps.
  jest.setTimeout(240000);

  it('when Redis dies and comes back while callbacks, flow jobs and admin jobs arrive, then the log says so once when it goes and once when it is back, with the counts, and no stack trace', async () => {
    const redis = await PrivateRedis.start();
    const service = new ServiceProcess(['serve'], {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'outage-logging',
      PORT: '0',
      HOST: '127.0.0.1',
      FLOWS_DIR: join(httpFlows, 'flows'),
      ROUTES_DIR: join(httpFlows, 'routes'),
      FLOWS_WATCH: 'false',
      SHUTDOWN_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'info',
      ADMIN_TOKEN: ADMIN,
      // Nothing answers here: jobs fail and retry, as they would against an unreachable Telnyx.
      // Attempts enough that none runs out while the test looks: a job out of attempts is an error
      // line about Telnyx, not about the outage, and whether one came before the test's last look
      // depended on the machine's speed (it failed a CI run on a loaded machine).
      TELNYX_API_BASE_URL: 'http://127.0.0.1:1/v2',
      JOB_BACKOFF_BASE_MS: '100',
      JOB_ATTEMPTS: '50',
    });
    let stop = false;
    const statuses = { callbacks: new Map<number, number>(), admin: new Map<number, number>() };
    const tally = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);
    try {
      const listening = await service.waitFor((l) => l.msg === 'texml-router listening', 'the listening line', 90000);
      const base = `http://127.0.0.1:${Number(listening.port)}`;
      const first = await fetch(`${base}/voice`, { method: 'POST', body: new URLSearchParams(call) });
      const thanksPath = actionPath(await first.text());

      let n = 0;
      const traffic = async (): Promise<void> => {
        while (!stop) {
          n += 1;
          const callback = await fetch(`${base}/callbacks/call-status`, {
            method: 'POST',
            body: new URLSearchParams({ CallSid: `v3:outage-cb-${n}`, AccountSid: 'acc', CallStatus: 'ringing', SequenceNumber: '1' }),
          });
          tally(statuses.callbacks, callback.status);
          // The flow's `thanks` step enqueues calls.fetch: a flow job per request.
          const voice = await fetch(`${base}${thanksPath}`, { method: 'POST', body: new URLSearchParams({ ...call, Digits: '1234' }) });
          expect(voice.status).toBe(200);
          await voice.text();
          const admin = await fetch(`${base}/api/ops`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ op: 'calls.fetch', params: { call_sid: `v3:outage-job-${n}` } }),
          });
          tally(statuses.admin, admin.status);
          await admin.text();
        }
      };
      const loops = [traffic(), traffic(), traffic()];
      // Traffic is flowing and stored before the outage.
      await service.waitFor((l) => l.msg === 'callback', 'a stored callback', 60000);
      const before = service.lines.length;

      await redis.stop();
      const down = await service.waitFor((l) => UNREACHABLE.test(String(l.msg)), 'the outage line', 60000);
      // Let the refusals pile up: wait for a good number of refused callbacks and admin jobs.
      await until(() => (statuses.callbacks.get(503) ?? 0) >= 100 && (statuses.admin.get(503) ?? 0) >= 100);
      await redis.start();
      const back = await service.waitFor((l) => REACHABLE.test(String(l.msg)), 'the line saying Redis is back', 60000);
      // Traffic is stored again after the outage.
      const after = service.lines.length;
      await service.waitFor((l) => l.msg === 'callback' && service.lines.indexOf(l) >= after, 'a callback stored after the outage', 60000);
      stop = true;
      await Promise.all(loops);

      const during = service.lines.slice(before);
      expect(during.filter((l) => UNREACHABLE.test(String(l.msg)))).toEqual([down]);
      expect(during.filter((l) => REACHABLE.test(String(l.msg)))).toEqual([back]);
      // The closing line counts what was refused meanwhile: every refused callback, every refused
      // admin job and every refused flow job (those the metric counts).
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const flowJobsRefused = Number(/^texml_job_enqueue_failures_total\{op="calls.fetch"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
      expect(flowJobsRefused).toBeGreaterThan(0);
      expect(back.callbacksRefused).toBe(statuses.callbacks.get(503));
      expect(back.jobsRefused).toBe(statuses.admin.get(503)! + flowJobsRefused);
      expect(Number(back.downForMs)).toBeGreaterThan(0);
      // Nothing else about the outage: no error line, no stack, no per-request line of the refusals.
      const errors = during.filter((l) => Number(l.level) >= 50);
      expect(errors).toEqual([]);
      expect(service.raw.join('\n')).not.toMatch(/\\n\s+at |"stack"/);
      // Every warning is one of the two outage lines, or about Telnyx (unreachable on purpose here).
      const warnings = during.filter((l) => Number(l.level) >= 40 && !String(l.msg).startsWith('Telnyx operation failed'));
      expect(warnings).toEqual([down]);
      expect(during.filter((l) => /not stored|not enqueued|request errored|dispatch failed/i.test(String(l.msg)))).toEqual([]);
    } finally {
      stop = true;
      await service.kill();
      await redis.destroy();
    }
  });
});

/** Resolves once `condition` holds, checking every 50 ms (bounded by the test's timeout). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}
