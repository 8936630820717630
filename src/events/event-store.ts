import type { RedisClient } from '../redis/redis-connections';
import { SlotPipeline } from '../redis/slot-pipeline';
import { callStatusRank, TERMINAL_RANK, type CallEvent } from './call-event';
import type { CallSummary, CallTimeline } from './call-timeline';
import type { EventStoreOptions } from './event-store-options';

/*
 * Atomically: store the event under its identity unless it is already there (a repeated delivery
 * is a no-op), and fold it into the call's summary without ever moving the status backwards.
 * record(events hash, summary hash, A, pairsEnd), A: id, event json, ttl seconds, status, rank,
 * sequence, occurred-at ms, flow, then field/value pairs for the summary up to A[pairsEnd].
 */
const RECORD_FUNCTION = `
local function record(events, summary, A, pairsEnd)
  if redis.call('HSETNX', events, A[1], A[2]) == 0 then return 0 end
  local rank = tonumber(A[5])
  if rank then
    local current = tonumber(redis.call('HGET', summary, 'rank'))
    local seq = tonumber(A[6]) or -1
    local at = tonumber(A[7])
    local currentSeq = tonumber(redis.call('HGET', summary, 'seq')) or -1
    local currentAt = tonumber(redis.call('HGET', summary, 'status_at')) or -1
    local newer = seq > currentSeq or (seq == currentSeq and at > currentAt)
    if current == nil or (current < ${TERMINAL_RANK} and (rank > current or (rank == current and newer))) then
      redis.call('HSET', summary, 'status', A[4], 'rank', rank, 'seq', seq, 'status_at', at)
    end
  end
  if A[8] ~= '' then redis.call('HSETNX', summary, 'flow', A[8]) end
  local occurred = tonumber(A[7])
  local first = tonumber(redis.call('HGET', summary, 'first_ms'))
  if first == nil or occurred < first then redis.call('HSET', summary, 'first_ms', occurred) end
  local last = tonumber(redis.call('HGET', summary, 'last_ms'))
  if last == nil or occurred > last then redis.call('HSET', summary, 'last_ms', occurred) end
  for i = 9, pairsEnd, 2 do
    local field = A[i]
    if string.sub(field, 1, 5) == 'list:' then
      local existing = redis.call('HGET', summary, field) or ''
      if existing == '' then redis.call('HSET', summary, field, A[i + 1])
      else redis.call('HSET', summary, field, existing .. '\\n' .. A[i + 1]) end
    elseif string.sub(field, 1, 5) == 'once:' then
      redis.call('HSETNX', summary, string.sub(field, 6), A[i + 1])
    else
      redis.call('HSET', summary, field, A[i + 1])
    end
  end
  redis.call('EXPIRE', events, A[3])
  redis.call('EXPIRE', summary, A[3])
  -- A call's end: where it was in its flow, for the traffic counters.
  if rank and rank >= ${TERMINAL_RANK} then
    local step = redis.call('HGET', summary, 'last_step')
    if step then return step end
  end
  return 1
end
`;

/** One event. KEYS: events hash, summary hash. ARGV: A. (On a Cluster, where the index is in another slot.) */
const RECORD_SCRIPT = `${RECORD_FUNCTION}
return record(KEYS[1], KEYS[2], ARGV, #ARGV)
`;

/*
 * A batch of events on one Redis server: one script for the batch instead of one command per event
 * (the script's own cost in Redis, and the command's in ioredis, were most of an event's). Each
 * event is recorded as above and added to the index as ZADD NX would, on its own: one that fails
 * answers an error in its place and leaves the others stored. KEYS: the index, then each event's
 * events and summary hashes. ARGV: for each event, the count n of its values, then A, its
 * received-at ms and its call sid.
 */
