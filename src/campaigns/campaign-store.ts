import type { RedisClient } from '../redis/redis-connections';
import { RETRY_OUTCOMES, type CampaignDefinition, type CampaignState } from './campaign-definition';
import { campaignKeys, type CampaignKeys, type CampaignKeySet } from './campaign-keys';
import { CANCEL_BATCH_SCRIPT, CLAIM_SCRIPT, IMPORT_SCRIPT, RECORD_SCRIPT, RESCHEDULE_SCRIPT, TRANSITION_SCRIPT } from './campaign-scripts';

export type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel';

export interface ContactRow {
  phone: string;
  timezone?: string;
  vars?: Record<string, string>;
  line: number;
}

export interface ImportProblem {
  line: number;
  message: string;
}

/** How the last import ended: whole, or cut off after `lastLine` (the reason kept for progress). */
export type ImportOutcome = { complete: true; lastLine: number } | { complete: false; lastLine: number; reason: string };

/** A claimed attempt: what the dispatcher needs to place the call. */
export interface ClaimedAttempt {
  contact: number;
  attempt: number;
  sequence: number;
  phone: string;
  timezone: string | undefined;
  vars: Record<string, string>;
}

export interface ClaimResult {
  dials: ClaimedAttempt[];
  dnc: number[];
}

export type RecordKind = 'progress' | 'final' | 'timeout' | 'error';

export interface RecordFields {
  status?: string;
  sid?: string;
  answeredBy?: string;
  duration?: string;
  error?: string;
  /** The callback's To (signed): binds the attempt to its call when no sid is bound yet. */
  to?: string;
}

/** Contact hash fields, as stored. */
export type ContactRecord = Record<string, string>;

export interface TransitionResult {
  result: 'ok' | 'refused' | 'missing' | 'empty';
  state: CampaignState | '';
}

/** Kept invalid rows per campaign (the import counts them all). */
const MAX_KEPT_PROBLEMS = 1000;

/**
 * Campaigns in Redis: definitions, counters, contacts, the due and live sets, do-not-call lists.
 * Every state change goes through a Lua script (campaign-scripts.ts), so any number of processes
 * can share a campaign. Time is always passed in (the caller's clock), never read from Redis.
 */
export class CampaignStore {
  readonly keys: CampaignKeys;

  constructor(
    readonly redis: RedisClient,
    queuePrefix: string,
  ) {
    this.keys = campaignKeys(queuePrefix);
  }

  private k(id: string): CampaignKeySet {
    return this.keys.campaign(id);
  }

