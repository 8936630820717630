import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SeededRandom } from '../../../src/emulator';

/** Which answers to lose: requests matching method and path, with a probability or a count. */
export interface LossRule {
  method: string;
  path: RegExp;
  /** lose: cut the client's connection once the emulator has answered; hold: answer after holdMs. */
  action: 'lose' | 'hold';
  holdMs?: number;
  probability?: number;
  count?: number;
}

/**
 * Sits between a worker and the emulator. Every request reaches the emulator in full (so a call
 * is really created), but the answer can be lost on the way back: the worker sees a reset or a
 * timeout after Telnyx acted, the ambiguous failure a create-call job must reconcile. The
 * emulator's own latency fault cannot do this: a client that gives up aborts the request before
 * the emulator reads its body, so nothing is created.
 */
export class AnswerLosingProxy {
  private server!: Server;
  private rules: Array<LossRule & { remaining: number }> = [];
  private readonly sockets = new Set<Socket>();
  private readonly random: SeededRandom;
  /**
   * Requests whose answers were lost or held: "METHOD path", the request body and the status the
   * emulator answered with (a lost 500 means Telnyx did nothing, so there is nothing to reconcile).
   */
  readonly affected: Array<{ request: string; body: string; status: number }> = [];
  url = '';

  constructor(
    private readonly upstream: string,
    seed = 7,
  ) {
    this.random = new SeededRandom(seed);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.forward(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  add(rule: LossRule): void {
    this.rules.push({ ...rule, remaining: rule.count ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  private decide(req: IncomingMessage): LossRule | undefined {
    for (const rule of this.rules) {
      if (rule.method !== req.method || !rule.path.test(req.url ?? '') || rule.remaining <= 0) continue;
      if (rule.probability !== undefined && !(this.random.next() < rule.probability)) continue;
      rule.remaining -= 1;
      return rule;
    }
    return undefined;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const rule = this.decide(req);
    const target = new URL(req.url ?? '/', this.upstream);
    const upstream = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(parts) }));
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    }).catch(() => undefined);
    if (!upstream) {
      req.socket.destroy();
      return;
    }
    if (rule) {
      this.affected.push({ request: `${req.method} ${req.url}`, body: body.toString('utf8'), status: upstream.status });
      if (rule.action === 'lose') {
        req.socket.destroy();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, rule.holdMs ?? 1000));
      if (req.socket.destroyed) return;
    }
    const headers = { ...upstream.headers };
    delete headers['transfer-encoding'];
    res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
    res.end(upstream.body);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
