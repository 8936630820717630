import { ServiceUrls } from '../../src/urls/service-urls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIConnectionError, APIConnectionTimeoutError, InternalServerError, RateLimitError, UnprocessableEntityError } from 'telnyx';
import { loadConfig } from '../../src/config';
import { attemptsSpanning, createBackoffStrategy, exponentialDelay } from '../../src/jobs/backoff-strategy';
import { dialLimiter } from '../../src/jobs/dial-pacing';
import { jobIdFor } from '../../src/jobs/job-ids';
import { renderOperationTable } from '../../src/jobs/render-operation-table';
import type { OperationContext } from '../../src/jobs/operation-definition';
import { OperationPreconditionError } from '../../src/jobs/operation-precondition-error';
import { buildCreateCallBody } from '../../src/jobs/operations/call-operations';
import { RetryableOperationError } from '../../src/jobs/retryable-operation-error';
import { validateOperation } from '../../src/jobs/validate-operation';
import { classifyTelnyxError } from '../../src/telnyx/classify-telnyx-error';
import { retryAfterMs } from '../../src/telnyx/retry-after';
import { resolveTelnyxSettings } from '../../src/telnyx/telnyx-settings';

const headers = (record: Record<string, string>) => new Headers(record);
const body = (code: string, detail: string) => ({ errors: [{ code, title: 'Title', detail, source: { pointer: '/To' } }] });

describe('error classification', () => {
  it('when Telnyx answers 422, then it is permanent and keeps code, title, detail and pointer', () => {
    const failure = classifyTelnyxError(new UnprocessableEntityError(422, body('10016', "'To' must be E.164"), undefined, headers({})))!;
    expect(failure).toMatchObject({ kind: 'permanent', status: 422, code: '10016', title: 'Title', detail: "'To' must be E.164", ambiguous: false });
    expect(failure.errors[0]).toMatchObject({ pointer: '/To' });
    expect(failure.summary).toBe("422 10016 Title 'To' must be E.164");
  });

  it('when Telnyx answers 429 with Retry-After, then it is rate-limited with that delay', () => {
    const failure = classifyTelnyxError(new RateLimitError(429, body('10011', 'slow down'), undefined, headers({ 'retry-after': '3' })))!;
    expect(failure).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3000, ambiguous: false });
  });

  it('when Telnyx answers 5xx, then it is retryable and, for a dial, ambiguous', () => {
    expect(classifyTelnyxError(new InternalServerError(502, undefined, undefined, headers({})))).toMatchObject({ kind: 'retryable', ambiguous: true, statusLabel: '502' });
  });

  it('when the request timed out, then it is retryable, ambiguous and labelled timeout', () => {
    expect(classifyTelnyxError(new APIConnectionTimeoutError())).toMatchObject({ kind: 'retryable', ambiguous: true, statusLabel: 'timeout' });
  });

  it('when the connection was refused, then it is retryable and not ambiguous (nothing was sent)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: refused }) });
    expect(classifyTelnyxError(error)).toMatchObject({ kind: 'retryable', ambiguous: false, statusLabel: 'connection' });
  });

  it('when the error is not from the SDK, then it is not classified', () => {
    expect(classifyTelnyxError(new Error('boom'))).toBeUndefined();
  });
});

describe('Retry-After and x-ratelimit-reset', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    [{ 'x-ratelimit-reset': '4' }, 4000],
    [{ 'x-ratelimit-reset': String(now / 1000 + 7) }, 7000],
    [{ 'retry-after': '1', 'x-ratelimit-reset': '9' }, 1000],
    [{}, undefined],
    [{ 'retry-after': 'soon' }, undefined],
  ])('when the headers are %j, then the wait is %s ms', (given, expected) => {
    expect(retryAfterMs(headers(given as Record<string, string>), now)).toBe(expected);
  });
});

