import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import type { HttpServerOptions } from './http-server-options';

/** An http.Server that can stop gracefully: refuse new connections, let in-flight requests finish. */
export class HttpServer {
  private readonly server: Server;

  constructor(app: RequestListener, options: HttpServerOptions = {}) {
    const { ahead } = options;
    this.server = createServer(
      ahead
        ? (req, res) => {
            if (!ahead.take(req, res)) app(req, res);
          }
        : app,
    );
    // Telnyx keeps connections alive; a shorter idle timeout than the LB's avoids 502s on reuse.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /** Stops accepting, waits for in-flight requests up to the deadline, then cuts what is left. */
  async close(deadlineMs: number): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.server.closeAllConnections();
        resolve();
      }, deadlineMs);
      timer.unref();
    });
    await Promise.race([closed, deadline]);
    if (timer) clearTimeout(timer);
  }
}
