import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';

/** One request the server received, as the emulator sent it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Form body parameters (POST) or query parameters (GET). */
  params: Record<string, string>;
  rawBody: string;
  headers: Record<string, string | undefined>;
}

export type Answer = string | { status: number; body?: string; type?: string };
export type Handler = (params: Record<string, string>, request: ReceivedRequest) => Answer;

/**
 * A real HTTP server standing in for a customer's TeXML app: answers each path with the TeXML a
 * test gives it and keeps every request (with the raw body, for checking signatures).
 */
export class TexmlServer {
  readonly requests: ReceivedRequest[] = [];
  private readonly handlers = new Map<string, Handler>();
  private server: Server | undefined;
  url = '';

  static async start(): Promise<TexmlServer> {
    return new TexmlServer().listen();
  }

  /** Starts listening on an ephemeral port; `url` is set once this resolves. */
  async listen(): Promise<this> {
    const app = express();
    app.use(express.urlencoded({ extended: false, verify: (req, _res, buf) => void ((req as unknown as { rawBody: string }).rawBody = buf.toString('utf8')) }));
    app.use((req: Request, res) => {
      const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)]));
      const body = (req.body ?? {}) as Record<string, string>;
      const received: ReceivedRequest = {
        method: req.method,
        path: req.path,
        query,
        params: req.method === 'GET' ? query : { ...body },
        rawBody: (req as unknown as { rawBody?: string }).rawBody ?? '',
        headers: { 'telnyx-timestamp': req.get('telnyx-timestamp'), 'telnyx-signature-ed25519': req.get('telnyx-signature-ed25519'), 'content-type': req.get('content-type') },
      };
      this.requests.push(received);
      const handler = this.handlers.get(req.path);
      if (!handler) {
        res.status(200).type('text/plain').send('OK');
        return;
      }
      const answer = handler({ ...query, ...received.params }, received);
      if (typeof answer === 'string') res.status(200).type('application/xml').send(answer);
      else res.status(answer.status).type(answer.type ?? 'application/xml').send(answer.body ?? '');
    });
    this.server = createServer(app);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Answers `path` with this TeXML (wrapped in <Response> when it is not already). */
  on(path: string, answer: Answer | Handler): this {
    const wrap = (a: Answer): Answer => (typeof a === 'string' && !a.includes('<Response') ? `<?xml version="1.0" encoding="UTF-8"?><Response>${a}</Response>` : a);
    this.handlers.set(path, typeof answer === 'function' ? (p, r) => wrap(answer(p, r)) : () => wrap(answer));
    return this;
  }

  /** Requests to one path, in order. */
  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  reset(): void {
    this.requests.length = 0;
    this.handlers.clear();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}
