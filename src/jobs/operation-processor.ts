import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { classifyTelnyxError } from '../telnyx/classify-telnyx-error';
import type { TelnyxFailure } from '../telnyx/telnyx-failure';
import type { DialMarker } from './dial-guard';
import type { JobFailureNote, JobNotes, OperationJobData } from './job-data';
import { isOperationName, operationDefinition } from './operation-catalogue';
import type { OperationContext, OperationDefinition, OperationLane, ReconciledCall } from './operation-definition';
import { OperationPreconditionError } from './operation-precondition-error';
import type { OperationProcessorOptions } from './operation-processor-options';
import { OperationValidationError } from './operation-validation-error';
import { RetryableOperationError } from './retryable-operation-error';
import { validateOperation } from './validate-operation';

/** Added to every rate-limit pause so the retry never lands before the time Telnyx gave. */
const RATE_LIMIT_MARGIN_MS = 50;

const REDACTED = '[REDACTED]';

/**
 * Runs one job: validates its payload again, calls Telnyx through its operation, and turns the
 * outcome into what BullMQ should do: complete; retry with backoff (5xx, timeouts, connection);
 * pause the queue and try again (429, for Retry-After / x-ratelimit-reset); or fail at once
 * (other 4xx, with Telnyx's code, title and detail kept on the job). Create-call jobs go through
 * the dial guard, so a retry never places a second call.
 */