  /** Writes a new draft campaign. */
  async create(id: string, definition: CampaignDefinition, now: number, dialsPerSecondCap: number): Promise<void> {
    const k = this.k(id);
    const rate = Math.min(definition.pacing.dialsPerSecond, dialsPerSecondCap);
    const retry: Record<string, [number, number]> = {};
    for (const outcome of RETRY_OUTCOMES) {
      const rule = definition.retry[outcome];
      if (rule) retry[outcome] = [rule.delayMs, rule.maxAttempts];
    }
    const created = await this.redis.hsetnx(k.meta, 'state', 'draft');
    if (created === 0) throw new Error(`campaign ${id} already exists`);
    const multi = this.redis
      .multi()
      .set(k.def, JSON.stringify(definition))
      .hset(k.meta, {
        name: definition.name,
        flow: definition.flow,
        created_at: now,
        total: 0,
        done: 0,
        dials: 0,
        retries: 0,
        rate,
        // Up to a second of dials may go at once (at least one), so a late tick (GC, Redis latency)
        // catches up instead of losing the time; the dials lane's limiter keeps the rate itself.
        burst: Math.max(1, rate),
        max_live: definition.pacing.maxConcurrent,
        retry: JSON.stringify(retry),
        live_timeout_ms: definition.liveCallTimeoutMs,
        import_rows: 0,
        import_invalid: 0,
        import_duplicates: 0,
      })
      .zadd(this.keys.index, now, id);
    if (definition.doNotCall.numbers.length > 0) multi.sadd(k.dnc, ...definition.doNotCall.numbers);
    await multi.exec();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.exists(this.k(id).meta)) === 1;
  }

  async definition(id: string): Promise<CampaignDefinition | undefined> {
    const raw = await this.redis.get(this.k(id).def);
    return raw ? (JSON.parse(raw) as CampaignDefinition) : undefined;
  }

  async meta(id: string): Promise<Record<string, string> | undefined> {
    const meta = await this.redis.hgetall(this.k(id).meta);
    return Object.keys(meta).length > 0 ? meta : undefined;
  }

  /** Campaign ids, newest first. */
  async list(limit = 100): Promise<string[]> {
    return this.redis.zrevrange(this.keys.index, 0, limit - 1);
  }

  /** Adds rows (a batch); returns the lines of rows whose number the campaign already had. */
  async importRows(id: string, rows: readonly ContactRow[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const k = this.k(id);
    const args: string[] = [k.contactPrefix];
    for (const row of rows) args.push(row.phone, row.timezone ?? '', row.vars && Object.keys(row.vars).length > 0 ? JSON.stringify(row.vars) : '', String(row.line));
    const duplicates = (await IMPORT_SCRIPT.run(this.redis, [k.meta, k.phones, k.due], args)) as Array<string | number>;
    return duplicates.map(Number);
  }

  /** Counts an import's figures and keeps its first problems. */
  async recordImport(
    id: string,
    figures: { rows: number; invalid: number; duplicates: number },
    problems: readonly ImportProblem[],
    outcome: ImportOutcome = { complete: true, lastLine: 0 },
  ): Promise<void> {
    const k = this.k(id);
    const multi = this.redis
      .multi()
      .hincrby(k.meta, 'import_rows', figures.rows)
      .hincrby(k.meta, 'import_invalid', figures.invalid)
      .hincrby(k.meta, 'import_duplicates', figures.duplicates)
      // The last import's state: an incomplete one stays visible in progress until an import completes.
      .hset(k.meta, 'import_state', outcome.complete ? 'complete' : 'incomplete', 'import_last_line', outcome.lastLine, 'import_cut_off', outcome.complete ? '' : outcome.reason);
    if (problems.length > 0) {
      multi.rpush(k.invalid, ...problems.slice(0, MAX_KEPT_PROBLEMS).map((p) => JSON.stringify(p))).ltrim(k.invalid, 0, MAX_KEPT_PROBLEMS - 1);
    }
    await multi.exec();
  }

  async importProblems(id: string, limit: number): Promise<ImportProblem[]> {
    return (await this.redis.lrange(this.k(id).invalid, 0, limit - 1)).map((raw) => JSON.parse(raw) as ImportProblem);
  }

  async transition(id: string, action: CampaignAction, now: number): Promise<TransitionResult> {
    const k = this.k(id);
    const [result, state] = (await TRANSITION_SCRIPT.run(this.redis, [k.meta, this.keys.active, k.due, k.live], [action, now, id])) as [TransitionResult['result'], string];
    return { result, state: state as TransitionResult['state'] };
  }

  async cancelBatch(id: string, now: number, limit = 500): Promise<number> {
    const k = this.k(id);
    return Number(await CANCEL_BATCH_SCRIPT.run(this.redis, [k.meta, k.due, k.live, this.keys.active], [k.contactPrefix, now, id, limit]));
  }

  async activeIds(): Promise<string[]> {
    return this.redis.smembers(this.keys.active);
  }

  /** Contacts due at `now` (first ones first), with their time zones. */
  async dueCandidates(id: string, now: number, limit: number): Promise<Array<{ contact: string; timezone: string | undefined }>> {
    const k = this.k(id);
    const ids = await this.redis.zrangebyscore(k.due, '-inf', now, 'LIMIT', 0, limit);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const n of ids) pipeline.hget(`${k.contactPrefix}${n}`, 'tz');
    const zones = (await pipeline.exec()) ?? [];
    return ids.map((contact, i) => ({ contact, timezone: (zones[i]?.[1] as string | null) ?? undefined }));
  }

  /** Moves still-due contacts to later due times (their window's next opening). */
  async reschedule(id: string, now: number, moves: ReadonlyArray<{ contact: string; at: number }>): Promise<number> {
    if (moves.length === 0) return 0;
    const args: Array<string | number> = [now];
    for (const move of moves) args.push(move.contact, move.at);
    return Number(await RESCHEDULE_SCRIPT.run(this.redis, [this.k(id).due], args));
  }

  async claim(id: string, now: number, candidates: readonly string[]): Promise<ClaimResult> {
    if (candidates.length === 0) return { dials: [], dnc: [] };
    const k = this.k(id);
    const raw = (await CLAIM_SCRIPT.run(this.redis, [k.meta, k.due, k.live, k.dnc, this.keys.globalDnc, k.rate, this.keys.active, k.unconfirmed], [k.contactPrefix, now, id, ...candidates])) as Array<Array<string | number>>;
    const result: ClaimResult = { dials: [], dnc: [] };
    for (const entry of raw) {
      if (entry[1] === 'dnc') {
        result.dnc.push(Number(entry[0]));
        continue;
      }
      const vars = String(entry[6] ?? '');
      result.dials.push({
        contact: Number(entry[0]),
        attempt: Number(entry[2]),
        sequence: Number(entry[3]),
        phone: String(entry[4]),
        timezone: entry[5] ? String(entry[5]) : undefined,
        vars: vars ? (JSON.parse(vars) as Record<string, string>) : {},
      });
    }
    return result;
  }

  /** Applies a callback (or the dispatcher's verdict) to an attempt; returns what happened. */
  async record(id: string, contact: number, attempt: number, kind: RecordKind, fields: RecordFields, now: number): Promise<string> {
    const k = this.k(id);
    return String(
      await RECORD_SCRIPT.run(
        this.redis,
        [k.meta, k.due, k.live, this.keys.active, k.unconfirmed],
        [k.contactPrefix, contact, attempt, kind, fields.status ?? '', now, fields.sid ?? '', fields.answeredBy ?? '', fields.duration ?? '', id, fields.error ?? '', fields.to ?? ''],
      ),
    );
  }

  /** Live attempts claimed before `before`, oldest first. */
  async liveBefore(id: string, before: number, limit: number): Promise<Array<{ contact: number; claimedAt: number }>> {
    const flat = await this.redis.zrangebyscore(this.k(id).live, '-inf', before, 'WITHSCORES', 'LIMIT', 0, limit);
    const out: Array<{ contact: number; claimedAt: number }> = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ contact: Number(flat[i]), claimedAt: Number(flat[i + 1]) });
    return out;
  }

  async contact(id: string, contact: number): Promise<ContactRecord | undefined> {
    const fields = await this.redis.hgetall(`${this.k(id).contactPrefix}${contact}`);
    return Object.keys(fields).length > 0 ? fields : undefined;
  }

  /** Contacts `from`..`from + count - 1` (1-based ids), missing ones skipped. */
  async contacts(id: string, from: number, count: number): Promise<Array<{ contact: number; fields: ContactRecord }>> {
    const prefix = this.k(id).contactPrefix;
    const pipeline = this.redis.pipeline();
    for (let n = from; n < from + count; n++) pipeline.hgetall(`${prefix}${n}`);
    const results = (await pipeline.exec()) ?? [];
    const out: Array<{ contact: number; fields: ContactRecord }> = [];
    results.forEach(([, value], i) => {
      const fields = value as ContactRecord | null;
      if (fields && Object.keys(fields).length > 0) out.push({ contact: from + i, fields });
    });
    return out;
  }

  /**
   * Live attempts with no call sid yet, last checked before `before`; each returned one is marked
   * checked at `now` (so the next look takes others first).
   */
  async unconfirmedBefore(id: string, before: number, now: number, limit: number): Promise<number[]> {
    const k = this.k(id);
    const ids = await this.redis.zrangebyscore(k.unconfirmed, '-inf', before, 'LIMIT', 0, limit);
    if (ids.length === 0) return [];
    const multi = this.redis.multi();
    for (const n of ids) multi.zadd(k.unconfirmed, 'XX', now, n);
    await multi.exec();
    return ids.map(Number);
  }

  /** The attempt's call was placed (its job completed): no more rechecks, only its callback or the timeout. */
  async confirm(id: string, contact: number): Promise<void> {
    await this.redis.zrem(this.k(id).unconfirmed, contact);
  }

  /** Deletes a draft campaign (an import that could not start); false when it is not a draft. */
  async removeDraft(id: string): Promise<boolean> {
    const k = this.k(id);
    const [state, total] = await this.redis.hmget(k.meta, 'state', 'total');
    if (state !== 'draft') return false;
    const keys = [k.meta, k.def, k.due, k.live, k.unconfirmed, k.phones, k.dnc, k.rate, k.invalid];
    for (let n = 1; n <= Number(total ?? 0); n++) keys.push(`${k.contactPrefix}${n}`);
    for (let i = 0; i < keys.length; i += 1000) await this.redis.del(...keys.slice(i, i + 1000));
    await this.redis.zrem(this.keys.index, id);
    return true;
  }

  /** The contact holding `phone` in this campaign. */
  async contactOf(id: string, phone: string): Promise<number | undefined> {
    const n = await this.redis.hget(this.k(id).phones, phone);
    return n === null ? undefined : Number(n);
  }

  /** Figures for progress: meta, waiting (due now / later), live, dials in the last `rateWindowMs`. */
  async figures(id: string, now: number, rateWindowMs: number): Promise<{ meta: Record<string, string>; dueNow: number; dueLater: number; live: number; recentDials: number; nextDue: number | undefined } | undefined> {
    const k = this.k(id);
    const results = await this.redis
      .multi()
      .hgetall(k.meta)
      .zcount(k.due, '-inf', now)
      .zcount(k.due, `(${now}`, '+inf')
      .zcard(k.live)
      .zcount(k.rate, now - rateWindowMs, '+inf')
      .zrangebyscore(k.due, `(${now}`, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
      .exec();
    if (!results) return undefined;
    const meta = results[0]![1] as Record<string, string>;
    if (Object.keys(meta).length === 0) return undefined;
    const next = results[5]![1] as string[];
    return {
      meta,
      dueNow: Number(results[1]![1]),
      dueLater: Number(results[2]![1]),
      live: Number(results[3]![1]),
      recentDials: Number(results[4]![1]),
      nextDue: next.length === 2 ? Number(next[1]) : undefined,
    };
  }

  /** Adds numbers (E.164) to the global list, or to one campaign's. */
  async addDoNotCall(numbers: readonly string[], campaignId?: string): Promise<number> {
    if (numbers.length === 0) return 0;
    return this.redis.sadd(campaignId ? this.k(campaignId).dnc : this.keys.globalDnc, ...numbers);
  }

  async removeDoNotCall(number: string, campaignId?: string): Promise<boolean> {
    return (await this.redis.srem(campaignId ? this.k(campaignId).dnc : this.keys.globalDnc, number)) === 1;
  }

  async isDoNotCall(number: string, campaignId?: string): Promise<{ global: boolean; campaign: boolean }> {
    const [global, campaign] = await Promise.all([
      this.redis.sismember(this.keys.globalDnc, number),
      campaignId ? this.redis.sismember(this.k(campaignId).dnc, number) : Promise.resolve(0),
    ]);
    return { global: global === 1, campaign: campaign === 1 };
  }
}
