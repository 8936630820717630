import type { DestinationStream } from 'pino';

/** What the lines are handed to: sonic-boom, as pino.destination() makes it. */
export interface FlushableStream extends DestinationStream {
  flush(cb?: (error?: Error) => void): void;
  flushSync(): void;
}

/** Every destination that may hold lines (weakly: a logger that is dropped takes its own along). */
const live = new Set<WeakRef<TurnBufferedDestination>>();
let exitHooked = false;

/** One exit hook for all of them, synchronous: an exiting process runs no more turns (pino's own exit flush may already have run). */
function flushAllOnExit(): void {
  for (const ref of live) {
    const destination = ref.deref();
    if (!destination) continue;
    try {
      destination.flushSync();
    } catch {
      // The target is not open yet, or already closed: nothing more can be written.
    }
  }
}

/**
 * Holds the log lines written in one turn of the event loop and hands them on together when the
 * turn ends (setImmediate): one write per turn instead of one per line (the writes were about 4%
 * of a voice webhook's cost, docs/benchmarks.md, "voice-webhook"). A line is never held past the
 * turn it was written in, so a quiet service logs at once. What is held is handed on before the
 * process exits (an uncaught exception included) and by flush(); only a process killed outright
 * (SIGKILL, the OOM killer) loses the lines of its last turn.
 */
export class TurnBufferedDestination implements DestinationStream {
  private held = '';
  private scheduled = false;

  constructor(private readonly target: FlushableStream) {
    for (const ref of live) if (ref.deref() === undefined) live.delete(ref);
    live.add(new WeakRef(this));
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', flushAllOnExit);
    }
  }

  write(line: string): void {
    this.held += line;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.release);
    }
  }

  /** Hands the held lines on and flushes the target (what logger.flush() calls, at shutdown). */
  flush(cb?: (error?: Error) => void): void {
    this.release();
    this.target.flush(cb);
  }

  flushSync(): void {
    this.release();
    this.target.flushSync();
  }

  private readonly release = (): void => {
    this.scheduled = false;
    if (this.held === '') return;
    const lines = this.held;
    this.held = '';
    this.target.write(lines);
  };
}
