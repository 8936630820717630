import type { TemplateContext } from '../templates/template-scope';
import type { CompiledCalendar } from './compile-calendar';
import type { ConditionInput } from './schema/condition-schema';
import { ConditionError } from './condition-error';

export interface ConditionInputs {
  context: TemplateContext;
  now: Date;
}

export type CompiledCondition = (inputs: ConditionInputs) => boolean;

export interface ConditionCompileScope {
  calendars: ReadonlyMap<string, CompiledCalendar>;
  /** Checks a `value:` path against what the flow may read; throws with a message on failure. */
  checkPath(path: string): void;
}

/** Conditions are data compiled to closures at load; nothing is evaluated as code. */
export function compileCondition(condition: ConditionInput, scope: ConditionCompileScope): CompiledCondition {
  if (condition.open !== undefined || condition.closed !== undefined) {
    const name = (condition.open ?? condition.closed)!;
    const calendar = scope.calendars.get(name);
    if (!calendar) throw new ConditionError(`unknown calendar '${name}'`, [...scope.calendars.keys()], name);
    const wantOpen = condition.open !== undefined;
    return ({ now }) => calendar.isOpen(now) === wantOpen;
  }
  if (condition.all) {
    const parts = condition.all.map((c) => compileCondition(c, scope));
    return (inputs) => parts.every((p) => p(inputs));
  }
  if (condition.any) {
    const parts = condition.any.map((c) => compileCondition(c, scope));
    return (inputs) => parts.some((p) => p(inputs));
  }
  if (condition.not) {
    const inner = compileCondition(condition.not, scope);
    return (inputs) => !inner(inputs);
  }
  const path = condition.value!;
  scope.checkPath(path);
  const [root, field] = path.split('.') as [keyof TemplateContext, string];
  const read = (context: TemplateContext): string | number | boolean | undefined =>
    (context[root] as Record<string, string | number | boolean | undefined>)[field];
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

  if (condition.equals !== undefined) {
    const expected = String(condition.equals);
    return ({ context }) => text(read(context)) === expected;
  }
  if (condition.not_equals !== undefined) {
    const expected = String(condition.not_equals);
    return ({ context }) => text(read(context)) !== expected;
  }
  if (condition.in) {
    const set = new Set(condition.in.map(String));
    return ({ context }) => set.has(text(read(context)));
  }
  if (condition.prefix !== undefined) {
    const prefixes = Array.isArray(condition.prefix) ? condition.prefix : [condition.prefix];
    return ({ context }) => {
      const v = text(read(context));
      return prefixes.some((p) => v.startsWith(p));
    };
  }
  if (condition.matches !== undefined) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(condition.matches, 'u');
    } catch (error) {
      throw new ConditionError(`'matches' is not a valid regular expression: ${(error as Error).message}`);
    }
    return ({ context }) => pattern.test(text(read(context)));
  }
  if (condition.exists !== undefined) {
    const want = condition.exists;
    return ({ context }) => (text(read(context)) !== '') === want;
  }
  const numeric = (compare: (v: number) => boolean): CompiledCondition => ({ context }) => {
    const raw = text(read(context));
    const v = Number(raw);
    return raw !== '' && Number.isFinite(v) && compare(v);
  };
  if (condition.gt !== undefined) return numeric((v) => v > condition.gt!);
  if (condition.gte !== undefined) return numeric((v) => v >= condition.gte!);
  if (condition.lt !== undefined) return numeric((v) => v < condition.lt!);
  if (condition.lte !== undefined) return numeric((v) => v <= condition.lte!);
  throw new ConditionError('a comparison needs an operator');
}
