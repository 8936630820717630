import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ManualClock, startEmulator, type EmulatorHandle, type TranscriptEvent } from '../../src/emulator';
import type { JobRequest } from '../../src/jobs/job-request';
import { createTestApp, repoRoot } from '../support/test-app';
import { SigningKey } from '../support/signing-key';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');

/** The real service app (fixture flows), listening, verifying webhooks with the given key. */
async function listenService(publicKey: string, jobs: JobRequest[], now: () => Date): Promise<{ url: string; server: Server }> {
  const t = await createTestApp({
    flowsDir: join(fixtures, 'flows'),
    routesDir: join(fixtures, 'routes'),
    env: { TELNYX_PUBLIC_KEY: publicKey, PUBLIC_BASE_URL: '' },
    producer: { enqueue: async (job) => (jobs.push(job), { jobId: String(jobs.length) }) },
    now,
  });
  const server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('emulator call player against the real service', () => {
  let emulator: EmulatorHandle;
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 16));
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ apiKey: 'KEY_TEST', clock });
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await emulator.close();
  });

  it("when the service trusts the emulator's key, then a call walks the flow: PIN, job, dial, goodbye", async () => {
    const jobs: JobRequest[] = [];
    const service = await listenService(emulator.publicKey, jobs, () => new Date(clock.now()));
    closers.push(() => new Promise((resolve) => service.server.close(() => resolve())));
    const call = emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${service.url}/voice`, script: { caller: [{ press: '1234' }], dial: { '+13125550123': 'busy' } } });
    const transcript = await emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
    const said = transcript.events.flatMap((e) => (e.kind === 'heard' && e.text ? [e.text] : []));
    expect(said).toEqual(['Enter your PIN.', 'Thanks, 1234. standard line.', 'Goodbye.']);
    const webhooks = transcript.events.filter((e): e is Extract<TranscriptEvent, { kind: 'webhook' }> => e.kind === 'webhook');
    expect(webhooks.map((w) => [w.purpose, w.status])).toEqual([
      ['voice', 200],
      ['action', 200],
      ['action', 200],
    ]);
    expect(webhooks[1]!.url).toMatch(new RegExp(`^${service.url}/voice/step\\?state=`));
    expect(webhooks[2]!.params.DialCallStatus).toBe('busy');
    expect(jobs).toEqual([{ op: 'calls.fetch', params: { call_sid: call.sid }, origin: { flow: 'desk', step: 'thanks', callSid: call.sid } }]);
    expect(transcript.endedBy).toBe('hangup');
  });

  it('when the service trusts another key, then it answers 403 and the call ends with an error', async () => {
    const service = await listenService(new SigningKey().publicKeyBase64, [], () => new Date(clock.now()));
    closers.push(() => new Promise((resolve) => service.server.close(() => resolve())));
    const call = emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${service.url}/voice` });
    const transcript = await emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
    expect(transcript.endedBy).toBe('error');
    expect(transcript.events.at(-1)).toMatchObject({ kind: 'ended', cause: `could not fetch TeXML from ${service.url}/voice: HTTP 403` });
  });
});
