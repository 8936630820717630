import type { Logger } from 'pino';
import type { CallbackIngestor } from '../events/callback-ingestor';
import type { EventStore } from '../events/event-store';
import type { QueueLeaveMarks } from './queue-leave-marks';

/** How long a webhook waits on Redis for a mark: the call must be answered fast either way. */
const MARK_TIMEOUT_MS = 400;

/**
 * Leave marks on the call's timeline (Redis), so any web process finds them: the mark is the
 * call's `queue.left` event with result `leave`, stored before the Leave is answered. When Redis
 * is away (or slow) nothing is marked or found, and the outcome falls back to timing (see
 * queueOutcome in flow-interpreter.ts).
 */
export class StoredQueueLeaveMarks implements QueueLeaveMarks {
  constructor(
    private readonly store: Pick<EventStore, 'timeline'>,
    private readonly ingestor: Pick<CallbackIngestor, 'ingest'>,
    private readonly logger: Logger,
  ) {}

  /** Records the Leave (bounded wait). */
  async mark(callSid: string, flow: string | undefined): Promise<void> {
    await this.bounded(this.ingestor.ingest('queue', { CallSid: callSid, QueueResult: 'leave', ...(flow ? { flow } : {}) }), 'leave not marked', callSid);
  }

  /** True when a Leave was marked for the call since it was queued (epoch seconds). */
  async issued(callSid: string, queuedAt: number | undefined): Promise<boolean> {
    const timeline = await this.bounded(this.store.timeline(callSid), 'leave mark not read', callSid);
    const since = (queuedAt ?? 0) * 1000;
    return (timeline?.events ?? []).some((e) => e.kind === 'queue' && e.data.queue_result === 'leave' && Date.parse(e.receivedAt) >= since);
  }

  private async bounded<T>(work: Promise<T>, problem: string, callSid: string): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), MARK_TIMEOUT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      this.logger.warn({ callSid, err: error }, problem);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
