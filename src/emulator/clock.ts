/** A source of the current time in epoch milliseconds. Injected so tests control time without sleeping. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