const RECORD_BATCH_SCRIPT = `${RECORD_FUNCTION}
local results = {}
local at = 1
for i = 1, (#KEYS - 1) / 2 do
  local n = tonumber(ARGV[at])
  local A = {}
  for j = 1, n do A[j] = ARGV[at + j] end
  at = at + n + 1
  local ok, result = pcall(function()
    redis.call('ZADD', KEYS[1], 'NX', A[n - 1], A[n])
    return record(KEYS[2 * i], KEYS[2 * i + 1], A, n - 2)
  end)
  if ok then results[i] = result
  elseif type(result) == 'table' and result.err then results[i] = { err = result.err }
  else results[i] = { err = tostring(result) } end
end
return results
`;

/** Events in one batch script at most (the rest go in the next). */
const BATCH_MAX_EVENTS = 100;

/**
 * The longest a flow-step record waits for company (EventStoreOptions.flowStepsDelayMs). A write to
 * Redis costs the web process about as much as answering a webhook (the socket write wakes Redis
 * on its core), so at 5,000 webhooks a second records that left one turn at a time doubled the
 * cost of a webhook; 2 ms gathers about ten per write (docs/benchmarks.md, "voice-webhook").
 */
export const FLOW_STEPS_DELAY_MS = 2;

interface PendingRecord {
  callSid: string;
  /** Set when storing it moves the flow's traffic counters (flow steps, a call's end). */
  traffic?: TrafficMove;
  /** The record script's arguments after its two keys. */
  args: Array<string | number>;
  receivedMs: number;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

/** What a newly stored event adds to its flow's traffic counters. */
type TrafficMove = { kind: 'visits'; flow: string; steps: string[]; at: number } | { kind: 'ended'; at: number };

/** A counter to move: the step, and whether it was visited or ended at. */
interface TrafficCount {
  field: 'visit' | 'ended';
  /** The flow the step belongs to (a document may go on into another flow's steps). */
  flow: string;
  step: string;
  at: number;
}

/** Visits and ends per step of a flow over a window, from its hourly counters. */
export interface FlowTraffic {
  flow: string;
  since: string;
  until: string;
  /** Documents that passed through the step (a menu replayed counts each time). */
  visits: Record<string, number>;
  /** Calls whose last step, when they ended, was this one. */
  ended: Record<string, number>;
}

const HOUR_MS = 3_600_000;

type RedisWithRecord = RedisClient & {
  /** 0: already stored; 1: stored; a step: stored, and the call ended there. */
  texmlRecordEvent(eventsKey: string, summaryKey: string, ...args: (string | number)[]): Promise<number | string>;
  /** The same for each event of a batch (numkeys first), or an error in its place. */
  texmlRecordEvents(numKeys: number, ...keysAndArgs: (string | number)[]): Promise<Array<number | string | Error>>;
};

/** Call timelines in Redis: events deduplicated by identity, a folded summary, an index by time. */
export class EventStore {
  private readonly redis: RedisWithRecord;
  private readonly retentionSeconds: number;
  private writes = 0;
  private nextTrimAt = 1;
  /** Events someone waits on (a callback's 200): they leave at the end of this turn of the event loop. */
  private pending: PendingRecord[] = [];
  /** Flow-step records and counters: they leave with the next pending batch, or after flowStepsDelayMs. */
  private deferred: PendingRecord[] = [];
  private deferredTimer: NodeJS.Timeout | undefined;
  private counts: TrafficCount[] = [];
  /** Writes sent and not yet answered (close() waits for them). */
  private readonly inflight = new Set<Promise<void>>();
  private readonly callRoot: string;

  constructor(
    redis: RedisClient,
    private readonly options: EventStoreOptions,
  ) {
    if (!('texmlRecordEvent' in redis)) redis.defineCommand('texmlRecordEvent', { numberOfKeys: 2, lua: RECORD_SCRIPT });
    if (!('texmlRecordEvents' in redis)) redis.defineCommand('texmlRecordEvents', { lua: RECORD_BATCH_SCRIPT });
    this.redis = redis as RedisWithRecord;
    this.retentionSeconds = options.retentionSeconds;
    this.callRoot = options.prefix.replace(/[{}]/g, '');
  }

  private callKey(callSid: string, part: 'events' | 'summary'): string {
    // The call sid is the hash tag: one call's keys share a Cluster slot (the script touches both),
    // and calls spread over the cluster. The prefix's own tag, if any, is left out for that.
    return `${this.callRoot}:call:{${callSid}}:${part}`;
  }

