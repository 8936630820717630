import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotifyFailedError } from '../../src/events/notify-failed-error';
import { NOTIFY_SIGNATURE_HEADER, NotifySender } from '../../src/events/notify-sender';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

async function receiver(status: number): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

describe('NotifySender', () => {
  it('when a notify is sent, then the receiver can verify the HMAC over timestamp and body', async () => {
    const r = await receiver(204);
    const sender = new NotifySender('notify-secret-0123456789', 5000, () => 1_790_000_000_000);
    await sender.send({ url: r.url, payload: { event: 'call.completed', callSid: 'v3:x' } });
    r.server.close();
    const [got] = r.received;
    const header = String(got!.headers[NOTIFY_SIGNATURE_HEADER]);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(Number(t)).toBe(1_790_000_000);
    expect(createHmac('sha256', 'notify-secret-0123456789').update(`${t}.${got!.body}`).digest('hex')).toBe(v1);
    expect(JSON.parse(got!.body)).toEqual({ event: 'call.completed', callSid: 'v3:x' });
  });

  it('when the receiver answers 500, then the failure is retryable; 400 is not', async () => {
    for (const [status, retryable] of [[500, true], [400, false]] as const) {
      const r = await receiver(status);
      const error = await new NotifySender('s'.repeat(16)).send({ url: r.url, payload: {} }).catch((e: unknown) => e);
      r.server.close();
      expect(error).toBeInstanceOf(NotifyFailedError);
      expect((error as NotifyFailedError).retryable).toBe(retryable);
    }
  });
});
