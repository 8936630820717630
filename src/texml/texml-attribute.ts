/**
 * Attribute rules: what one attribute accepts, checked at runtime (flows arrive untyped from YAML)
 * and carried as a phantom type so the fluent layer's attribute types derive from the same rules.
 */

type Enumerate<N extends number, Acc extends number[] = []> = Acc['length'] extends N
  ? Acc[number]
  : Enumerate<N, [...Acc, Acc['length']]>;

/** The integers from Min to Max inclusive, as a literal union (use for small ranges only). */
export type IntRange<Min extends number, Max extends number> = Exclude<Enumerate<Max>, Enumerate<Min>> | Max;

/** A raw attribute value after `undefined` has been dropped. */
export type RawAttributeValue = string | number | boolean;

export interface AttributeRule<T = unknown> {
  /** Completes "must be ..." in error messages. */
  readonly expectation: string;
  /** For TexmlError.allowed: the values, or a range such as `1-180`. */
  readonly allowed: readonly string[];
  readonly required: boolean;
  /** Free text, so a template may leave it to a slot filled at render time. */
  readonly slottable: boolean;
  /** The serialised value, or undefined when the value is not acceptable. */
  normalize(value: RawAttributeValue): string | undefined;
  /** Phantom: the value type the typed layer accepts. Never set. */
  readonly valueType?: T;
}

export type RequiredAttributeRule<T> = AttributeRule<T> & { readonly required: true };

/** How values look in the allowed list: quoted when they contain spaces. */
export function formatAllowed(values: readonly string[]): string {
  return values.map((v) => (/\s/.test(v) || v === '' ? JSON.stringify(v) : v)).join(', ');
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function toText(value: RawAttributeValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Number.isFinite(value) ? String(value) : undefined;
}

function toNumber(value: RawAttributeValue, pattern: RegExp): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && pattern.test(value)) return Number(value);
  return undefined;
}

function range(min: number, max: number | undefined): string {
  return max === undefined ? `${min} or more` : `from ${min} to ${max}`;
}

/** Free text (URLs, names, numbers to dial...). Numbers and booleans from YAML are written out as text. */
export function text(): AttributeRule<string> {
  return { expectation: 'text', allowed: [], required: false, slottable: true, normalize: toText };
}

/** Text in a fixed form, e.g. DTMF digits. Not slottable: a slot would bypass the check. */
export function pattern<T extends string = string>(regex: RegExp, expectation: string): AttributeRule<T> {
  return {
    expectation,
    allowed: [expectation],
    required: false,
    slottable: false,
    normalize: (value) => {
      const s = toText(value);
      return s !== undefined && regex.test(s) ? s : undefined;
    },
  };
}

export function oneOf<const V extends readonly string[]>(values: V): AttributeRule<V[number]> {
  const set = new Set<string>(values);
  return {
    expectation: `one of ${formatAllowed(values)}`,
    allowed: values,
    required: false,
    slottable: false,
    normalize: (value) => {
      const s = toText(value);
      return s !== undefined && set.has(s) ? s : undefined;
    },
  };
}

/** true/false, given as booleans or as the strings "true"/"false". */
export function bool(): AttributeRule<boolean> {
  return notNumeric(oneOf(['true', 'false']));
}

/** A boolean or one of a few keywords (Conference beep). */
export function boolOr<const V extends readonly string[]>(keywords: V): AttributeRule<boolean | V[number]> {
  return notNumeric(oneOf(['true', 'false', ...keywords]));
}

// A keyword rule that refuses numbers (1/0 are not booleans here).
function notNumeric<T>(rule: AttributeRule): AttributeRule<T> {
  return {
    expectation: rule.expectation,
    allowed: rule.allowed,
    required: false,
    slottable: false,
    normalize: (value) => (typeof value === 'number' ? undefined : rule.normalize(value)),
  };
}

/** An integer; typed as `number` (use intRange for small ranges to get a literal union). */
export function int(min: number, max?: number): AttributeRule<number> {
  return {
    expectation: `an integer ${range(min, max)}`,
    allowed: [max === undefined ? `${min}-` : `${min}-${max}`],
    required: false,
    slottable: false,
    normalize: (value) => {
      const n = toNumber(value, INTEGER);
      if (n === undefined || !Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) return undefined;
      return String(n);
    },
  };
}

/** An integer typed as the literal union Min..Max, so out-of-range literals fail to compile. */
export function intRange<const Min extends number, const Max extends number>(
  min: Min,
  max: Max,
): AttributeRule<IntRange<Min, Max>> {
  return int(min, max) as AttributeRule<IntRange<Min, Max>>;
}

/** A decimal number in a range (voice speed, suppression level). */
export function decimal(min: number, max: number): AttributeRule<number> {
  return {
    expectation: `a number from ${min} to ${max}`,
    allowed: [`${min}-${max}`],
    required: false,
    slottable: false,
    normalize: (value) => {
      const n = toNumber(value, DECIMAL);
      return n === undefined || n < min || n > max ? undefined : String(n);
    },
  };
}

/**
 * A space-separated set of keywords (statusCallbackEvent). The typed layer passes an array; the
 * data layer a string. Written out single-space separated.
 */
export function spaceList<const V extends readonly string[]>(values: V): AttributeRule<readonly V[number][]> {
  const set = new Set<string>(values);
  return {
    expectation: `a space-separated list of ${formatAllowed(values)}`,
    allowed: values,
    required: false,
    slottable: false,
    normalize: (value) => {
      if (typeof value !== 'string') return undefined;
      const tokens = value.split(/\s+/).filter((t) => t !== '');
      return tokens.length > 0 && tokens.every((t) => set.has(t)) ? tokens.join(' ') : undefined;
    },
  };
}

/** Accepts what either rule accepts (e.g. 0 or 90-14400). */
export function either<A, B>(a: AttributeRule<A>, b: AttributeRule<B>): AttributeRule<A | B> {
  return {
    expectation: `${a.expectation} or ${b.expectation}`,
    allowed: [...a.allowed, ...b.allowed],
    required: false,
    slottable: a.slottable && b.slottable,
    normalize: (value) => a.normalize(value) ?? b.normalize(value),
  };
}

export function required<T>(rule: AttributeRule<T>): RequiredAttributeRule<T> {
  return { ...rule, required: true };
}