describe('backoff', () => {
  it('when attempts go on, then the delay doubles with jitter between half the ceiling and the ceiling, up to the cap', () => {
    expect(exponentialDelay(1, 1000, 600000, () => 0)).toBe(500);
    expect(exponentialDelay(1, 1000, 600000, () => 1)).toBe(1000);
    expect(exponentialDelay(4, 1000, 600000, () => 1)).toBe(8000);
    expect(exponentialDelay(30, 1000, 600000, () => 1)).toBe(600000);
    expect(exponentialDelay(30, 1000, 600000, () => 0)).toBe(300000);
  });

  it('when notify has a retry window, then its attempts span it even with the shortest jitter, and the config reads the window', () => {
    const attempts = attemptsSpanning(3600_000, 1000, 600_000);
    let shortest = 0;
    for (let n = 1; n < attempts; n++) shortest += exponentialDelay(n, 1000, 600_000, () => 0);
    expect(shortest).toBeGreaterThanOrEqual(3600_000);
    let oneFewer = 0;
    for (let n = 1; n < attempts - 1; n++) oneFewer += exponentialDelay(n, 1000, 600_000, () => 0);
    expect(oneFewer).toBeLessThan(3600_000);
    expect(attemptsSpanning(0, 1000, 600_000)).toBe(1);
    expect(loadConfig({}, false).notifyRetryWindowSeconds).toBe(3600);
    expect(loadConfig({ NOTIFY_RETRY_WINDOW_SECONDS: '86400' }, false).notifyRetryWindowSeconds).toBe(86400);
    expect(() => loadConfig({ NOTIFY_RETRY_WINDOW_SECONDS: 'soon' }, false)).toThrow(/NOTIFY_RETRY_WINDOW_SECONDS/);
  });

  it('when a retryable failure carries Retry-After, then the backoff waits at least that long', () => {
    const strategy = createBackoffStrategy({ baseMs: 100, capMs: 1000, random: () => 1 });
    expect(strategy(1, 'telnyx', new RetryableOperationError('503', 5000))).toBe(5000);
    expect(strategy(1, 'telnyx', new Error('other'))).toBe(100);
  });
});

describe('dial pacing', () => {
  it('when Telnyx allows 30 dials a second over 5 s, then the limiter takes 30 per window just over a second (at least 95 % of the rate)', () => {
    const limiter = dialLimiter(30, 5);
    expect(limiter).toEqual({ max: 30, duration: 1040 });
    expect((limiter.max / limiter.duration) * 1000).toBeGreaterThanOrEqual(0.95 * 30);
  });

  it('when windows are back to back, then no span of 5 s plus the jitter allowance holds more than the 150 Telnyx allows', () => {
    const { max, duration } = dialLimiter(30, 5);
    const starts = Array.from({ length: 20 }, (_, i) => i * duration);
    for (let t = 0; t < 15000; t += 7) {
      const inSpan = starts.filter((s) => s >= t && s <= t + 5199).length * max;
      expect(inSpan).toBeLessThanOrEqual(150);
    }
  });
});

