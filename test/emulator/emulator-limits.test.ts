import Telnyx from 'telnyx';
import { ManualClock } from '../../src/emulator';
import { ACCOUNT, APP_SID, http, placeCall, startFixture, type EmulatorFixture } from './support/emulator-fixture';

const callBody = { To: '+13125550100', From: '+13125550199', ApplicationSid: APP_SID, Url: 'https://app.example/voice' };

describe('emulator: dial rate limit, concurrent-call cap and the dial log', () => {
  let fx: EmulatorFixture;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2026, 2, 1, 12, 0, 0));
    fx = await startFixture({ clock });
  });

  afterAll(async () => {
    await fx.emulator.close();
  });

  beforeEach(() => {
    fx.emulator.control.reset();
    fx.emulator.setLimits({ dialsPerSecond: 30, dialWindowSeconds: 5, maxConcurrentCalls: null, channelLimitMode: 'fail-call' });
  });

  const dial = () => fx.client.texml.accounts.calls.calls(ACCOUNT, { body: callBody }).withResponse();

  it('when 150 dials land in one 5 s window, then the 151st gets 429 with code 90103 until the window rolls on', async () => {
    const first = await dial();
    expect(first.response.headers.get('x-ratelimit-limit')).toBe('150');
    expect(first.response.headers.get('x-ratelimit-remaining')).toBe('149');
    clock.advance(2_000);
    for (let i = 1; i < 150; i += 1) await dial();
    clock.advance(2_999);
    const error = (await dial().catch((e: unknown) => e)) as InstanceType<typeof Telnyx.RateLimitError>;
    expect(error).toBeInstanceOf(Telnyx.RateLimitError);
    expect(error.error).toEqual({ errors: [expect.objectContaining({ code: '90103', detail: expect.stringContaining('150 dials in 5 s') })] });
    expect(error.headers?.get('x-ratelimit-remaining')).toBe('0');
    expect(error.headers?.get('x-ratelimit-reset')).toBe('1');
    expect(fx.emulator.state.calls.list()).toHaveLength(150);
    // At 5 s after the first dial it leaves the window: exactly one more dial fits.
    clock.advance(1);
    await expect(dial()).resolves.toBeDefined();
    await expect(dial()).rejects.toBeInstanceOf(Telnyx.RateLimitError);
    const log = await http(fx.emulator, 'GET', '/_emulator/calls');
    expect(log.body).toMatchObject({ meta: { total: 151, rate_limited_dials: 2, dials_in_window: 150 } });
  });

  it('when participant dials and call creates mix, then both count against the same window', async () => {
    fx.emulator.setLimits({ dialsPerSecond: 1, dialWindowSeconds: 2 });
    await placeCall(fx);
    await fx.client.texml.accounts.conferences.participants.participants('room', {
      account_sid: ACCOUNT,
      ApplicationSid: APP_SID,
      To: '+13125550100',
      From: '+13125550199',
    });
    const error = (await fx.client.texml.accounts.conferences.participants
      .participants('room', { account_sid: ACCOUNT, To: '+13125550100', From: '+13125550199' })
      .catch((e: unknown) => e)) as InstanceType<typeof Telnyx.RateLimitError>;
    expect(error).toBeInstanceOf(Telnyx.RateLimitError);
    expect((error.error as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('90103');
  });

  it('when the dial limit is turned off, then any number of dials pass', async () => {
    fx.emulator.setLimits({ dialsPerSecond: null });
    for (let i = 0; i < 200; i += 1) await dial();
    expect(fx.emulator.state.calls.list()).toHaveLength(200);
  });

  it('when the concurrent-call cap is reached in fail-call mode, then the create succeeds but the call fails with SIP 403', async () => {
    fx.emulator.setLimits({ maxConcurrentCalls: 2 });
    const a = await placeCall(fx);
    await placeCall(fx);
    const failed = fx.emulator.state.waitFor('call.updated', (call) => call.status === 'failed');
    const response = await fx.client.texml.accounts.calls.calls(ACCOUNT, { body: callBody });
    expect(response.status).toBe('queued');
    const [call] = await failed;
    expect(call).toMatchObject({ sipResponseCode: 403, hangupCause: 'User channel limit exceeded', errorCode: 'D1' });
    const fetched = await fx.client.texml.accounts.calls.retrieve(call.sid, { account_sid: ACCOUNT });
    expect(fetched.status).toBe('failed');
    // Hanging one up frees a channel.
    await fx.client.texml.accounts.calls.update(a, { account_sid: ACCOUNT, Status: 'completed' });
    const next = fx.emulator.state.waitFor('call.created');
    await fx.client.texml.accounts.calls.calls(ACCOUNT, { body: callBody });
    const [fresh] = await next;
    expect(fx.emulator.state.calls.get(fresh.sid)?.status).toBe('queued');
    const log = fx.emulator.control.dialLog();
    expect(log.map((e) => e.outcome)).toEqual(['queued', 'queued', 'failed', 'queued']);
  });

  it('when the concurrent-call cap is reached in reject mode, then the SDK throws PermissionDeniedError and no call is made', async () => {
    fx.emulator.setLimits({ maxConcurrentCalls: 1, channelLimitMode: 'reject' });
    await placeCall(fx);
    const error = (await fx.client.texml.accounts.calls.calls(ACCOUNT, { body: callBody }).catch((e: unknown) => e)) as InstanceType<
      typeof Telnyx.PermissionDeniedError
    >;
    expect(error).toBeInstanceOf(Telnyx.PermissionDeniedError);
    expect(error.message).toContain('User channel limit exceeded');
    expect(fx.emulator.state.calls.list()).toHaveLength(1);
  });

  it('when limits are changed over HTTP, then they apply at once; a bad value is a 400', async () => {
    const changed = await http(fx.emulator, 'PUT', '/_emulator/limits', { dialsPerSecond: 1, dialWindowSeconds: 1 });
    expect(changed.body).toEqual({ data: { dialsPerSecond: 1, dialWindowSeconds: 1, maxConcurrentCalls: null, channelLimitMode: 'fail-call' } });
    await dial();
    await expect(dial()).rejects.toBeInstanceOf(Telnyx.RateLimitError);
    clock.advance(1_000);
    await expect(dial()).resolves.toBeDefined();
    const bad = await http(fx.emulator, 'PUT', '/_emulator/limits', { dialsPerSecond: -5 });
    expect(bad.status).toBe(400);
    expect(fx.emulator.control.getLimits().dialsPerSecond).toBe(1);
  });

  it('when calls are placed, then GET /_emulator/calls lists each with its time by the emulator clock and its current status', async () => {
    const start = clock.now();
    const first = await placeCall(fx, { To: '+13125550111' });
    clock.advance(1_500);
    const second = await placeCall(fx, { To: '+13125550122' });
    await fx.client.texml.accounts.calls.update(first, { account_sid: ACCOUNT, Status: 'completed' });
    const log = await http(fx.emulator, 'GET', '/_emulator/calls');
    expect(log.status).toBe(200);
    expect(log.body).toEqual({
      data: [
        expect.objectContaining({ sequence: 1, call_sid: first, to: '+13125550111', at_ms: start, at: new Date(start).toISOString(), status: 'completed' }),
        expect.objectContaining({ sequence: 2, call_sid: second, to: '+13125550122', at_ms: start + 1_500, status: 'queued', origin: 'rest' }),
      ],
      meta: expect.objectContaining({ total: 2, active_calls: 1 }),
    });
  });

  it('when a call status is driven through the control route, then the REST API shows it', async () => {
    const sid = await placeCall(fx);
    const answered = await http(fx.emulator, 'POST', `/_emulator/calls/${encodeURIComponent(sid)}/status`, { status: 'in-progress', answered_by: 'human' });
    expect(answered.status).toBe(200);
    const fetched = await fx.client.texml.accounts.calls.retrieve(sid, { account_sid: ACCOUNT });
    expect(fetched).toMatchObject({ status: 'in-progress', answered_by: 'human' });
    const unknown = await http(fx.emulator, 'POST', '/_emulator/calls/v3:nope/status', { status: 'completed' });
    expect(unknown.status).toBe(404);
  });

  it('when the emulator is reset over HTTP, then calls and the dial log are gone but limits stay', async () => {
    fx.emulator.setLimits({ maxConcurrentCalls: 5 });
    await placeCall(fx);
    const reset = await http(fx.emulator, 'POST', '/_emulator/reset');
    expect(reset.status).toBe(204);
    expect(fx.emulator.control.dialLog()).toEqual([]);
    expect((await fx.client.texml.accounts.calls.retrieveCalls(ACCOUNT)).calls).toEqual([]);
    expect(fx.emulator.control.getLimits().maxConcurrentCalls).toBe(5);
  });
});