  private get indexKey(): string {
    return `${this.options.prefix}:calls`;
  }

  /**
   * Stores the event; false when it was already there (a duplicate delivery). Resolves only once
   * Redis has answered for this event, so a 200 still means durable.
   */
  record(event: CallEvent): Promise<boolean> {
    return this.store(event, Date.parse(event.occurredAt), Date.parse(event.receivedAt));
  }

  private store(event: CallEvent, occurredMs: number, receivedMs: number, deferrable = false): Promise<boolean> {
    const isStatus = event.kind === 'call-status';
    const status = isStatus ? (event.data.call_status === 'answered' ? 'in-progress' : event.data.call_status ?? '') : '';
    const rank = isStatus ? callStatusRank[status] : undefined;
    const args: Array<string | number> = [
      event.id,
      JSON.stringify(event),
      this.retentionSeconds,
      status,
      rank === undefined ? '' : rank,
      event.sequence ?? '',
      occurredMs,
      event.flow ?? '',
      ...summaryFields(event),
    ];
    const traffic = trafficMoveOf(event, status, rank, occurredMs);
    return new Promise((resolve, reject) => {
      const item: PendingRecord = { callSid: event.callSid, args, receivedMs, resolve, reject, ...(traffic ? { traffic } : {}) };
      if (deferrable) {
        this.deferred.push(item);
        // A full batch leaves at the end of this turn (scheduled once, by the record that filled it).
        if (this.deferred.length === BATCH_MAX_EVENTS) this.scheduleFlush();
        else this.scheduleDeferred();
      } else {
        this.pending.push(item);
        if (this.pending.length === 1) this.scheduleFlush();
      }
    });
  }

  private scheduleFlush(): void {
    setImmediate(() => this.flush());
  }

  private scheduleDeferred(): void {
    this.deferredTimer ??= setTimeout(() => {
      this.deferredTimer = undefined;
      // A pending batch about to leave takes the deferred records with it.
      if (this.pending.length === 0) this.flush();
    }, this.options.flowStepsDelayMs ?? FLOW_STEPS_DELAY_MS);
  }

