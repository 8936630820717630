/*
 * A request a flow makes to the user's own systems while answering a webhook (the `request`
 * action), and what came of it. The flows describe it as data; a requester performs it.
 */

export const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number];

export interface OutboundRequest {
  method: RequestMethod;
  /** Absolute http(s) URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Keep a 2xx answer this long, shared by identical requests of the same scope (the flow). */
  cache?: { scope: string; ttlMs: number };
}

export type RequestOutcome =
  /** The backend answered (any status; redirects are not followed and count as errors). */
  | { kind: 'response'; status: number; body: string; cached?: true }
  /**
   * No usable answer: refused before sending (address, open circuit, over budget), a network
   * error, a redirect or a body over the cap. `reason` names the host, never the response.
   */
  | { kind: 'error'; reason: string }
  | { kind: 'timeout' };

export interface OutboundRequester {
  perform(request: OutboundRequest): Promise<RequestOutcome>;
}
