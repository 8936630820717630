/**
 * The time the service goes by: calendars and routes, campaign windows and retries, delayed jobs,
 * event times, sealed-token ages. The wall clock in production; in development a ControlledClock
 * (CLOCK_START / CLOCK_RATE, or `--clock` / `--clock-rate`) so a chosen day and hour can be played
 * and hours of waiting pass in seconds.
 *
 * What it does not govern: webhook and notify signatures (their timestamps are checked against
 * the other side's wall clock) and BullMQ's own mechanics (locks, stalls, retry backoff).
 */
export interface ServiceClock {
  /** Epoch milliseconds by this clock. */
  now(): number;
  /** False for the wall clock. */
  readonly controlled: boolean;
  /** Clock milliseconds per real millisecond (1 for the wall clock). */
  readonly rate: number;
  /** Real milliseconds until this clock reads `clockMs` (0 when it already has). */
  realDelayUntil(clockMs: number): number;
  /** One line for the start-up log: what time it is and how fast it runs. */
  describe(): string;
}

/** The wall clock. */
export const wallClock: ServiceClock = {
  now: () => Date.now(),
  controlled: false,
  rate: 1,
  realDelayUntil: (clockMs) => Math.max(0, clockMs - Date.now()),
  describe: () => 'the wall clock',
};
