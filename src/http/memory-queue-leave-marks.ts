import type { QueueLeaveMarks } from './queue-leave-marks';

/** Marks kept at most this long: an Enqueue action follows its Leave "right away" (enqueue.md). */
const KEEP_MS = 10 * 60 * 1000;
const MAX_MARKS = 10_000;

/**
 * Leave marks in this process's memory, for a service without an event store (the simulator, a
 * single web process in development). Behind a load balancer the Enqueue action may reach another
 * process: configure Redis there (StoredQueueLeaveMarks).
 */
export class MemoryQueueLeaveMarks implements QueueLeaveMarks {
  private readonly marks = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async mark(callSid: string): Promise<void> {
    if (this.marks.size >= MAX_MARKS) this.prune();
    this.marks.delete(callSid);
    this.marks.set(callSid, this.now());
  }

  async issued(callSid: string, queuedAt: number | undefined): Promise<boolean> {
    const at = this.marks.get(callSid);
    return at !== undefined && at >= (queuedAt ?? 0) * 1000 && this.now() - at <= KEEP_MS;
  }

  private prune(): void {
    const cutoff = this.now() - KEEP_MS;
    for (const [sid, at] of this.marks) if (at < cutoff || this.marks.size >= MAX_MARKS) this.marks.delete(sid);
  }
}
