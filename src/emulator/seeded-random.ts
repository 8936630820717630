/** A uniform source of numbers in [0, 1). */
export interface RandomSource {
  next(): number;
}

/**
 * A small deterministic PRNG (mulberry32). The same seed gives the same sequence, so a fault with
 * a probability fires on the same requests in every run of a test.
 */
export class SeededRandom implements RandomSource {
  private state: number;

  constructor(seed: number) {
    this.state = SeededRandom.normalise(seed);
  }

  reseed(seed: number): void {
    this.state = SeededRandom.normalise(seed);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private static normalise(seed: number): number {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    return Math.trunc(seed) >>> 0;
  }
}
