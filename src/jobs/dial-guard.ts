import type { RedisClient } from '../redis/redis-connections';
import type { DialGuardOptions } from './dial-guard-options';
import { ReplicaWaitError } from '../redis/replica-wait-error';
import type { DialTarget } from './operation-definition';

/** What a create-call job recorded about its dial. */
export interface DialMarker {
  /** sent: the request went (or may have gone) out and no answer confirmed it; done: placed. */
  state: 'sent' | 'done';
  to: string;
  from: string;
  /** First unconfirmed send: reconciliation looks for calls from here on. */
  firstSentAt: number;
  /** Latest send: reconciliation waits DIAL_RECONCILE_DELAY_MS after it. */
  lastSentAt: number;
  sends: number;
  result?: unknown;
}

/** KEYS marker. ARGV sends the writer read, the new marker, ttl. Writes only over what was read (compare and set). */
const MARK_SENT_SCRIPT = `
local current = redis.call('GET', KEYS[1])
local sends = 0
if current then
  local marker = cjson.decode(current)
  if marker.state == 'done' then return 0 end
  sends = tonumber(marker.sends) or 0
end
if sends ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`;

/**
 * Redis bookkeeping for at-most-once dials. Before a create-call request goes out the job writes a
 * marker ("about to dial"); an answer confirms it (state done, and the dial joins a per-number
 * ledger); a definite refusal removes it. A retry that finds a `sent` marker (the worker crashed,
 * or the request timed out after it was sent) lists calls to the number first. The ledger tells
 * how many of the calls found belong to other jobs that dialed the same number.
 */
export class DialGuard {
  private readonly markerTtl: number;
  private readonly ledgerSeconds: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: DialGuardOptions,
  ) {
    this.markerTtl = options.markerTtlSeconds ?? 7 * 24 * 3600;
    this.ledgerSeconds = options.ledgerSeconds ?? 3600;
  }

  async read(jobId: string): Promise<DialMarker | undefined> {
    const raw = await this.redis.get(this.markerKey(jobId));
    return raw ? (JSON.parse(raw) as DialMarker) : undefined;
  }

  /**
   * Records the send before the request; returns the marker written, or undefined when the marker
   * is no longer `previous`: another run of the same job (one whose lock lapsed while it was slow,
   * and the retry BullMQ started meanwhile) got there first and may be dialing now.
   */
  async markSent(jobId: string, target: DialTarget, previous: DialMarker | undefined, now: number): Promise<DialMarker | undefined> {
    const marker: DialMarker = {
      state: 'sent',
      to: target.to,
      from: target.from,
      firstSentAt: previous?.state === 'sent' ? previous.firstSentAt : now,
      lastSentAt: now,
      sends: (previous?.sends ?? 0) + 1,
    };
    const key = this.markerKey(jobId);
    const written = await this.redis.eval(MARK_SENT_SCRIPT, 1, key, String(previous ? previous.sends : 0), JSON.stringify(marker), String(this.markerTtl));
    if (Number(written) !== 1) return undefined;
    await this.replicated(key);
    return marker;
  }

  /** After a definite refusal: back to what was known before this send (nothing, or an older unconfirmed send). */
  async restore(jobId: string, previous: DialMarker | undefined): Promise<void> {
    if (previous) await this.write(jobId, previous);
    else await this.redis.del(this.markerKey(jobId));
  }

  /** The dial is placed (answered, or found by reconciliation). */
  async confirm(jobId: string, marker: DialMarker, result: unknown): Promise<void> {
    const ledger = this.ledgerKey(marker.to);
    await this.redis
      .multi()
      .set(this.markerKey(jobId), JSON.stringify({ ...marker, state: 'done', result } satisfies DialMarker), 'EX', this.markerTtl)
      .zadd(ledger, marker.firstSentAt, jobId)
      .zremrangebyscore(ledger, '-inf', marker.firstSentAt - this.ledgerSeconds * 1000)
      .expire(ledger, this.ledgerSeconds)
      .exec();
  }

  /** Dials to `to` that other jobs confirmed, sent at or after `since`. */
  async confirmedByOthers(to: string, jobId: string, since: number): Promise<number> {
    const members = await this.redis.zrangebyscore(this.ledgerKey(to), since, '+inf');
    return members.filter((member) => member !== jobId).length;
  }

  /**
   * A marker only a dying master held would let a retry on the promoted replica dial again: the
   * dial waits until replicas have it, and is not placed (the attempt retries) when they do not.
   */
  private async replicated(key: string): Promise<void> {
    const wait = this.options.replicaWait;
    if (!wait?.enabled) return;
    const count = await wait.after(this.redis, key);
    if (count < wait.replicas) throw new ReplicaWaitError(key, count, wait.replicas);
  }

  private write(jobId: string, marker: DialMarker): Promise<unknown> {
    return this.redis.set(this.markerKey(jobId), JSON.stringify(marker), 'EX', this.markerTtl);
  }

  private markerKey(jobId: string): string {
    return `${this.options.prefix}:dial-guard:marker:${jobId}`;
  }

  private ledgerKey(to: string): string {
    return `${this.options.prefix}:dial-guard:placed:${to}`;
  }
}
