export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit of a host. */
  failureThreshold: number;
  /** How long an open circuit refuses at once before letting one trial request through. */
  cooldownMs: number;
  now?: () => number;
}

interface HostCircuit {
  failures: number;
  /** Set while open: until when requests are refused without trying. */
  openUntil?: number;
  /** Half-open: the one trial request is in flight. */
  trial?: boolean;
}

/**
 * Per-host circuit breaker: after `failureThreshold` consecutive failures (timeouts, network
 * errors, 5xx) a host's requests fail at once for `cooldownMs`, so a dead backend does not add its
 * timeout to every call; then one trial request goes through (half-open): success closes the
 * circuit, failure opens it again.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, HostCircuit>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether a request to `host` may go out now (a half-open circuit lets one through). */
  allows(host: string): boolean {
    const circuit = this.circuits.get(host);
    if (!circuit || circuit.openUntil === undefined) return true;
    if (this.now() < circuit.openUntil || circuit.trial) return false;
    circuit.trial = true;
    return true;
  }

  record(host: string, success: boolean): void {
    if (success) {
      this.circuits.delete(host);
      return;
    }
    const circuit = this.circuits.get(host) ?? { failures: 0 };
    circuit.failures += 1;
    circuit.trial = false;
    if (circuit.failures >= this.options.failureThreshold) circuit.openUntil = this.now() + this.options.cooldownMs;
    this.circuits.set(host, circuit);
  }

  /** A request let through that never reached the host (refused before connecting): neither a success nor a failure. */
  release(host: string): void {
    const circuit = this.circuits.get(host);
    if (circuit) circuit.trial = false;
  }

  /** For /readyz-style reports and tests: hosts whose circuit is open now. */
  openHosts(): string[] {
    const now = this.now();
    return [...this.circuits].flatMap(([host, c]) => (c.openUntil !== undefined && now < c.openUntil ? [host] : []));
  }
}
