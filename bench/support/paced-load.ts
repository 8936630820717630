import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface PacedLoadOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Requests per second, sent evenly: one every 1/rate s, not in bursts. */
  rate: number;
  durationSeconds: number;
  /** Keep-alive sockets the generator may open at most (more are opened only when answers lag). */
  maxSockets?: number;
  /** Seconds sent at the same rate before the measured ones, and not counted. */
  warmupSeconds?: number;
}

export interface PacedLoadResult {
  sent: number;
  /** Transport errors plus answers that were not 2xx. */
  errors: number;
  /** Latency in ms from the moment each request was due, not from when it left. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Latency in ms from the moment each request left: the server's part without the generator's lateness. */
  sentP50: number;
  sentP99: number;
  /**
   * p99 of how late the generator itself sent a request past its due time (its timers fire in
   * whole milliseconds, and it shares the machine): part of every latency above, not the server's.
   */
  lateP99: number;
}

/**
 * An open-loop load at a steady rate, as wrk2 makes it. Request i is due at start + i/rate and its
 * latency counts from then, so a server (or generator) that falls behind is charged for the wait
 * (no coordinated omission). autocannon's `overallRate` is not that: each connection sends its
 * share of a second back to back and then waits for the next second, so its latency is that of
 * bursts at full load. The latency from when each request left is given too: the generator never
 * waits for an answer before sending, so a server's stall shows there as well, and only the
 * generator's own lateness (its timers fire in whole milliseconds) is left out.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const target = new URL(options.url);
  const body = Buffer.from(options.body);
  const headers = { ...options.headers, 'content-length': String(body.length) };
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const warmup = Math.round(options.rate * (options.warmupSeconds ?? 0));
  const total = warmup + Math.max(1, Math.round(options.rate * options.durationSeconds));
  const intervalMs = 1000 / options.rate;
  const latencies = new Float64Array(total);
  const lateness = new Float64Array(total);
  let errors = 0;
  let done = 0;
  let next = 0;
  const start = performance.now();

  await new Promise<void>((resolve) => {
    const finish = (i: number, due: number, ok: boolean) => {
      latencies[i] = performance.now() - due;
      if (!ok && i >= warmup) errors++;
      if (++done === total) resolve();
    };
    const send = (i: number, due: number) => {
      lateness[i] = performance.now() - due;
      const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
        res.resume();
        res.once('end', () => finish(i, due, res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300));
      });
      req.once('error', () => finish(i, due, false));
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      // Everything due by now leaves now; a late timer sends what it owes at once.
      while (next < total && start + next * intervalMs <= now) {
        send(next, start + next * intervalMs);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    tick();
  });
  agent.destroy();

  const sorted = Array.from(latencies.subarray(warmup)).sort((a, b) => a - b);
  const late = Array.from(lateness.subarray(warmup)).sort((a, b) => a - b);
  const fromSent = Array.from(latencies.subarray(warmup), (latency, i) => latency - lateness[warmup + i]!).sort((a, b) => a - b);
  const at = (values: number[], q: number) => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
  return { sent: total - warmup, errors, p50: at(sorted, 0.5), p90: at(sorted, 0.9), p99: at(sorted, 0.99), max: sorted.at(-1)!, sentP50: at(fromSent, 0.5), sentP99: at(fromSent, 0.99), lateP99: at(late, 0.99) };
}
