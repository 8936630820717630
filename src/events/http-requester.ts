import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { CircuitBreaker } from './circuit-breaker';
import { NOTIFY_SIGNATURE_HEADER, signNotifyBody } from './notify-sender';
import type { OutboundRequest, OutboundRequester, RequestOutcome } from './outbound-request';
import { isPrivateAddress } from './private-address';
import { ResponseCache } from './response-cache';

/** A flow's lookup is read into a variable or two: anything larger is not what it asked for. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface HttpRequesterOptions {
  /** NOTIFY_SIGNING_SECRET: requests carry `x-texml-router-signature` (see signedRequestText). */
  signingSecret?: string;
  /** REQUEST_ALLOW_PRIVATE: let requests reach loopback, private and link-local addresses. */
  allowPrivate?: boolean;
  maxResponseBytes?: number;
  /** Consecutive failures that open a host's circuit (default 5). */
  failureThreshold?: number;
  /** How long an open circuit answers `error` at once (default 30 s). */
  cooldownMs?: number;
  now?: () => number;
}

/**
 * What a request's signature covers: `${METHOD} ${path and query}\n${body}`, signed with the
 * notify scheme (HMAC-SHA256 over `${timestamp}.${text}`, header `t=<unix seconds>,v1=<hex>`), so
 * a GET's URL is covered as well as a POST's body.
 */
export function signedRequestText(method: string, url: URL, body: string): string {
  return `${method} ${url.pathname}${url.search}\n${body}`;
}

class RefusedAddressError extends Error {}

/**
 * Performs a flow's `request` on node's own HTTP client: the timeout covers the whole exchange,
 * the body is read up to a cap, redirects are never followed (a 3xx is an error), private and
 * loopback addresses are refused on the address actually connected to (after DNS, so a name that
 * resolves to one is refused too), and a per-host circuit breaker answers `error` at once while a
 * backend keeps failing. A request that asks for it is answered from a per-flow cache of 2xx
 * answers (ResponseCache). Never throws: every failure is an outcome.
 */
export class HttpRequester implements OutboundRequester {
  private readonly breaker: CircuitBreaker;
  private readonly now: () => number;
  private readonly maxResponseBytes: number;
  private readonly cache: ResponseCache;

  constructor(private readonly options: HttpRequesterOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.cache = new ResponseCache({ now: this.now });
    this.breaker = new CircuitBreaker({ failureThreshold: options.failureThreshold ?? 5, cooldownMs: options.cooldownMs ?? 30_000, now: this.now });
  }

  async perform(request: OutboundRequest): Promise<RequestOutcome> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { kind: 'error', reason: 'the request URL does not parse' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'error', reason: `${url.protocol} is not http(s)` };
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.options.allowPrivate && isIP(literal) && isPrivateAddress(literal)) return refused(url.host);
    const cacheKey = request.cache ? ResponseCache.keyOf(request) : undefined;
    const cached = cacheKey ? this.cache.get(cacheKey) : undefined;
    if (cached) return { kind: 'response', ...cached, cached: true };
    if (!this.breaker.allows(url.host)) return { kind: 'error', reason: `circuit open for ${url.host} (it kept failing)` };
    const outcome = await this.send(url, request);
    if (outcome.kind === 'error' && outcome.reason.startsWith(REFUSED)) this.breaker.release(url.host);
    else this.breaker.record(url.host, outcome.kind === 'response' && outcome.status < 500);
    if (cacheKey && request.cache && outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) this.cache.set(cacheKey, outcome, request.cache.ttlMs);
    return outcome;
  }

  /** Hosts whose circuit is open now. */
  openCircuits(): string[] {
    return this.breaker.openHosts();
  }

  private send(url: URL, request: OutboundRequest): Promise<RequestOutcome> {
    const body = request.body ?? '';
    const headers: Record<string, string> = { 'user-agent': 'texml-router', ...request.headers };
    if (body !== '') headers['content-length'] = String(Buffer.byteLength(body));
    if (this.options.signingSecret) {
      headers[NOTIFY_SIGNATURE_HEADER] = signNotifyBody(this.options.signingSecret, signedRequestText(request.method, url, body), Math.floor(this.now() / 1000));
    }
    return new Promise<RequestOutcome>((resolve) => {
      let settled = false;
      let req: ClientRequest | undefined;
      const timer = setTimeout(() => {
        finish({ kind: 'timeout' });
        req?.destroy();
      }, request.timeoutMs);
      const finish = (outcome: RequestOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const onResponse = (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          finish({ kind: 'error', reason: `${url.host} answered a redirect (${status}); redirects are not followed` });
          req?.destroy();
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (declared > this.maxResponseBytes) {
          finish(tooLarge(url.host, this.maxResponseBytes));
          req?.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) {
            finish(tooLarge(url.host, this.maxResponseBytes));
            req?.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => finish({ kind: 'response', status, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => finish({ kind: 'error', reason: `${url.host}: the response broke off` }));
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      try {
        req = send(url, { method: request.method, headers, lookup: this.lookup(url.host) }, onResponse);
      } catch (error) {
        // A header value node refuses (a control character), or options it cannot use.
        finish({ kind: 'error', reason: `${url.host}: ${(error as Error).message}` });
        return;
      }
      req.on('error', (error) => finish(error instanceof RefusedAddressError ? refused(url.host) : { kind: 'error', reason: `${url.host}: ${error.message}` }));
      req.end(body === '' ? undefined : body);
    });
  }

  /** DNS as usual, then refuse the connection when any address the name has is private. */
  private lookup(host: string): LookupFunction | undefined {
    if (this.options.allowPrivate) return undefined;
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0);
        if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) return callback(new RefusedAddressError(host), '', 0);
        if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }
}

const REFUSED = 'refused:';

function refused(host: string): RequestOutcome {
  return { kind: 'error', reason: `${REFUSED} ${host} is a private, loopback or link-local address (REQUEST_ALLOW_PRIVATE is off)` };
}

function tooLarge(host: string, max: number): RequestOutcome {
  return { kind: 'error', reason: `${host} answered more than ${max} bytes` };
}