export class OperationProcessor {
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: OperationProcessorOptions) {
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  async process(job: Job<OperationJobData>, token: string | undefined, lane: OperationLane): Promise<unknown> {
    const op = job.data.op ?? job.name;
    const jobId = job.id ?? '';
    const seenSecrets: string[] = [];
    const context: OperationContext = {
      ...this.options.context,
      jobId,
      readEnv: (name) => {
        const value = this.options.context.readEnv(name);
        if (value) seenSecrets.push(value);
        return value;
      },
    };
    const scrub = (text: string) => seenSecrets.reduce((out, secret) => (secret.length >= 4 ? out.split(secret).join(REDACTED) : out), text);
    const log = this.logger.child({ op, jobId, attempt: job.attemptsMade + 1 });

    let definition: OperationDefinition<unknown>;
    let params: unknown;
    try {
      if (!isOperationName(op)) throw new OperationValidationError(String(op), [{ field: 'op', message: 'unknown operation' }]);
      definition = operationDefinition(op);
      params = validateOperation(op, job.data.params).params;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.note(job, { lastError: { at: this.now(), kind: 'invalid', message } });
      log.error({ problem: message }, 'job payload invalid: failed without calling Telnyx');
      throw new UnrecoverableError(message);
    }

    try {
      const result =
        definition.ambiguity === 'reconcile' ? await this.dial(job, token, definition, params, context, log) : await definition.run(params, context);
      log.info({ origin: job.data.origin }, 'job done');
      return result;
    } catch (error) {
      throw await this.failure(job, lane, definition, error, scrub, log);
    }
  }

  /** calls.create: mark, (reconcile,) dial, confirm. */
  private async dial(
    job: Job<OperationJobData>,
    token: string | undefined,
    definition: OperationDefinition<unknown>,
    params: unknown,
    context: OperationContext,
    log: Logger,
  ): Promise<unknown> {
    const { guard } = this.options;
    const jobId = job.id ?? '';
    if (!definition.dialTarget || !definition.reconcile) throw new Error(`${definition.op} is marked reconcile but cannot reconcile`);
    const target = definition.dialTarget(params, context);
    const previous = await guard.read(jobId);
    if (previous?.state === 'done') {
      log.warn({ to: target.to }, 'dial already placed by an earlier attempt: not dialing again');
      return previous.result ?? { placed: true, reconciled: true };
    }
    if (previous?.state === 'sent') {
      const readyAt = this.reconcileAt(previous, context);
      if (this.now() < readyAt) {
        this.options.metrics?.retried.inc({ op: definition.op, reason: 'reconcile-wait' });
        log.info({ to: target.to, reconcileAt: new Date(readyAt).toISOString() }, 'earlier dial unconfirmed: reconciling after the delay');
        await job.moveToDelayed(readyAt, token);
        throw new DelayedError();
      }
      const found = await this.reconcile(definition, params, context, previous, jobId);
      if (found) {
        const result = { placed: true, reconciled: true, candidates: found.map((call) => call.sid).filter(Boolean), flow: (params as { flow?: string }).flow ?? null };
        await guard.confirm(jobId, previous, result);
        log.warn({ to: target.to, found: found.length }, 'dial reconciled: the earlier attempt placed the call; not dialing again');
        return result;
      }
      log.info({ to: target.to }, 'dial reconciled: no call was placed; dialing again');
    }
    const marker = await guard.markSent(jobId, target, previous, this.now());
    if (!marker) {
      // Another run of this job marked a send since we read: it may be dialing now. Look later,
      // as after any unconfirmed send (this run may itself have lost the job: then this fails).
      const current = await guard.read(jobId);
      const readyAt = current?.state === 'sent' ? this.reconcileAt(current, context) : this.now();
      this.options.metrics?.retried.inc({ op: definition.op, reason: 'reconcile-wait' });
      log.warn({ to: target.to, reconcileAt: new Date(readyAt).toISOString() }, 'another run of this dial job marked a send first: not dialing; reconciling after the delay');
      await job.moveToDelayed(readyAt, token);
      throw new DelayedError();
    }
    log.info({ to: target.to, sends: marker.sends }, 'dialing');
    let result: unknown;
    try {
      result = await definition.run(params, context);
    } catch (error) {
      const failure = classifyTelnyxError(error);
      // A definite refusal (an HTTP error answer, a refused connection) placed nothing.
      if ((failure && !failure.ambiguous) || error instanceof OperationPreconditionError) await guard.restore(jobId, previous?.state === 'sent' ? previous : undefined);
      throw error;
    }
    await guard.confirm(jobId, marker, result);
    return result;
  }

  /**
   * When an unconfirmed send may be looked for: the request can be in flight until the SDK's
   * timeout gives up on it (a run whose lock lapsed is still waiting for its answer), and Telnyx's
   * call list is eventually consistent after that (DIAL_RECONCILE_DELAY_MS).
   */
  private reconcileAt(marker: DialMarker, context: Omit<OperationContext, 'jobId'>): number {
    return marker.lastSentAt + context.settings.timeoutMs + this.options.reconcileDelayMs;
  }

  /** Calls to the number since the first unconfirmed send that other jobs' confirmed dials do not account for. */
  private async reconcile(
    definition: OperationDefinition<unknown>,
    params: unknown,
    context: OperationContext,
    marker: DialMarker,
    jobId: string,
  ): Promise<ReconciledCall[] | undefined> {
    const since = marker.firstSentAt - (this.options.clockSkewMs ?? 2000);
    const calls = await definition.reconcile!(params, context, new Date(since));
    const others = await this.options.guard.confirmedByOthers(marker.to, jobId, since);
    return calls.length > others ? calls : undefined;
  }

  /** Decides what BullMQ does with a failed attempt; returns the error to throw. */
  private async failure(
    job: Job<OperationJobData>,
    lane: OperationLane,
    definition: OperationDefinition<unknown>,
    error: unknown,
    scrub: (text: string) => string,
    log: Logger,
  ): Promise<Error> {
    const op = definition.op;
    if (error instanceof DelayedError) return error;
    const metrics = this.options.metrics;
    const failure = classifyTelnyxError(error);
    if (failure) metrics?.telnyxErrors.inc({ op, status: failure.statusLabel });
    const note = (kind: string, message: string, f?: TelnyxFailure): JobFailureNote => ({
      at: this.now(),
      kind,
      message: scrub(message),
      ...(f?.status !== undefined ? { status: f.status } : {}),
      ...(f?.code ? { code: f.code } : {}),
      ...(f?.title ? { title: scrub(f.title) } : {}),
      ...(f?.detail ? { detail: scrub(f.detail) } : {}),
      ...(f && f.errors.length > 0 ? { errors: f.errors.map((e) => ({ ...e, ...(e.detail ? { detail: scrub(e.detail) } : {}) })) } : {}),
    });

    if (failure?.kind === 'rate-limited') {
      const count = (job.data.notes?.rateLimits ?? 0) + 1;
      if (count <= (this.options.maxRateLimits ?? 50)) {
        const delayMs = failure.retryAfterMs ?? this.options.rateLimitBackoff(count);
        const at = this.now();
        await this.note(job, { rateLimits: count, rateLimitedAt: at, rateLimitDelayMs: delayMs, lastError: note('rate-limited', failure.summary, failure) });
        // A little past the hint: timers and Redis expiry round, and coming back early means another 429.
        await this.options.pauseLane(lane, delayMs + RATE_LIMIT_MARGIN_MS);
        metrics?.retried.inc({ op, reason: 'rate-limited' });
        log.warn({ status: 429, code: failure.code, delayMs, hinted: failure.retryAfterMs !== undefined, rateLimits: count }, 'Telnyx rate limit: queue paused, job goes back in line');
        return Worker.RateLimitError();
      }
      await this.note(job, { lastError: note('rate-limited', failure.summary, failure) });
      log.warn({ status: 429, rateLimits: count }, 'Telnyx rate limit again: counted as a failed attempt');
      return new RetryableOperationError(`${op}: ${scrub(failure.summary)} (rate limited ${count} times)`, failure.retryAfterMs);
    }

    if (failure?.kind === 'permanent') {
      await this.note(job, { lastError: note('permanent', failure.summary, failure) });
      log.warn({ status: failure.status, code: failure.code, title: failure.title, detail: scrub(failure.detail ?? '') }, 'Telnyx refused the operation: failed without retry');
      return new UnrecoverableError(`${op}: ${scrub(failure.summary)}`);
    }

    if (failure?.kind === 'retryable') {
      if (failure.ambiguous && definition.ambiguity === 'fail') {
        const message = `${op}: ${scrub(failure.summary)}; the request may have reached Telnyx, so it is not sent again (a second dial would be worse than none)`;
        await this.note(job, { lastError: note('ambiguous', message, failure) });
        log.error({ status: failure.statusLabel }, 'ambiguous dial failure: not retried');
        return new UnrecoverableError(message);
      }
      await this.note(job, { lastError: note('retryable', failure.summary, failure) });
      log.warn({ status: failure.statusLabel, code: failure.code, ambiguous: failure.ambiguous }, 'Telnyx operation failed: will retry with backoff');
      return new RetryableOperationError(`${op}: ${scrub(failure.summary)}`, failure.retryAfterMs);
    }

    if (error instanceof UnrecoverableError) {
      await this.note(job, { lastError: note('permanent', scrub(error.message)) });
      log.warn({ problem: scrub(error.message) }, 'operation refused: failed without retry');
      return error;
    }

    if (error instanceof RetryableOperationError) {
      // An operation's own expected failure (a notify receiver that is down): a line, no stack.
      await this.note(job, { lastError: note('retryable', scrub(error.message)) });
      log.warn({ problem: scrub(error.message) }, 'operation failed: will retry with backoff');
      return error;
    }

    if (error instanceof OperationPreconditionError) {
      await this.note(job, { lastError: note('precondition', error.message) });
      log.error({ problem: scrub(error.message) }, 'job cannot run as configured: failed without retry');
      return new UnrecoverableError(scrub(error.message));
    }

    const message = error instanceof Error ? error.message : String(error);
    await this.note(job, { lastError: note('error', message) }).catch(() => undefined);
    log.error({ err: error instanceof Error ? { type: error.name, message: scrub(error.message), stack: error.stack } : undefined }, 'job failed unexpectedly: will retry');
    return error instanceof Error ? error : new Error(message);
  }

  /** Merges bookkeeping into the job's data (kept in Redis, shown by the admin API). */
  private async note(job: Job<OperationJobData>, notes: JobNotes): Promise<void> {
    const data: OperationJobData = { ...job.data, notes: { ...job.data.notes, ...notes } };
    await job.updateData(data);
  }
}
