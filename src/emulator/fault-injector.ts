import { endpointNameAliases } from './endpoints/endpoint-name';
import { EmulatorConfigError } from './errors/emulator-config-error';
import { faultRuleSchema, type FaultRule, type FaultRuleInput } from './fault-rule';
import { PathPattern } from './path-pattern';
import type { SeededRandom } from './seeded-random';

/** The request a fault decision is about. */
export interface FaultTarget {
  /** Operation name, when the path is a known operation. */
  operation: string | undefined;
  method: string;
  /** Full request path, including `/v2`; a trailing `.json` is ignored for matching. */
  path: string;
}

export interface FaultDecision {
  /** Total delay of the latency rules that fired. */
  latencyMs: number;
  /** The first non-latency rule that fired, if any. */
  action: FaultRule | undefined;
}

interface InstalledRule {
  rule: FaultRule;
  path: PathPattern | undefined;
  operation: RegExp | undefined;
}

/**
 * Holds the fault rules and decides, per request, which fire. Rules are checked in the order they
 * were added; latency rules add up, and the first other rule that fires decides the outcome.
 * Probabilities come from the seeded RNG, so a run is reproducible.
 */
export class FaultInjector {
  private rules: InstalledRule[] = [];
  private nextId = 1;

  constructor(private readonly random: SeededRandom) {}

  /** Validates and installs rules; throws EmulatorConfigError naming the problem. */
  add(input: unknown): FaultRule[] {
    const list = Array.isArray(input) ? input : [input];
    const parsed = list.map((item, index) => {
      const result = faultRuleSchema.safeParse(item);
      if (!result.success) {
        const problems = result.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`).join('; ');
        throw new EmulatorConfigError(`Invalid fault rule #${index}: ${problems}`, result.error);
      }
      return result.data as FaultRuleInput;
    });
    return parsed.map((rule) => this.install(rule));
  }

  /** Replaces every rule. */
  set(input: unknown): FaultRule[] {
    const before = this.rules;
    this.rules = [];
    try {
      return this.add(input);
    } catch (error) {
      this.rules = before;
      throw error;
    }
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  reseed(seed: number): void {
    this.random.reseed(seed);
  }

  decide(target: FaultTarget): FaultDecision {
    let latencyMs = 0;
    let action: FaultRule | undefined;
    for (const installed of [...this.rules]) {
      if (!this.matches(installed, target)) continue;
      const { rule } = installed;
      if (rule.probability !== undefined && rule.probability < 1 && !(this.random.next() < rule.probability)) continue;
      rule.fired += 1;
      if (rule.remaining !== null) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== installed);
      }
      if (rule.fault === 'latency') {
        latencyMs += rule.latencyMs;
        continue;
      }
      action = { ...rule };
      break;
    }
    return { latencyMs, action };
  }

  private install(input: FaultRuleInput): FaultRule {
    const id = `fault-${this.nextId}`;
    this.nextId += 1;
    const rule: FaultRule = { ...input, id, remaining: input.count ?? null, fired: 0 };
    let path: PathPattern | undefined;
    if (input.path !== undefined) {
      const source = input.path.startsWith('/v2/') || input.path === '/v2' ? input.path : `/v2${input.path.startsWith('/') ? '' : '/'}${input.path}`;
      try {
        path = new PathPattern(stripJson(source));
      } catch (error) {
        throw new EmulatorConfigError(`Invalid fault path pattern ${input.path}: ${(error as Error).message}`, error);
      }
    }
    // The rule keeps the name as given; an old name matches the operation it is an alias of.
    const operation = input.operation === undefined ? undefined : globToRegExp(endpointNameAliases.get(input.operation) ?? input.operation);
    this.rules.push({ rule, path, operation });
    return { ...rule };
  }

  private matches(installed: InstalledRule, target: FaultTarget): boolean {
    const { rule } = installed;
    if (rule.method !== undefined && rule.method.toUpperCase() !== target.method.toUpperCase()) return false;
    if (installed.operation && (target.operation === undefined || !installed.operation.test(target.operation))) return false;
    if (installed.path && installed.path.match(stripJson(target.path)) === undefined) return false;
    return true;
  }
}

function stripJson(path: string): string {
  return path.replace(/\.json\/?$/, '');
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}
