import type { AdvancingClock } from './advancing-clock';

/** Why a wait ended: its time passed, or something woke it early. */
export type WaitEnd = 'elapsed' | 'woken';

/** A task's pending wait: `promise` settles when the time passes or `wake()` is called. */
export interface Waiter {
  readonly promise: Promise<WaitEnd>;
  /** Ends the wait early (no effect once it has ended). */
  wake(): void;
}

interface Sleeper {
  wakeAt: number | undefined;
  seq: number;
  resolve: (end: WaitEnd) => void;
  done: boolean;
}

/**
 * Simulated time shared by every played call (a discrete-event scheduler). A task (a call being
 * played) is busy while it works (waiting on HTTP counts as work) and idle while it waits for
 * simulated time or for an event. Only when every task is idle does time move: straight to the
 * earliest wake-up, which then runs alone until it waits again. So two calls that interact (a
 * caller in a queue and the agent who dequeues it) see one consistent time line, however long
 * the real HTTP requests take, and nothing ever sleeps for real.
 */
export class VirtualScheduler {
  private busy = 0;
  private readonly sleepers: Sleeper[] = [];
  private seq = 0;
  private checkQueued = false;
  private stopped = false;

  constructor(private readonly clock: AdvancingClock) {}

  /** Tasks that are working right now. */
  get busyTasks(): number {
    return this.busy;
  }

  /** Tasks waiting on time or on an event. */
  get waitingTasks(): number {
    return this.sleepers.length;
  }

  /** A task starts (it is busy until it waits or exits). */
  enter(): void {
    this.busy += 1;
  }

  /** A busy task ends. */
  exit(): void {
    this.busy = Math.max(0, this.busy - 1);
    this.queueCheck();
  }

  /**
   * The calling (busy) task waits `ms` of simulated time, or, with `ms` undefined, until woken.
   * It is busy again when the promise settles.
   */
  wait(ms: number | undefined): Waiter {
    const sleeper: Sleeper = {
      wakeAt: ms === undefined ? undefined : this.clock.now() + Math.max(0, ms),
      seq: (this.seq += 1),
      resolve: () => undefined,
      done: false,
    };
    const promise = new Promise<WaitEnd>((resolve) => {
      sleeper.resolve = resolve;
    });
    this.sleepers.push(sleeper);
    this.busy = Math.max(0, this.busy - 1);
    if (this.stopped) this.release(sleeper, 'woken');
    else this.queueCheck();
    return {
      promise,
      wake: () => this.release(sleeper, 'woken'),
    };
  }

  /** Wakes every waiting task (the emulator is closing); time stops moving. */
  stop(): void {
    this.stopped = true;
    for (const sleeper of [...this.sleepers]) this.release(sleeper, 'woken');
  }

  /** Lets time move again after stop() (a reset). */
  restart(): void {
    this.stopped = false;
  }

  private release(sleeper: Sleeper, end: WaitEnd): void {
    if (sleeper.done) return;
    sleeper.done = true;
    const index = this.sleepers.indexOf(sleeper);
    if (index >= 0) this.sleepers.splice(index, 1);
    this.busy += 1;
    sleeper.resolve(end);
  }

  private queueCheck(): void {
    if (this.checkQueued) return;
    this.checkQueued = true;
    // After the current promise chains settle: a task that just woke has had its chance to work.
    setImmediate(() => {
      this.checkQueued = false;
      this.advanceIfIdle();
    });
  }

  private advanceIfIdle(): void {
    if (this.stopped || this.busy > 0) return;
    let next: Sleeper | undefined;
    for (const sleeper of this.sleepers) {
      if (sleeper.wakeAt === undefined) continue;
      if (!next || sleeper.wakeAt < next.wakeAt! || (sleeper.wakeAt === next.wakeAt && sleeper.seq < next.seq)) next = sleeper;
    }
    if (!next) return;
    const now = this.clock.now();
    if (next.wakeAt! > now) this.clock.advance(next.wakeAt! - now);
    this.release(next, 'elapsed');
  }
}
