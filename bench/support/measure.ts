/** A positive number given as `--name value` on the command line, else `fallback`. */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** One timed operation; it returns a number (e.g. the output's length) so its work is not optimised away. */
export type Operation = () => number;

let sink = 0;

/** Runs `op` in batches of 100 for `ms` milliseconds and returns its ops per second. */
export function opsPerSecond(op: Operation, ms: number): number {
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 100; i++) sink += op();
    ops += 100;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Times each operation for `rounds` rounds of `ms` ms after an untimed warm-up round, interleaved
 * and rotated every round so drift hits all alike; returns each one's median ops per second.
 */
export function medianOpsPerSecond(operations: Operation[], rounds: number, ms: number): number[] {
  const samples = operations.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < operations.length; k++) {
      const index = (k + Math.max(round, 0)) % operations.length;
      const ops = opsPerSecond(operations[index]!, ms);
      if (round >= 0) samples[index]!.push(ops);
    }
  }
  if (sink === 0) console.log('');
  return samples.map(median);
}
