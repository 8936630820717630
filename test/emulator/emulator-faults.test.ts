import Telnyx from 'telnyx';
import { ACCOUNT, clientFor, http, placeCall, startFixture, type EmulatorFixture } from './support/emulator-fixture';

describe('emulator: injected faults', () => {
  let fx: EmulatorFixture;

  beforeAll(async () => {
    fx = await startFixture({ seed: 7 });
  });

  afterAll(async () => {
    await fx.emulator.close();
  });

  beforeEach(() => {
    fx.emulator.clearFaults();
    fx.emulator.control.reset();
  });

  const listCalls = (client: Telnyx = fx.client) => client.texml.accounts.calls.retrieveCalls(ACCOUNT);

  it('when a 429 rule with Retry-After fires once, then the SDK throws RateLimitError with the headers and the next request succeeds', async () => {
    fx.emulator.addFaults({ fault: 'rate_limit', retryAfterSeconds: 3, limit: 50, count: 1 });
    const error = (await listCalls().catch((e: unknown) => e)) as InstanceType<typeof Telnyx.RateLimitError>;
    expect(error).toBeInstanceOf(Telnyx.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('3');
    expect(error.headers?.get('x-ratelimit-limit')).toBe('50');
    expect(error.headers?.get('x-ratelimit-remaining')).toBe('0');
    expect(error.headers?.get('x-ratelimit-reset')).toBe('3');
    expect(error.error).toEqual({ errors: [expect.objectContaining({ code: '10011', title: 'Too many requests' })] });
    await expect(listCalls()).resolves.toMatchObject({ calls: [] });
    expect(fx.emulator.control.listFaults()).toEqual([]);
  });

  it('when a 429 rule has no Retry-After, then only the x-ratelimit-* headers are sent', async () => {
    fx.emulator.addFaults({ fault: 'rate_limit', count: 1 });
    const error = (await listCalls().catch((e: unknown) => e)) as InstanceType<typeof Telnyx.RateLimitError>;
    expect(error).toBeInstanceOf(Telnyx.RateLimitError);
    expect(error.headers?.get('retry-after')).toBeNull();
    expect(error.headers?.get('x-ratelimit-reset')).toBe('1');
  });

  it('when 500 and 503 rules fire, then the SDK throws InternalServerError with each status', async () => {
    fx.emulator.addFaults([
      { fault: 'error', count: 1 },
      { fault: 'error', status: 503, retryAfterSeconds: 2, count: 1 },
    ]);
    const first = (await listCalls().catch((e: unknown) => e)) as InstanceType<typeof Telnyx.InternalServerError>;
    expect(first).toBeInstanceOf(Telnyx.InternalServerError);
    expect(first.status).toBe(500);
    const second = (await listCalls().catch((e: unknown) => e)) as InstanceType<typeof Telnyx.InternalServerError>;
    expect(second.status).toBe(503);
    expect(second.headers?.get('retry-after')).toBe('2');
    await expect(listCalls()).resolves.toBeDefined();
  });

  it('when a rule targets one operation, then only that operation fails', async () => {
    fx.emulator.addFaults({ operation: 'calls.create', fault: 'error', status: 503 });
    await expect(listCalls()).resolves.toBeDefined();
    await expect(placeCall(fx)).rejects.toBeInstanceOf(Telnyx.InternalServerError);
    expect(fx.emulator.state.calls.list()).toEqual([]);
  });

  it('when a rule targets a method and a path pattern, then only matching requests fail', async () => {
    fx.emulator.addFaults({ method: 'GET', path: '/texml/Accounts/*/Queues', fault: 'error' });
    await expect(fx.client.texml.accounts.queues.create(ACCOUNT, { FriendlyName: 'q' })).resolves.toBeDefined();
    await expect(fx.client.texml.accounts.queues.list(ACCOUNT)).rejects.toBeInstanceOf(Telnyx.InternalServerError);
    await expect(listCalls()).resolves.toBeDefined();
  });

  // Under Jest the SDK reports its own timeout as APIConnectionError, not APIConnectionTimeoutError: the
  // AbortError comes from another realm and fails the SDK's `instanceof Error`, so it loses its name.
  // In plain Node it is an APIConnectionTimeoutError. The tests check the client gave up at its timeout.
  it('when latency exceeds the client timeout, then the SDK gives up at its timeout with a connection error', async () => {
    fx.emulator.addFaults({ fault: 'latency', latencyMs: 5_000, count: 1 });
    const impatient = clientFor(fx.emulator, { timeout: 100 });
    const started = performance.now();
    await expect(listCalls(impatient)).rejects.toBeInstanceOf(Telnyx.APIConnectionError);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('when latency is below the client timeout, then the request succeeds after the delay', async () => {
    fx.emulator.addFaults({ fault: 'latency', latencyMs: 50, count: 1 });
    const started = performance.now();
    await expect(listCalls()).resolves.toBeDefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('when a drop rule fires, then the socket is destroyed and the SDK throws APIConnectionError', async () => {
    fx.emulator.addFaults({ fault: 'drop', count: 1 });
    const impatient = clientFor(fx.emulator, { timeout: 5_000 });
    const started = performance.now();
    const error = await listCalls(impatient).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Telnyx.APIConnectionError);
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect(listCalls()).resolves.toBeDefined();
  });

  it('when a timeout rule fires, then the emulator never answers and the SDK gives up at its timeout', async () => {
    const [rule] = fx.emulator.addFaults({ operation: 'calls.create', fault: 'timeout' });
    const impatient = clientFor(fx.emulator, { timeout: 150 });
    const started = performance.now();
    await expect(
      impatient.texml.accounts.calls.calls(ACCOUNT, { body: { To: '+13125550100', From: '+13125550199', ApplicationSid: 'app' } }),
    ).rejects.toBeInstanceOf(Telnyx.APIConnectionError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(fx.emulator.control.listFaults()).toEqual([expect.objectContaining({ id: rule?.id, fired: 1 })]);
    expect(fx.emulator.state.calls.list()).toEqual([]);
  });

  it('when a rule has a probability, then the same seed fails the same requests in every run', async () => {
    const pattern = async (): Promise<boolean[]> => {
      const run = await startFixture({ seed: 1234, faults: [{ fault: 'error', probability: 0.5 }] });
      try {
        const outcomes: boolean[] = [];
        for (let i = 0; i < 16; i += 1) outcomes.push(await listCalls(run.client).then(() => true, () => false));
        return outcomes;
      } finally {
        await run.emulator.close();
      }
    };
    const first = await pattern();
    const second = await pattern();
    expect(second).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  it('when faults are set over HTTP, then POST installs them, GET lists them and DELETE clears them', async () => {
    const posted = await http(fx.emulator, 'POST', '/_emulator/faults', {
      rules: [{ operation: 'calls.list', fault: 'rate_limit', retryAfterSeconds: 1, count: 2 }],
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toEqual({ data: [expect.objectContaining({ id: expect.any(String), fault: 'rate_limit', remaining: 2 })] });
    await expect(listCalls()).rejects.toBeInstanceOf(Telnyx.RateLimitError);
    const listed = await http(fx.emulator, 'GET', '/_emulator/faults');
    expect(listed.body).toEqual({ data: [expect.objectContaining({ remaining: 1, fired: 1 })] });
    const cleared = await http(fx.emulator, 'DELETE', '/_emulator/faults');
    expect(cleared.status).toBe(204);
    await expect(listCalls()).resolves.toBeDefined();
  });

  it('when a posted rule is invalid, then the control route answers 400 and installs nothing', async () => {
    const response = await http(fx.emulator, 'POST', '/_emulator/faults', { fault: 'latency', latency: 10 });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [expect.objectContaining({ detail: expect.stringContaining('Invalid fault rule') })] });
    expect(fx.emulator.control.listFaults()).toEqual([]);
  });

  it('when faults are given at start, then they apply from the first request', async () => {
    const run = await startFixture({ faults: [{ fault: 'error', status: 502, count: 1 }] });
    try {
      const error = (await listCalls(run.client).catch((e: unknown) => e)) as InstanceType<typeof Telnyx.InternalServerError>;
      expect(error.status).toBe(502);
    } finally {
      await run.emulator.close();
    }
  });
});