describe('job ids and payloads', () => {
  it('when a key is safe, then it is the job id; when it has a colon or is all digits, then it is made safe and stays distinct', () => {
    expect(jobIdFor('callback-abc')).toBe('callback-abc');
    expect(jobIdFor('callback-v3:abc')).toMatch(/^callback-v3_abc~[\w-]{16}$/);
    expect(jobIdFor('callback-v3:abc')).not.toBe(jobIdFor('callback-v3_abc'));
    expect(jobIdFor('12345')).toMatch(/^12345~/);
    expect(jobIdFor(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when a flow renders numbers and booleans as strings, then the payload converts them', () => {
    expect(validateOperation('queues.create', { friendly_name: 'support', max_size: '20' }).params).toEqual({ friendly_name: 'support', max_size: 20 });
    expect(validateOperation('participants.update', { conference_sid: 'c', participant: 'agent', muted: 'true' }).params).toMatchObject({ muted: true });
  });

  it('when a template rendered to an empty string, then the field is reported as empty', () => {
    expect(() => validateOperation('recordings.fetch', { recording_sid: '' })).toThrow('recordings.fetch: params.recording_sid: must not be empty');
  });
});

describe('create-call request', () => {
  const urls = new ServiceUrls({ secret: 'rules-test-secret-0123456789abcdefgh', ttlSeconds: 3600 });
  const context = (publicBaseUrl: string | undefined, applicationSid: string | undefined): OperationContext =>
    ({ settings: { applicationSid }, publicBaseUrl, urls }) as unknown as OperationContext;
  const params = (p: Record<string, unknown>) => validateOperation('calls.create', p).params as never;
  const query = (url: unknown) => Object.fromEntries(new URL(String(url)).searchParams);

  it('when a flow and variables are given, then Url is a sealed link to PUBLIC_BASE_URL/voice, and the callbacks carry the flow sealed', () => {
    const built = buildCreateCallBody(params({ to: '+13125550111', from: '+13125550100', flow: 'callback-agent', vars: { a: 'x&y', n: 2 }, async_amd: 'true' }), context('https://v.example', 'app-1'));
    expect(built).toMatchObject({ To: '+13125550111', ApplicationSid: 'app-1', AsyncAmd: true });
    expect(built.Url).toMatch(/^https:\/\/v\.example\/voice\?link=[\w-]+$/);
    expect(urls.readVoice(query(built.Url))).toEqual({ kind: 'sealed', flow: 'callback-agent', vars: { a: 'x&y', n: 2 } });
    // The flow on the callbacks too: a call that is never answered still reaches its hooks.
    expect(built.StatusCallback).toMatch(/^https:\/\/v\.example\/callbacks\/call-status\?link=[\w-]+$/);
    expect(urls.readCallback('call-status', query(built.StatusCallback), {})).toEqual({ flow: 'callback-agent', vars: { a: 'x&y', n: 2 } });
    expect(urls.readCallback('amd', query(built.AsyncAmdStatusCallback), {})).toEqual({ flow: 'callback-agent', vars: { a: 'x&y', n: 2 } });
  });

  it('when a campaign attempt is given, then it rides sealed on the callbacks with the flow', () => {
    const built = buildCreateCallBody(
      params({ to: '+13125550111', from: '+13125550100', flow: 'reminder', campaign_attempt: { campaign: 'spring', contact: 3, attempt: 2, machine: { kind: 'hangup' } } }),
      context('https://v.example', 'app-1'),
    );
    expect(urls.readCallback('call-status', query(built.StatusCallback), {})).toEqual({ flow: 'reminder', attempt: { campaign: 'spring', contact: 3, attempt: 2 }, machine: { kind: 'hangup' } });
  });

  it('when no flow is given, then Url is left out (the application’s voice_url answers)', () => {
    expect(buildCreateCallBody(params({ to: '+13125550111', from: '+13125550100' }), context(undefined, 'app-1'))).toEqual({ To: '+13125550111', From: '+13125550100', ApplicationSid: 'app-1' });
  });

  it('when a flow is given without PUBLIC_BASE_URL or there is no application, then it is a precondition failure', () => {
    expect(() => buildCreateCallBody(params({ to: '+13125550111', from: '+13125550100', flow: 'x' }), context(undefined, 'app-1'))).toThrow(OperationPreconditionError);
    expect(() => buildCreateCallBody(params({ to: '+13125550111', from: '+13125550100' }), context('https://v.example', undefined))).toThrow(/TELNYX_APPLICATION_SID/);
  });
});

describe('Telnyx settings', () => {
  it('when the base URL is the local emulator, then missing ids get stand-ins; otherwise key and account are required', () => {
    expect(resolveTelnyxSettings(loadConfig({}, false))).toMatchObject({ local: true, apiKey: 'KEY_EMULATOR', accountSid: 'emulator-account', applicationSid: 'emulator-application' });
    expect(() => resolveTelnyxSettings(loadConfig({ TELNYX_API_BASE_URL: 'https://api.telnyx.com/v2' }, false))).toThrow(/TELNYX_API_KEY and TELNYX_ACCOUNT_SID/);
    expect(resolveTelnyxSettings(loadConfig({ TELNYX_API_BASE_URL: 'https://api.telnyx.com/v2', TELNYX_API_KEY: 'KEY1', TELNYX_ACCOUNT_SID: 'acc' }, false))).toMatchObject({
      local: false,
      applicationSid: undefined,
    });
  });
});

describe('docs/jobs.md', () => {
  it('when the catalogue table in docs/jobs.md is compared with the catalogue, then it is current (npx tsx scripts/generate-jobs-doc.ts)', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'jobs.md'), 'utf8');
    expect(doc).toContain(renderOperationTable());
  });
});
