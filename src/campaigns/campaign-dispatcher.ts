import type { Logger } from 'pino';
import { jobIdFor } from '../jobs/job-ids';
import { CallerIdPicker } from './caller-id-picker';
import { CallingWindow } from './calling-window';
import type { CampaignDefinition } from './campaign-definition';
import type { CampaignDispatcherOptions } from './campaign-dispatcher-options';
import type { CampaignStore } from './campaign-store';

/** Contacts looked at per campaign and tick (due ones, before the window filter). */
const PEEK = 200;
/** Attempts rechecked against their job, and timed-out calls reclaimed, per campaign and tick. */
const REAP = 50;
/** Rescheduled at least this far ahead when a window never opens again (all excluded). */
const NO_OPENING_RETRY_MS = 24 * 3600 * 1000;

interface Runtime {
  definition: CampaignDefinition;
  window: CallingWindow;
  callers: CallerIdPicker;
}

/** The idempotency key (and BullMQ job id) of an attempt: campaign, contact, attempt number. */
export function attemptKey(campaignId: string, contact: number, attempt: number): string {
  return `campaign.${campaignId}.${contact}.${attempt}`;
}

/**
 * Runs in every worker process: each tick, for each active campaign, it
 * - reclaims the slots of calls whose completed callback never came (outcome unknown),
 * - checks attempts that have no call sid yet against their dial job (a job a crash lost is
 *   submitted again under the same id, so it can never dial twice; a failed job is an error),
 * - finishes cancelling, and, for a running campaign with room in its pacing bucket and its
 *   live-call slots: takes the due contacts, moves those outside their calling window to its next
 *   opening, and claims the rest (atomically: any number of dispatchers can run) as attempts,
 *   each a `calls.create` job through the shared dials lane.
 */
export class CampaignDispatcher {
  private readonly store: CampaignStore;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly runtimes = new Map<string, Runtime>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private warnedNoBaseUrl = false;
  private completedTicks = 0;