  /**
   * Every event recorded in this turn of the event loop goes to Redis in one pipeline, with the
   * deferred flow-step records and counters: one write and one read for a burst instead of one
   * each (the socket write was the largest single cost of an event). Each event's script still
   * runs on its own, atomically.
   */
  private flush(): void {
    // The deferred records came first: a call's last steps must be on its summary before the status
    // that ends it is folded in, or its end would be counted at an earlier step.
    const batch = this.deferred.length === 0 ? this.pending : this.deferred.concat(this.pending);
    this.pending = [];
    this.deferred = [];
    if (this.deferredTimer) {
      clearTimeout(this.deferredTimer);
      this.deferredTimer = undefined;
    }
    try {
      this.send(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  /** Sends what is waiting now and resolves once Redis has answered every write sent (shutdown). */
  async close(): Promise<void> {
    // Until nothing is left: the records' answers queue their counters, which then leave too.
    while (this.pending.length > 0 || this.deferred.length > 0 || this.counts.length > 0 || this.inflight.size > 0) {
      if (this.pending.length > 0 || this.deferred.length > 0 || this.counts.length > 0) this.flush();
      await Promise.all([...this.inflight]);
    }
  }

  private send(batch: PendingRecord[]): void {
    const pipelines = new SlotPipeline(this.redis);
    if (this.redis.isCluster) this.sendEach(batch, pipelines);
    else for (let from = 0; from < batch.length; from += BATCH_MAX_EVENTS) this.sendTogether(batch.slice(from, from + BATCH_MAX_EVENTS), pipelines);
    // Old index entries are trimmed now and then, not on every write.
    this.writes += batch.length;
    if (this.writes >= this.nextTrimAt) {
      this.nextTrimAt = this.writes + 100;
      pipelines.add(this.indexKey, (p) => p.zremrangebyscore(this.indexKey, '-inf', Date.now() - this.retentionSeconds * 1000)).catch(() => undefined);
    }
    // Counters queued since the last batch ride with this one: one write to Redis instead of two.
    this.addCounts(pipelines);
    const sent = pipelines.exec(this.options.replicaWait);
    this.inflight.add(sent);
    void sent.finally(() => this.inflight.delete(sent));
  }

  /**
   * On a Cluster: a script per event on the call's slot, and the index (another slot) updated
   * idempotently by its own command, scored by when we first heard of the call (what retention
   * counts from).
   */
  private sendEach(batch: PendingRecord[], pipelines: SlotPipeline): void {
    const indexKey = this.indexKey;
    for (const item of batch) {
      const events = this.callKey(item.callSid, 'events');
      const stored = pipelines.add(events, (p) => (p as unknown as RedisWithRecord).texmlRecordEvent(events, this.callKey(item.callSid, 'summary'), ...item.args));
      const indexed = pipelines.add(indexKey, (p) => p.zadd(indexKey, 'NX', item.receivedMs, item.callSid));
      Promise.all([stored, indexed]).then(([answer]) => this.settle(item, answer as number | string), item.reject);
    }
  }

  /** On one server: the batch script, each event answered by its own place in the reply. */
  private sendTogether(batch: PendingRecord[], pipelines: SlotPipeline): void {
    const keys: string[] = [this.indexKey];
    const args: Array<string | number> = [];
    for (const item of batch) {
      keys.push(this.callKey(item.callSid, 'events'), this.callKey(item.callSid, 'summary'));
      args.push(item.args.length + 2, ...item.args, item.receivedMs, item.callSid);
    }
    pipelines.add(this.indexKey, (p) => (p as unknown as RedisWithRecord).texmlRecordEvents(keys.length, ...keys, ...args)).then(
      (answers) => {
        (answers as Array<number | string | Error>).forEach((answer, i) => {
          const item = batch[i]!;
          if (answer instanceof Error) item.reject(answer);
          else this.settle(item, answer);
        });
      },
      (error: unknown) => batch.forEach((item) => item.reject(error)),
    );
  }

  private settle(item: PendingRecord, answer: number | string): void {
    item.resolve(answer !== 0);
    // Counted only when the event is new, so a redelivery counts nothing. Best effort: the
    // event itself is durable; a counter lost to a crash between the two is not.
    if (answer !== 0 && item.traffic) this.count(item.traffic, typeof answer === 'string' ? answer : undefined);
  }

  /** The steps a flow rendered for a call (the web tier calls this without waiting). */
  async recordFlowSteps(entry: { callSid: string; flow: string; steps: string[]; outcome: string; endpoint: string; at: Date }): Promise<boolean> {
    const at = entry.at.toISOString();
    const ms = entry.at.getTime();
    const steps = entry.steps.join(' ');
    const event: CallEvent = {
      id: `flow:${entry.callSid}:${ms}:${entry.endpoint}:${entry.steps.join(',')}`,
      kind: 'flow',
      type: `flow.${entry.outcome}`,
      callSid: entry.callSid,
      occurredAt: at,
      receivedAt: at,
      sequence: null,
      flow: entry.flow,
      data: { steps, endpoint: entry.endpoint },
    };
    // Nobody waits on it (the webhook is answered already): it waits for company (flowStepsDelayMs).
    return this.store(event, ms, ms, true);
  }

  /** A notify hook delivered (recorded by the worker after the receiver answered 2xx). */
  async recordNotification(delivery: { callSid: string; flow?: string; event: string; url: string; status: number; deliveredAt: string; jobId: string }): Promise<boolean> {
    return this.record({
      id: `notify:${delivery.jobId}`,
      kind: 'notify',
      type: 'notify.delivered',
      callSid: delivery.callSid,
      occurredAt: delivery.deliveredAt,
      receivedAt: delivery.deliveredAt,
      sequence: null,
      flow: delivery.flow ?? null,
      data: { event: delivery.event, url: delivery.url, status: String(delivery.status) },
    });
  }

  private statsKey(flow: string, hourStartMs: number): string {
    // The hour's text is kept: nearly every counter of a batch falls in the same hour.
    if (hourStartMs !== this.hour.ms) this.hour = { ms: hourStartMs, text: new Date(hourStartMs).toISOString().slice(0, 13) };
    return `${this.options.prefix}:flow-stats:${flow}:${this.hour.text}`;
  }

  private hour = { ms: Number.NaN, text: '' };

  /** Queues a new event's counters; every counter of a turn of the event loop goes in one pipeline. */
  private count(move: TrafficMove, endedAt: string | undefined): void {
    // Steps are `flow.step` (flow names have no dot).
    const flowOf = (step: string) => (step.includes('.') ? step.slice(0, step.indexOf('.')) : undefined);
    if (move.kind === 'visits') for (const step of move.steps) this.counts.push({ field: 'visit', flow: flowOf(step) ?? move.flow, step, at: move.at });
    else if (endedAt && flowOf(endedAt)) this.counts.push({ field: 'ended', flow: flowOf(endedAt)!, step: endedAt, at: move.at });
    else return;
    // Best effort, like the counters themselves: they leave with the next batch, or on their own after the delay.
    this.scheduleDeferred();
  }

  /** Moves the queued counters into `pipelines` (the next batch of events takes them when it leaves first). */
  private addCounts(pipelines: SlotPipeline): void {
    const counts = this.counts;
    if (counts.length === 0) return;
    this.counts = [];
    // Summed first: a burst of calls through the same steps is one HINCRBY per step and hour, not
    // one per call (the commands were most of the cost of recording a webhook's steps).
    const sums = new Map<string, Map<string, number>>();
    for (const { field, flow, step, at } of counts) {
      const key = this.statsKey(flow, Math.floor(at / HOUR_MS) * HOUR_MS);
      let fields = sums.get(key);
      if (!fields) sums.set(key, (fields = new Map()));
      const name = `${field}:${step}`;
      fields.set(name, (fields.get(name) ?? 0) + 1);
    }
    for (const [key, fields] of sums) {
      for (const [name, n] of fields) pipelines.add(key, (p) => p.hincrby(key, name, n)).catch(() => undefined);
      pipelines.add(key, (p) => p.expire(key, this.retentionSeconds)).catch(() => undefined);
    }
  }

  /**
   * A flow's traffic over [since, until): the hourly counters summed, one HGETALL per hour of the
   * window (168 for a week) whatever the number of calls, never a scan of the timelines.
   */
  async flowTraffic(flow: string, since: Date, until: Date): Promise<FlowTraffic> {
    const keys: string[] = [];
    for (let hour = Math.floor(since.getTime() / HOUR_MS) * HOUR_MS; hour < until.getTime(); hour += HOUR_MS) keys.push(this.statsKey(flow, hour));
    const pipelines = new SlotPipeline(this.redis);
    const reads = keys.map((key) => pipelines.add(key, (p) => p.hgetall(key)) as Promise<Record<string, string>>);
    await pipelines.exec();
    const hashes = await Promise.all(reads);
    const traffic: FlowTraffic = { flow, since: since.toISOString(), until: until.toISOString(), visits: {}, ended: {} };
    for (const hash of hashes) {
      for (const [field, value] of Object.entries(hash ?? {})) {
        const colon = field.indexOf(':');
        const bucket = field.slice(0, colon) === 'visit' ? traffic.visits : traffic.ended;
        const step = field.slice(colon + 1);
        bucket[step] = (bucket[step] ?? 0) + Number(value);
      }
    }
    return traffic;
  }

  async timeline(callSid: string): Promise<CallTimeline | undefined> {
    const [events, summary] = await Promise.all([this.redis.hvals(this.callKey(callSid, 'events')), this.redis.hgetall(this.callKey(callSid, 'summary'))]);
    if (events.length === 0) return undefined;
    const parsed = events.map((e) => JSON.parse(e) as CallEvent).sort(compareEvents);
    return { summary: toSummary(callSid, summary), events: parsed };
  }

  async summary(callSid: string): Promise<CallSummary | undefined> {
    const hash = await this.redis.hgetall(this.callKey(callSid, 'summary'));
    return Object.keys(hash).length === 0 ? undefined : toSummary(callSid, hash);
  }

  /** Calls first seen since `since`, newest first, optionally by status and flow. */
  async list(filter: { since?: Date; status?: string; flow?: string; limit?: number }): Promise<CallSummary[]> {
    const limit = Math.min(filter.limit ?? 100, 1000);
    const sids = await this.redis.zrevrangebyscore(this.indexKey, '+inf', filter.since ? filter.since.getTime() : '-inf', 'LIMIT', 0, limit * 5);
    const out: CallSummary[] = [];
    const pipelines = new SlotPipeline(this.redis);
    const reads = sids.map((sid) => {
      const key = this.callKey(sid, 'summary');
      return pipelines.add(key, (p) => p.hgetall(key)).catch(() => undefined);
    });
    await pipelines.exec();
    const results = await Promise.all(reads);
    results.forEach((hash, i) => {
      if (!hash || Object.keys(hash as object).length === 0) return;
      const summary = toSummary(sids[i]!, hash as Record<string, string>);
      if (filter.status && summary.status !== filter.status) return;
      if (filter.flow && summary.flow !== filter.flow) return;
      if (out.length < limit) out.push(summary);
    });
    return out;
  }
}

/** The counters a new event moves: a flow's steps (flow records), or the end of a call. */
function trafficMoveOf(event: CallEvent, status: string, rank: number | undefined, at: number): TrafficMove | undefined {
  if (event.kind === 'flow' && event.flow && event.data.steps) return { kind: 'visits', flow: event.flow, steps: event.data.steps.split(' '), at };
  if (rank !== undefined && rank >= TERMINAL_RANK && status !== '') return { kind: 'ended', at };
  return undefined;
}

/** Summary fields an event sets: plain, `once:` (first value wins) or `list:` (appended). */
function summaryFields(event: CallEvent): string[] {
  const d = event.data;
  const fields: string[] = [];
  const add = (field: string, value: string | undefined) => {
    if (value !== undefined) fields.push(field, value);
  };
  add('once:from', d.from);
  add('once:to', d.to);
  if (event.kind === 'call-status') {
    add('duration', d.call_duration);
    add('hangup_cause', d.hangup_cause);
    add('answered_by', d.answered_by);
  }
  if (event.kind === 'amd') add('answered_by', d.answered_by);
  if (event.kind === 'recording' && d.recording_status !== 'in-progress') add('list:recordings', d.recording_url ?? d.recording_sid);
  if (event.kind === 'transcription') add('transcription', d.transcription_text);
  if (d.dial_status) add('list:dial_outcomes', d.dial_status);
  // Where the call is in its flow: the step its traffic counters credit when it ends.
  if (event.kind === 'flow' && d.steps) add('last_step', d.steps.slice(d.steps.lastIndexOf(' ') + 1));
  return fields;
}

function toSummary(callSid: string, h: Record<string, string>): CallSummary {
  const list = (v: string | undefined) => (v ? v.split('\n') : []);
  const time = (v: string | undefined) => (v ? new Date(Number(v)).toISOString() : null);
  return {
    callSid,
    status: h.status ?? null,
    flow: h.flow ?? null,
    from: h.from ?? null,
    to: h.to ?? null,
    firstSeenAt: time(h.first_ms),
    lastEventAt: time(h.last_ms),
    durationSeconds: h.duration !== undefined ? Number(h.duration) : null,
    answeredBy: h.answered_by ?? null,
    hangupCause: h.hangup_cause ?? null,
    recordings: list(h['list:recordings']),
    transcription: h.transcription ?? null,
    dialOutcomes: list(h['list:dial_outcomes']),
  };
}

/** Oldest first: by time, then Telnyx's sequence, then arrival. */
export function compareEvents(a: CallEvent, b: CallEvent): number {
  return (
    Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
    (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER) ||
    a.receivedAt.localeCompare(b.receivedAt) ||
    a.id.localeCompare(b.id)
  );
}
