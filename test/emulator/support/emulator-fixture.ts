import Telnyx from 'telnyx';
import { ManualClock, startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../src/emulator';
import { TexmlServer } from './texml-server';

export const API_KEY = 'KEY_TEST_EMULATOR';
export const ACCOUNT = 'acct-0001';
export const APP_SID = 'app-0001';

export interface EmulatorFixture {
  emulator: EmulatorHandle;
  client: Telnyx;
}

/**
 * An emulator on an ephemeral port and an SDK client pointed at it, as the service would use it.
 * REST-only tests keep calls `queued` (playCalls: false) unless they ask otherwise.
 */
export async function startFixture(options: Partial<EmulatorOptions> = {}): Promise<EmulatorFixture> {
  const emulator = await startEmulator({ apiKey: API_KEY, playCalls: false, ...options });
  return { emulator, client: clientFor(emulator) };
}

/**
 * Registers suite hooks: starts a fixture before all tests, closes it after, resets state before each.
 * The returned fixture is usable inside tests and hooks (not at describe time).
 */
export function useFixture(options: Partial<EmulatorOptions> = {}): EmulatorFixture {
  let current: EmulatorFixture | undefined;
  const started = (): EmulatorFixture => {
    if (!current) throw new Error('emulator fixture used before beforeAll ran');
    return current;
  };
  beforeAll(async () => {
    current = await startFixture(options);
  });
  afterAll(async () => {
    await current?.emulator.close();
  });
  beforeEach(() => {
    started().emulator.control.reset();
  });
  return {
    get emulator() {
      return started().emulator;
    },
    get client() {
      return started().client;
    },
  };
}

export interface PlayerFixture {
  fx: EmulatorFixture;
  app: TexmlServer;
  clock: ManualClock;
}

/** Like useFixture, with calls played against a TeXML app server on a manual clock reset to `startMs`. */
export function usePlayerFixture(startMs: number): PlayerFixture {
  const clock = new ManualClock(startMs);
  const fx = useFixture({ playCalls: true, clock, defaultAccountSid: ACCOUNT });
  const app = new TexmlServer();
  beforeAll(async () => {
    await app.listen();
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => {
    app.reset();
    clock.set(startMs);
  });
  return { fx, app, clock };
}

export function clientFor(emulator: EmulatorHandle, overrides: { apiKey?: string; timeout?: number } = {}): Telnyx {
  return new Telnyx({
    apiKey: overrides.apiKey ?? API_KEY,
    baseURL: emulator.apiBaseUrl,
    maxRetries: 0,
    timeout: overrides.timeout ?? 10_000,
    logLevel: 'off',
  });
}

/** Places a REST call and returns its sid, taken from the state's "call created" event. */
export async function placeCall(
  fixture: EmulatorFixture,
  body: Record<string, unknown> = {},
): Promise<string> {
  const created = fixture.emulator.state.waitFor('call.created');
  await fixture.client.texml.accounts.calls.calls(ACCOUNT, {
    body: { To: '+13125550100', From: '+13125550199', ApplicationSid: APP_SID, Url: 'https://app.example/voice', ...body },
  });
  const [call] = await created;
  return call.sid;
}

/** Raw HTTP against the emulator, for routes the SDK does not cover (/_emulator). */
export async function http(
  emulator: EmulatorHandle,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}
