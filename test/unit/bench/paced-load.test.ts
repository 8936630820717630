import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runPacedLoad } from '../../../bench/support/paced-load';

// The load generator behind voice-webhook's p99 at a steady 1,000 requests/s: what it counts and
// that it never waits for an answer before sending the next request (open loop).

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/voice` };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('runPacedLoad', () => {
  it('sends rate x duration requests, leaves the warm-up out of the figures and orders its percentiles', async () => {
    let received = 0;
    const bodies = new Set<string>();
    const { server, url } = await listen((req, res) => {
      received++;
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.add(`${req.method} ${req.headers['content-type']} ${body}`);
        res.end('ok');
      });
    });
    try {
      const result = await runPacedLoad({ url, body: 'CallSid=v3%3Aa', headers: { 'content-type': 'application/x-www-form-urlencoded' }, rate: 200, durationSeconds: 0.5, warmupSeconds: 0.25 });
      expect(received).toBe(150);
      expect(result.sent).toBe(100);
      expect(result.errors).toBe(0);
      expect([...bodies]).toEqual(['POST application/x-www-form-urlencoded CallSid=v3%3Aa']);
      expect(result.p50).toBeGreaterThan(0);
      expect(result.p50).toBeLessThanOrEqual(result.p90);
      expect(result.p90).toBeLessThanOrEqual(result.p99);
      expect(result.p99).toBeLessThanOrEqual(result.max);
      // From-sent leaves out the generator's own lateness, so it is never above from-due.
      expect(result.lateP99).toBeGreaterThanOrEqual(0);
      expect(result.sentP50).toBeLessThanOrEqual(result.p50);
      expect(result.sentP99).toBeLessThanOrEqual(result.p99);
    } finally {
      await close(server);
    }
  });

  it('counts answers that are not 2xx, and dropped connections, as errors', async () => {
    let n = 0;
    const { server, url } = await listen((req, res) => {
      req.resume();
      // Every third request loses its connection, the others are refused.
      if (++n % 3 === 0) req.socket.destroy();
      else req.on('end', () => res.writeHead(503).end());
    });
    try {
      const result = await runPacedLoad({ url, body: 'x=1', headers: {}, rate: 100, durationSeconds: 0.3 });
      expect(result.sent).toBe(30);
      expect(result.errors).toBe(30);
    } finally {
      await close(server);
    }
  });

  it('is open loop: it keeps sending on schedule while earlier answers are held back', async () => {
    const held: ServerResponse[] = [];
    const { server, url } = await listen((req, res) => {
      req.resume();
      held.push(res);
      // No answer until all 30 requests are in: a generator that waited for answers would stall here.
      if (held.length === 30) for (const r of held) r.end('ok');
    });
    try {
      const result = await runPacedLoad({ url, body: 'x=1', headers: {}, rate: 100, durationSeconds: 0.3 });
      expect(result.errors).toBe(0);
      // The first request was due at the start and answered after the 30th, due 290 ms later.
      expect(result.max).toBeGreaterThanOrEqual(289);
    } finally {
      await close(server);
    }
  });
});
