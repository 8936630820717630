import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ServiceClock } from '../clock';
import type { OperationJobData } from './job-data';

/** Delayed jobs looked at per queue and pass. */
const BATCH = 500;

/**
 * Under a controlled clock (development), runs delayed jobs when the clock passes their `dueAt`.
 * The producer already scales a job's real delay by the clock's rate; this covers the clock being
 * moved forward (the emulator advances it by the simulated time of played calls), which BullMQ,
 * going by real time, cannot see. Never started with the wall clock.
 */
export class DelayedJobPromoter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly queues: readonly Queue<OperationJobData>[],
    private readonly clock: ServiceClock,
    private readonly logger: Logger,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.pass()
        .catch((error: unknown) => this.logger.debug({ err: error }, 'delayed job promotion failed (next pass tries again)'))
        .then(() => undefined)
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Promotes every delayed job already due by the clock; resolves to how many. */
  async pass(): Promise<number> {
    const now = this.clock.now();
    let promoted = 0;
    for (const queue of this.queues) {
      for (const job of await queue.getDelayed(0, BATCH - 1)) {
        if (job.data.dueAt === undefined || job.data.dueAt > now) continue;
        try {
          await job.promote();
          promoted += 1;
          this.logger.debug({ jobId: job.id, op: job.data.op, dueAt: new Date(job.data.dueAt).toISOString() }, 'delayed job due by the controlled clock: promoted');
        } catch {
          // Promoted (or removed) by BullMQ in the meantime: nothing to do.
        }
      }
    }
    return promoted;
  }
}
