import request from 'supertest';
import {
  createEmulatorApp,
  createEmulatorContext,
  EmulatorConfigError,
  EmulatorState,
  ManualClock,
  SeededRandom,
} from '../../src/emulator';
import { operationNames } from '../../src/jobs/operation-names';
import { DialRateLimiter } from '../../src/emulator/dial-rate-limiter';
import { emulatorEndpoints, EndpointTable } from '../../src/emulator/endpoints';
import { FaultInjector } from '../../src/emulator/fault-injector';
import { PathPattern } from '../../src/emulator/path-pattern';

describe('DialRateLimiter', () => {
  it('when the window is full, then a dial is refused until the oldest dials are a full window old', () => {
    const clock = new ManualClock(0);
    const limiter = new DialRateLimiter(clock, { dialsPerSecond: 2, windowSeconds: 5 });
    for (let i = 0; i < 10; i += 1) expect(limiter.tryAcquire().allowed).toBe(true);
    expect(limiter.tryAcquire()).toEqual({ allowed: false, limit: 10, remaining: 0, resetSeconds: 5 });
    clock.advance(4_999);
    expect(limiter.tryAcquire()).toMatchObject({ allowed: false, resetSeconds: 1 });
    clock.advance(1);
    expect(limiter.tryAcquire()).toMatchObject({ allowed: true, remaining: 9 });
    expect(limiter.inWindow()).toBe(1);
  });

  it('when refused dials keep coming, then they do not extend the window', () => {
    const clock = new ManualClock(0);
    const limiter = new DialRateLimiter(clock, { dialsPerSecond: 1, windowSeconds: 1 });
    expect(limiter.tryAcquire().allowed).toBe(true);
    clock.advance(500);
    expect(limiter.tryAcquire().allowed).toBe(false);
    clock.advance(500);
    expect(limiter.tryAcquire().allowed).toBe(true);
  });
});

describe('operation names', () => {
  it('when a job can run an operation, then the emulator serves it under the same name', () => {
    const served = new EndpointTable(emulatorEndpoints).names();
    expect(operationNames.filter((name) => name !== 'notify' && !served.includes(name))).toEqual([]);
  });
});

