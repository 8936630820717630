import { request } from 'node:http';
import { HttpServer } from '../../src/http/http-server';

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HttpServer', () => {
  it('when it closes with a request in flight, then that request finishes and new connections are refused', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const server = new HttpServer((_req, res) => {
      arrived();
      release = () => res.end('done');
    });
    const { port } = await server.listen(0, '127.0.0.1');
    const pending = get(port);
    await inFlight;
    const closing = server.close(5000);
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    release();
    await expect(pending).resolves.toBe('done');
    await closing;
  });

  it('when in-flight requests outlast the deadline, then they are cut and close returns', async () => {
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const server = new HttpServer(() => arrived());
    const { port } = await server.listen(0, '127.0.0.1');
    const pending = get(port).catch((error: Error) => error.message);
    await inFlight;
    await server.close(50);
    await expect(pending).resolves.toMatch(/socket hang up|ECONNRESET/);
  });
});
