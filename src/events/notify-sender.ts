import { createHmac } from 'node:crypto';
import { NotifyFailedError } from './notify-failed-error';

export interface NotifyRequest {
  url: string;
  /** The JSON body: the event and whatever the hook added. */
  payload: unknown;
}

export interface NotifyResult {
  status: number;
  deliveredAt: string;
}

export const NOTIFY_SIGNATURE_HEADER = 'x-texml-router-signature';

/**
 * Signs `${timestamp}.${body}` with HMAC-SHA256 (NOTIFY_SIGNING_SECRET), the scheme receivers
 * verify: header `x-texml-router-signature: t=<unix seconds>,v1=<hex>`; reject timestamps more than
 * five minutes off.
 */
export function signNotifyBody(secret: string, body: string, timestamp: number): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

export class NotifySender {
  constructor(
    private readonly secret: string | undefined,
    private readonly timeoutMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async send(request: NotifyRequest): Promise<NotifyResult> {
    const body = JSON.stringify(request.payload);
    const timestamp = Math.floor(this.now() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'texml-router' };
    if (this.secret) headers[NOTIFY_SIGNATURE_HEADER] = signNotifyBody(this.secret, body, timestamp);
    let response: Response;
    try {
      response = await fetch(request.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' });
    } catch (error) {
      throw new NotifyFailedError(0, true, `notify to ${new URL(request.url).host} failed: ${(error as Error).message}`);
    }
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { status: response.status, deliveredAt: new Date(this.now()).toISOString() };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new NotifyFailedError(response.status, retryable, `notify to ${new URL(request.url).host} answered ${response.status}`);
  }
}
