import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitBreaker } from '../../src/events/circuit-breaker';
import { HttpRequester } from '../../src/events/http-requester';
import { isPrivateAddress } from '../../src/events/private-address';
import { ResponseCache } from '../../src/events/response-cache';

/* What a flow's request may reach and how a failing backend is kept from slowing every call. */

describe('flow requests: addresses', () => {
  it('when an address is loopback, private, link-local or reserved, then it counts as private; public ones do not', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
    }
  });

  describe('against a server on loopback', () => {
    let server: Server;
    let port = 0;
    let hits = 0;
    beforeAll(async () => {
      server = createServer((_req, res: ServerResponse) => {
        hits += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    beforeEach(() => {
      hits = 0;
    });

    const get = (requester: HttpRequester, host: string) => requester.perform({ method: 'GET', url: `http://${host}:${port}/x`, headers: {}, timeoutMs: 2000 });

    it('when private addresses are not allowed, then a name that resolves to loopback is refused after DNS, as is the literal address', async () => {
      const requester = new HttpRequester();
      expect(await get(requester, 'localhost')).toEqual({ kind: 'error', reason: expect.stringContaining('private, loopback or link-local') });
      expect(await get(requester, '127.0.0.1')).toEqual({ kind: 'error', reason: expect.stringContaining('private, loopback or link-local') });
      expect(hits).toBe(0);
    });

    it('when REQUEST_ALLOW_PRIVATE is on, then the same requests go through', async () => {
      const requester = new HttpRequester({ allowPrivate: true });
      expect(await get(requester, '127.0.0.1')).toEqual({ kind: 'response', status: 200, body: '{}' });
      expect(hits).toBe(1);
    });

    it('when a refused address is asked many times, then it does not open the host circuit (it never failed)', async () => {
      const requester = new HttpRequester({ failureThreshold: 1 });
      await get(requester, '127.0.0.1');
      await get(requester, '127.0.0.1');
      expect(requester.openCircuits()).toEqual([]);
    });
  });
});

describe('flow requests: circuit breaker', () => {
  it('when a host fails N times in a row, then it is refused until the cool-down, then one trial goes through and success closes it', () => {
    let now = 1_000;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, now: () => now });
    breaker.record('a:1', false);
    breaker.record('a:1', false);
    expect(breaker.allows('a:1')).toBe(true);
    breaker.record('a:1', false);
    expect(breaker.allows('a:1')).toBe(false);
    expect(breaker.allows('b:1')).toBe(true);
    now += 10_000;
    expect(breaker.allows('a:1')).toBe(true); // the trial
    expect(breaker.allows('a:1')).toBe(false); // one at a time while it is out
    breaker.record('a:1', true);
    expect(breaker.allows('a:1')).toBe(true);
    expect(breaker.openHosts()).toEqual([]);
  });

  it('when the trial fails, then the circuit opens again for a whole cool-down', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5_000, now: () => now });
    breaker.record('a:1', false);
    now = 5_000;
    expect(breaker.allows('a:1')).toBe(true);
    breaker.record('a:1', false);
    expect(breaker.allows('a:1')).toBe(false);
    now = 9_999;
    expect(breaker.allows('a:1')).toBe(false);
    now = 10_000;
    expect(breaker.allows('a:1')).toBe(true);
  });

  it('when the trial request never reaches the host (refused before connecting), then the next request may try again', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 0, now: () => 0 });
    breaker.record('a:1', false);
    expect(breaker.allows('a:1')).toBe(true); // the trial
    expect(breaker.allows('a:1')).toBe(false);
    breaker.release('a:1');
    expect(breaker.allows('a:1')).toBe(true);
  });

  it('when a success comes between failures, then the count starts again', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 5_000, now: () => 0 });
    breaker.record('a:1', false);
    breaker.record('a:1', true);
    breaker.record('a:1', false);
    expect(breaker.allows('a:1')).toBe(true);
  });
});

describe('flow requests: response cache', () => {
  const request = (url: string, scope = 'flow-a') => ({ method: 'GET' as const, url, headers: { authorization: 'Bearer t' }, timeoutMs: 1000, cache: { scope, ttlMs: 1000 } });

  it('when two flows make the same request, then each has its own entry; a header that differs is another entry', () => {
    const keys = new Set([
      ResponseCache.keyOf(request('https://a.test/x')),
      ResponseCache.keyOf(request('https://a.test/x', 'flow-b')),
      ResponseCache.keyOf({ ...request('https://a.test/x'), headers: { authorization: 'Bearer u' } }),
    ]);
    expect(keys.size).toBe(3);
    expect(ResponseCache.keyOf(request('https://a.test/x'))).not.toContain('Bearer');
  });

  it('when the cache is full, then the oldest entries go first, by count and by bytes', () => {
    const cache = new ResponseCache({ maxEntries: 2, maxBytes: 10, now: () => 0 });
    cache.set('a', { status: 200, body: '1' }, 1000);
    cache.set('b', { status: 200, body: '2' }, 1000);
    cache.set('c', { status: 200, body: '3' }, 1000);
    expect([cache.get('a'), cache.get('b')?.body, cache.get('c')?.body]).toEqual([undefined, '2', '3']);
    cache.set('d', { status: 200, body: '123456789' }, 1000);
    expect([cache.size, cache.get('c')?.body, cache.get('d')?.body]).toEqual([2, '3', '123456789']);
    cache.set('f', { status: 200, body: '12' }, 1000);
    expect([cache.size, cache.get('c'), cache.get('d')?.body, cache.get('f')?.body]).toEqual([1, undefined, undefined, '12']);
    cache.set('e', { status: 200, body: 'x'.repeat(11) }, 1000);
    expect(cache.get('e')).toBeUndefined();
  });
});
