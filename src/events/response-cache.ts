import { createHash } from 'node:crypto';
import type { OutboundRequest } from './outbound-request';

interface CachedResponse {
  status: number;
  body: string;
  expiresAt: number;
}

export interface ResponseCacheOptions {
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  /** Response bytes kept at most (each response is at most MAX_RESPONSE_BYTES). */
  maxBytes?: number;
  now?: () => number;
}

/**
 * Successful answers to flows' requests that ask for a `cache:`, kept in this process for their
 * TTL and keyed by the flow and the whole rendered request (method, URL, headers, body): the same
 * lookup within the TTL is served without asking again. Keys are hashes, so header values such
 * as tokens are not kept in the clear.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: ResponseCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  static keyOf(request: OutboundRequest): string {
    const headers = Object.entries(request.headers).sort(([a], [b]) => a.localeCompare(b));
    return createHash('sha256')
      .update(JSON.stringify([request.cache?.scope ?? '', request.method, request.url, headers, request.body ?? '']))
      .digest('base64url');
  }

  get(key: string): { status: number; body: string } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.remove(key, entry);
      return undefined;
    }
    return { status: entry.status, body: entry.body };
  }

  set(key: string, response: { status: number; body: string }, ttlMs: number): void {
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    const size = Buffer.byteLength(response.body);
    if (size > this.maxBytes) return;
    this.entries.set(key, { ...response, expiresAt: this.now() + ttlMs });
    this.bytes += size;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: CachedResponse): void {
    this.entries.delete(key);
    this.bytes -= Buffer.byteLength(entry.body);
  }
}
