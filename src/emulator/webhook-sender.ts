import type { HttpMethod } from './emulator-models';
import type { WebhookSigner } from './webhook-signer';

/** One webhook the emulator sends: a TeXML fetch or a callback. */
export interface WebhookRequest {
  url: string;
  method: HttpMethod;
  params: Record<string, string>;
  /** Overrides the sender's timeout for this request (an application's first_command_timeout_secs). */
  timeoutMs?: number;
}

export interface WebhookResponse {
  /** The URL actually requested (a GET carries the parameters in its query string). */
  url: string;
  status: number | undefined;
  contentType: string | undefined;
  body: string;
  /** Set when no HTTP answer came: network error, timeout, bad URL. */
  error: string | undefined;
  /** Real milliseconds the request took. */
  elapsedMs: number;
}

/**
 * Sends webhooks like Telnyx: POST form-encoded (or GET with the parameters in the query string),
 * signed. Never throws: a failure comes back as `error` or a non-2xx status.
 */
export class WebhookSender {
  private stopper = new AbortController();

  constructor(
    private readonly signer: WebhookSigner,
    private readonly timeoutMs: number = 10_000,
  ) {}

  /** Cancels every request in flight (the emulator is closing or resetting); later ones go out normally. */
  abortAll(): void {
    this.stopper.abort();
    this.stopper = new AbortController();
  }

  async send(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const form = new URLSearchParams(request.params).toString();
    let target: URL;
    try {
      target = new URL(request.url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`not an http(s) URL: ${request.url}`);
    } catch (error) {
      return { url: request.url, status: undefined, contentType: undefined, body: '', error: `bad URL: ${(error as Error).message}`, elapsedMs: 0 };
    }
    if (request.method === 'GET') {
      for (const [name, value] of new URLSearchParams(form)) target.searchParams.append(name, value);
    }
    const rawBody = request.method === 'GET' ? '' : form;
    const headers: Record<string, string> = {
      'user-agent': 'texml-router-emulator',
      accept: 'application/xml, text/xml, */*',
      ...this.signer.headers(rawBody),
      ...(request.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    };
    try {
      const response = await fetch(target, {
        method: request.method,
        headers,
        ...(request.method === 'POST' ? { body: rawBody } : {}),
        redirect: 'follow',
        signal: AbortSignal.any([AbortSignal.timeout(request.timeoutMs ?? this.timeoutMs), this.stopper.signal]),
      });
      const body = await response.text();
      return {
        url: target.toString(),
        status: response.status,
        contentType: response.headers.get('content-type') ?? undefined,
        body,
        error: undefined,
        elapsedMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const name = (error as Error).name;
      const message =
        name === 'TimeoutError' ? `no answer within ${request.timeoutMs ?? this.timeoutMs} ms` : this.stopper.signal.aborted ? 'cancelled: the emulator stopped' : (cause?.code ?? cause?.message ?? (error as Error).message);
      return { url: target.toString(), status: undefined, contentType: undefined, body: '', error: message, elapsedMs: Math.round(performance.now() - started) };
    }
  }
}
