import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOTIFY_SIGNATURE_HEADER } from '../events/notify-sender';

/** Receivers refuse timestamps further off than this (docs/flows.md, notify). */
const TOLERANCE_SECONDS = 300;

interface Pending {
  resolve: (captured: CapturedNotify) => void;
  dueMs: number;
}

export interface CapturedNotify {
  payload: Record<string, unknown>;
  signature: 'valid' | 'invalid' | 'missing';
}

/**
 * A local notify receiver for the simulator: notify jobs are POSTed here by the real NotifySender
 * (never to the URL the flow names), and each delivery's signature is checked the way the docs tell
 * receivers to: HMAC-SHA256 of `<t>.<body>` with the signing secret, `t` within five minutes of the
 * (simulated) time it was due.
 */
export class NotifyCapture {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly pending: Map<string, Pending>,
    private readonly received: Map<string, CapturedNotify>,
  ) {}

  /** What arrived for a delivery (once the sender has its answer, it has arrived or never will). */
  take(key: string): CapturedNotify | undefined {
    const captured = this.received.get(key);
    this.received.delete(key);
    this.pending.delete(key);
    return captured;
  }

  static async start(secret: string): Promise<NotifyCapture> {
    const pending = new Map<string, Pending>();
    const received = new Map<string, CapturedNotify>();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let payload: Record<string, unknown> = {};
        try {
          payload = JSON.parse(body) as Record<string, unknown>;
        } catch {
          payload = { unparsed: body };
        }
        const key = String(req.url ?? '').replace(/^\/+/, '');
        const waiting = pending.get(key);
        pending.delete(key);
        const header = req.headers[NOTIFY_SIGNATURE_HEADER];
        const signature = typeof header !== 'string' ? 'missing' : verify(secret, header, body, waiting?.dueMs ?? Date.now()) ? 'valid' : 'invalid';
        received.set(key, { payload, signature });
        waiting?.resolve({ payload, signature });
        res.writeHead(signature === 'valid' ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return new NotifyCapture(server, `http://127.0.0.1:${port}`, pending, received);
  }

  /** A URL for one delivery due at `dueMs` (simulated time: the receiver's clock), and what arrives there. */
  expect(key: string, dueMs: number): { url: string; received: Promise<CapturedNotify> } {
    const received = new Promise<CapturedNotify>((resolve) => this.pending.set(key, { resolve, dueMs }));
    return { url: `${this.url}/${key}`, received };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function verify(secret: string, header: string, body: string, nowMs: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isFinite(timestamp) || !parts.v1 || Math.abs(nowMs / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