  constructor(private readonly options: CampaignDispatcherOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** Ticks every tickMs until stop(). */
  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((error: unknown) => {
          if (!this.options.availability?.count('campaignTicksFailed', error)) this.logger.error({ err: error }, 'campaign dispatch failed (next tick tries again)');
        })
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(loop, this.options.tickMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Passes completed since the dispatcher was made (for tests and health checks). */
  get ticks(): number {
    return this.completedTicks;
  }

  /** One pass over every active campaign. */
  async tick(): Promise<void> {
    const ids = await this.store.activeIds();
    // Definitions are cached while a campaign is active (they never change).
    for (const id of this.runtimes.keys()) if (!ids.includes(id)) this.runtimes.delete(id);
    for (const id of ids) {
      try {
        await this.dispatch(id);
      } catch (error) {
        if (!this.options.availability?.count('campaignTicksFailed', error)) this.logger.error({ campaign: id, err: error }, 'campaign dispatch failed for one campaign');
      }
    }
    this.completedTicks += 1;
  }

  private async runtime(id: string): Promise<Runtime | undefined> {
    const known = this.runtimes.get(id);
    if (known) return known;
    const definition = await this.store.definition(id);
    if (!definition) return undefined;
    const runtime = { definition, window: new CallingWindow(definition.window), callers: new CallerIdPicker(definition.callerIds) };
    this.runtimes.set(id, runtime);
    return runtime;
  }

  private async dispatch(id: string): Promise<void> {
    const now = this.now();
    const meta = await this.store.meta(id);
    const runtime = await this.runtime(id);
    if (!meta || !runtime) return;
    await this.reclaimTimedOut(id, Number(meta.live_timeout_ms), now);
    await this.recheckUnconfirmed(id, runtime, now);
    if (meta.state === 'cancelled') {
      await this.store.cancelBatch(id, now);
      return;
    }
    if (meta.state !== 'running') return;
    if (!this.options.publicBaseUrl) {
      if (!this.warnedNoBaseUrl) this.logger.error({ campaign: id }, 'PUBLIC_BASE_URL is not set: campaign calls would have no URL to run their flow from; not dialing');
      this.warnedNoBaseUrl = true;
      return;
    }
    const rate = Number(meta.rate);
    // Claim no more than the dials lane can start soon: what waits there is past the pause check.
    let room = Number.POSITIVE_INFINITY;
    if (this.options.laneBacklog) {
      room = (this.options.maxBacklog ?? Math.max(5, Math.ceil(rate / 2))) - (await this.options.laneBacklog());
      if (room <= 0) return;
    }
    const candidates = await this.store.dueCandidates(id, now, PEEK);
    if (candidates.length === 0) return;
    const open: string[] = [];
    const moves: Array<{ contact: string; at: number }> = [];
    for (const candidate of candidates) {
      const zone = candidate.timezone ?? runtime.window.defaultZone;
      if (runtime.window.isOpen(now, zone)) open.push(candidate.contact);
      else moves.push({ contact: candidate.contact, at: runtime.window.nextOpening(now, zone) ?? now + NO_OPENING_RETRY_MS });
    }
    if (moves.length > 0) {
      const moved = await this.store.reschedule(id, now, moves);
      this.logger.debug({ campaign: id, moved }, 'contacts outside their calling window: scheduled for its next opening');
    }
    // The script claims as many as the pacing bucket and the free slots allow.
    const want = Math.min(room, Math.ceil(Number(meta.burst) + (rate * this.options.tickMs) / 1000) + 1);
    const claimed = await this.store.claim(id, now, open.slice(0, Math.max(1, want)));
    if (claimed.dnc.length > 0) this.logger.info({ campaign: id, contacts: claimed.dnc }, 'contacts on a do-not-call list: not dialed');
    await Promise.all(
      claimed.dials.map((attempt) =>
        this.submit(id, runtime, attempt.contact, attempt.attempt, attempt.sequence, attempt.phone, attempt.vars).catch((error: unknown) =>
          // The attempt stays unconfirmed: the recheck submits it again (same job id).
          this.logger.warn({ campaign: id, contact: attempt.contact, attempt: attempt.attempt, err: error }, 'campaign attempt not enqueued yet (will be rechecked)'),
        ),
      ),
    );
  }

  private async submit(id: string, runtime: Runtime, contact: number, attempt: number, sequence: number, phone: string, vars: Record<string, string>): Promise<void> {
    const { definition } = runtime;
    const machine = definition.amd.onMachine;
    const detecting = definition.amd.mode !== 'off';
    const params: Record<string, unknown> = {
      to: phone,
      from: runtime.callers.pick(phone, sequence - 1),
      timeout: definition.ringTimeoutSeconds,
      // The end is what decides: one status callback per call (the AMD verdict comes on its own).
      status_callback_events: 'completed',
      // calls.create seals the flow and its variables into the callback URLs too, so a call nobody
      // answers still reaches the flow's hooks, and the AMD verdict finds the flow. The attempt rides
      // there (sealed) for the outcome, with a machine handled by the campaign: the verdict's answer
      // (synchronous AMD) or redirect (asynchronous) plays it (see AmdVerdictHandler).
      campaign_attempt: { campaign: id, contact, attempt, ...(detecting && machine.kind !== 'flow' ? { machine } : {}) },
      ...(detecting ? { machine_detection: definition.amd.mode === 'detect' ? 'Enable' : 'DetectMessageEnd' } : {}),
      ...(detecting && definition.amd.timeoutMs ? { machine_detection_timeout: definition.amd.timeoutMs } : {}),
      ...(detecting && definition.amd.async ? { async_amd: true } : {}),
      flow: definition.flow,
      ...(Object.keys(vars).length > 0 ? { vars } : {}),
    };
    const { jobId } = await this.options.jobs.submit({
      op: 'calls.create',
      params,
      idempotencyKey: attemptKey(id, contact, attempt),
      origin: { source: 'campaign', flow: definition.flow },
    });
    this.logger.debug({ campaign: id, contact, attempt, jobId }, 'campaign attempt enqueued');
  }

  private async reclaimTimedOut(id: string, timeoutMs: number, now: number): Promise<void> {
    if (!Number.isFinite(timeoutMs)) return;
    for (const { contact } of await this.store.liveBefore(id, now - timeoutMs, REAP)) {
      const record = await this.store.contact(id, contact);
      if (!record) continue;
      const result = await this.store.record(id, contact, Number(record.attempts), 'timeout', {}, now);
      this.logger.warn({ campaign: id, contact, attempt: Number(record.attempts), result }, 'campaign call never reported its end: slot reclaimed, outcome unknown');
    }
  }

  private async recheckUnconfirmed(id: string, runtime: Runtime, now: number): Promise<void> {
    for (const contact of await this.store.unconfirmedBefore(id, now - this.options.recheckMs, now, REAP)) {
      const record = await this.store.contact(id, contact);
      if (!record || record.state !== 'dialing') continue;
      const attempt = Number(record.attempts);
      const key = attemptKey(id, contact, attempt);
      const status = await this.options.jobs.status(jobIdFor(key));
      if (!status) {
        // Claimed, but its job never made it to the queue (the worker died in between).
        this.logger.warn({ campaign: id, contact, attempt }, 'campaign attempt had no dial job: submitting it (same job id, so at most one call)');
        const vars = record.vars ? (JSON.parse(record.vars) as Record<string, string>) : {};
        await this.submit(id, runtime, contact, attempt, Number(record.seq), record.phone ?? '', vars);
      } else if (status.state === 'completed') {
        // Placed: from here only its callback (or the live-call timeout) settles it.
        await this.store.confirm(id, contact);
      } else if (status.state === 'failed') {
        const message = status.lastError?.detail ?? status.lastError?.message ?? 'the dial job failed';
        const result = await this.store.record(id, contact, attempt, 'error', { error: message.slice(0, 300) }, now);
        this.logger.warn({ campaign: id, contact, attempt, problem: message, result }, 'campaign dial refused: outcome error');
      }
    }
  }
}
