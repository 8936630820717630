import { z } from 'zod';
import type { OutboundRequest, OutboundRequester, RequestOutcome } from '../events/outbound-request';

/** What a scenario's backend answers a flow's `request` or `http_request` with (`requests:` in a scenario). */
export const requestStubSchema = z.strictObject({
  /** HTTP status (default 200). */
  status: z.number().int().min(100).max(599).optional(),
  /** The JSON body. */
  json: z.unknown().optional(),
  /** Seconds the backend takes: at or beyond the request's timeout, the request times out. */
  delay: z.number().min(0).max(60).optional(),
  /** The backend cannot be reached (a network error). */
  error: z.literal(true).optional(),
});
export type RequestStub = z.infer<typeof requestStubSchema>;

/** A request the flow made while a scenario played, and what it was answered. */
export interface StubbedRequest {
  /** The service (`request`), or Telnyx playing the flow's `<HttpRequest>` (`http_request`). */
  by: 'service' | 'telnyx';
  method: string;
  url: string;
  body?: string;
  outcome: string;
}

/**
 * The backend of the flows' `request` actions while scenarios play: each answer comes from the
 * scenario's stubs, by URL (exact, or a prefix written with a trailing `*`), without a network
 * and without waiting (a delay is simulated against the request's timeout). A URL no stub names
 * fails like an unreachable backend. Every request is kept, so the report shows what was asked.
 */
export class RequestStubs implements OutboundRequester {
  private stubs: [pattern: string, stub: RequestStub][] = [];
  readonly made: StubbedRequest[] = [];

  use(stubs: Record<string, RequestStub>): void {
    this.stubs = Object.entries(stubs);
    this.made.length = 0;
  }

  /** The answer a request gets (pure: the tracer asks it too, to follow the flow past the request). */
  outcomeFor(request: OutboundRequest): RequestOutcome {
    const stub = this.stubs.find(([pattern]) => (pattern.endsWith('*') ? request.url.startsWith(pattern.slice(0, -1)) : request.url === pattern))?.[1];
    if (!stub) return { kind: 'error', reason: `no stub for ${request.url} in the scenario's requests:` };
    if (stub.error) return { kind: 'error', reason: 'stubbed network error' };
    if (stub.delay !== undefined && stub.delay * 1000 >= request.timeoutMs) return { kind: 'timeout' };
    return { kind: 'response', status: stub.status ?? 200, body: stub.json === undefined ? '' : JSON.stringify(stub.json) };
  }

  async perform(request: OutboundRequest): Promise<RequestOutcome> {
    return this.answer(request, 'service');
  }

  /** The same stubs, answering the emulator's `<HttpRequest>`s: what Telnyx would send. */
  readonly forTelnyx: OutboundRequester = { perform: async (request) => this.answer(request, 'telnyx') };

  private answer(request: OutboundRequest, by: StubbedRequest['by']): RequestOutcome {
    const outcome = this.outcomeFor(request);
    this.made.push({
      by,
      method: request.method,
      url: request.url,
      ...(request.body !== undefined ? { body: request.body } : {}),
      outcome: outcome.kind === 'response' ? String(outcome.status) : outcome.kind === 'error' ? `error (${outcome.reason})` : 'timeout',
    });
    return outcome;
  }
}