describe('FaultInjector', () => {
  const target = { operation: 'calls.create', method: 'POST', path: '/v2/texml/Accounts/a/Calls' };

  it('when a rule has a count, then it fires that many times and is removed', () => {
    const faults = new FaultInjector(new SeededRandom(1));
    faults.add({ fault: 'error', count: 2 });
    expect(faults.decide(target).action?.fault).toBe('error');
    expect(faults.decide(target).action?.fault).toBe('error');
    expect(faults.decide(target).action).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('when latency and error rules both match, then the latency adds up and the first error decides', () => {
    const faults = new FaultInjector(new SeededRandom(1));
    faults.add([
      { fault: 'latency', latencyMs: 10 },
      { fault: 'latency', latencyMs: 5, operation: 'calls.*' },
      { fault: 'error', status: 503 },
      { fault: 'drop' },
    ]);
    const decision = faults.decide(target);
    expect(decision.latencyMs).toBe(15);
    expect(decision.action).toMatchObject({ fault: 'error', status: 503 });
  });

  it('when a rule names an operation by its old emulator name, then it matches the operation as an alias', () => {
    const faults = new FaultInjector(new SeededRandom(1));
    const [rule] = faults.add({ operation: 'participants.create', fault: 'drop' });
    expect(rule?.operation).toBe('participants.create');
    expect(faults.decide({ operation: 'participants.dial', method: 'POST', path: '/v2/texml/Accounts/a/Conferences/c/Participants' }).action).toBeDefined();
  });

  it('when matching by path, then :params, * and ** patterns and an optional .json suffix work', () => {
    const faults = new FaultInjector(new SeededRandom(1));
    faults.add({ path: '/texml/Accounts/:account/Calls/**', method: 'get', fault: 'drop' });
    expect(faults.decide({ operation: undefined, method: 'GET', path: '/v2/texml/Accounts/a/Calls/v3:x/Recordings.json' }).action).toBeDefined();
    expect(faults.decide({ operation: undefined, method: 'POST', path: '/v2/texml/Accounts/a/Calls/v3:x' }).action).toBeUndefined();
    expect(faults.decide({ operation: undefined, method: 'GET', path: '/v2/texml/Accounts/a/Queues' }).action).toBeUndefined();
  });

  it('when a probability is set, then the outcomes follow the seed', () => {
    const run = (seed: number): boolean[] => {
      const faults = new FaultInjector(new SeededRandom(seed));
      faults.add({ fault: 'error', probability: 0.3 });
      return Array.from({ length: 50 }, () => faults.decide(target).action !== undefined);
    };
    expect(run(99)).toEqual(run(99));
    const hits = run(99).filter(Boolean).length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(30);
  });

  it('when a rule is malformed, then add throws EmulatorConfigError naming the field and nothing is installed', () => {
    const faults = new FaultInjector(new SeededRandom(1));
    expect(() => faults.add([{ fault: 'error' }, { fault: 'error', probability: 2 }])).toThrow(EmulatorConfigError);
    expect(() => faults.add({ fault: 'explode' })).toThrow(/Invalid fault rule/);
    expect(faults.list()).toEqual([]);
  });
});

describe('PathPattern', () => {
  it('when a path has percent-encoded segments, then they are matched decoded', () => {
    expect(new PathPattern('/texml/Accounts/:a/Calls/:sid').match('/texml/Accounts/x/Calls/v3%3Aabc')).toEqual({ a: 'x', sid: 'v3:abc' });
    expect(new PathPattern('/a/*').match('/a/b/c')).toBeUndefined();
    expect(() => new PathPattern('/a/**/b')).toThrow();
  });
});

describe('EmulatorState', () => {
  it('when a queued call is dequeued after a while, then the queue average wait reflects it', async () => {
    const clock = new ManualClock(0);
    const state = new EmulatorState(clock);
    const queue = state.queues.create('acct', { friendlyName: 'q', maxSize: 1 });
    const call = state.calls.create({ accountSid: 'acct', origin: 'inbound', from: '+13125550100', to: '+13125550199' });
    const other = state.calls.create({ accountSid: 'acct', origin: 'inbound', from: '+13125550101', to: '+13125550199' });
    expect(state.queues.enqueue(queue.sid, call.sid)).toBe(true);
    expect(state.queues.enqueue(queue.sid, other.sid)).toBe(false);
    const updated = state.waitFor('queue.updated', (q) => q.members.length === 0);
    clock.advance(4_000);
    expect(state.queues.dequeue(queue.sid)).toBe(call.sid);
    const [after] = await updated;
    expect(after.completedWaitMs).toBe(4_000);
    expect(state.dialLog.list()).toEqual([]);
  });

  it('when a getter result is mutated, then the state is unchanged', () => {
    const state = new EmulatorState(new ManualClock(0));
    const call = state.calls.create({ accountSid: 'acct', origin: 'rest', from: '+13125550100', to: '+13125550199' });
    const copy = state.calls.require('acct', call.sid);
    copy.status = 'completed';
    expect(state.calls.get(call.sid)?.status).toBe('queued');
  });
});

describe('createEmulatorApp', () => {
  const app = createEmulatorApp({ apiKey: 'k' }, createEmulatorContext({ apiKey: 'k' }));

  it('when the app is driven without listening, then routes, 404s and malformed bodies answer in Telnyx format', async () => {
    await request(app).get('/v2/texml/Accounts/a/Calls.json').set('authorization', 'Bearer k').expect(200);
    const missing = await request(app).get('/v2/texml/Nope').set('authorization', 'Bearer k').expect(404);
    expect(missing.body).toEqual({ errors: [{ code: '10005', title: 'Resource not found', detail: 'Resource not found' }] });
    const malformed = await request(app)
      .post('/v2/texml/secrets')
      .set('authorization', 'Bearer k')
      .set('content-type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(malformed.body).toEqual({ errors: [expect.objectContaining({ code: '10015', detail: 'The request body is not valid JSON.' })] });
    await request(app).get('/v2/texml/Accounts/a/Calls').expect(401);
  });

  it('when a call create arrives form-encoded instead of JSON, then it is accepted the same way', async () => {
    const response = await request(app)
      .post('/v2/texml/Accounts/a/Calls')
      .set('authorization', 'Bearer k')
      .type('form')
      .send({ To: '+13125550100', From: '+13125550199', ApplicationSid: 'app', Url: 'https://x.example/v', Record: 'true', Timeout: '15' })
      .expect(200);
    expect(response.body).toEqual({ from: '+13125550199', to: '+13125550100', status: 'queued' });
  });

  it('when the apiKey is empty, then building the context fails', () => {
    expect(() => createEmulatorContext({ apiKey: '' })).toThrow(EmulatorConfigError);
  });
});
