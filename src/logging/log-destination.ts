import pino, { type DestinationStream } from 'pino';

/** Bytes of log lines held before they are written: about fifteen webhook lines. */
export const LOG_BUFFER_BYTES = 4096;
/** Held lines are written at least this often, however quiet the service is. */
export const LOG_FLUSH_INTERVAL_MS = 250;

/**
 * Where the service's JSON lines go (stdout unless `dest` names another file or descriptor):
 * asynchronous and buffered. One write per line was about 4% of a voice webhook's cost
 * (docs/benchmarks.md, "voice-webhook"); lines are now written once LOG_BUFFER_BYTES are held, and
 * every LOG_FLUSH_INTERVAL_MS regardless. pino flushes what is held on exit (an uncaught exception
 * included) and the shutdown flushes it too, so only a process killed outright (SIGKILL, the OOM
 * killer) loses lines: at most the last LOG_BUFFER_BYTES, none older than the interval.
 */
export function createLogDestination(dest: string | number = 1): DestinationStream {
  return pino.destination({ dest, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_INTERVAL_MS });
}
