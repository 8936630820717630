import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the backend received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A user's own system on 127.0.0.1 (a CRM, a notify receiver) for flows' requests: answers by path,
 * keeps every request it sees, and tells a test when requests have arrived (no sleeps).
 */
export class LocalBackend {
  readonly seen: SeenRequest[] = [];
  private server!: Server;
  /** Responses held open (a backend slower than any timeout), ended when the backend stops. */
  private readonly held: ServerResponse[] = [];
  private arrivals: (() => void)[] = [];
  port = 0;

  constructor(private readonly answer: (path: string, res: ServerResponse, backend: LocalBackend) => void) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        for (const arrived of this.arrivals.splice(0)) arrived();
        this.answer(req.url ?? '', res, this);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  hold(res: ServerResponse): void {
    this.held.push(res);
  }

  hits(prefix: string): number {
    return this.seen.filter((s) => s.url.startsWith(prefix)).length;
  }

  /** Resolves once `count` requests have arrived in all. */
  async received(count: number): Promise<void> {
    while (this.seen.length < count) await new Promise<void>((resolve) => this.arrivals.push(resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function answerJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
