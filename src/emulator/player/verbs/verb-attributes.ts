import type { HttpMethod } from '../../emulator-models';
import { CallInterrupt } from '../call-interrupt';
import type { TexmlElement } from '../texml-document';

/** An integer attribute, or `fallback` when absent. A malformed or out-of-range value ends the call. */
export function intAttribute(element: TexmlElement, name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  const raw = element.attributes[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw CallInterrupt.end('error', `invalid TeXML: <${element.name} ${name}="${raw}"> must be an integer${range.min !== undefined ? ` from ${min}` : ''}${range.max !== undefined ? ` to ${max}` : ''}`);
  }
  return value;
}

export function boolAttribute(element: TexmlElement, name: string, fallback: boolean): boolean {
  const raw = element.attributes[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw CallInterrupt.end('error', `invalid TeXML: <${element.name} ${name}="${element.attributes[name]}"> must be true or false`);
}

export function methodAttribute(element: TexmlElement, name: string, fallback: HttpMethod): HttpMethod {
  const raw = element.attributes[name]?.trim().toUpperCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'GET' || raw === 'POST') return raw;
  throw CallInterrupt.end('error', `invalid TeXML: <${element.name} ${name}="${element.attributes[name]}"> must be GET or POST`);
}

export function oneOfAttribute<T extends string>(element: TexmlElement, name: string, allowed: readonly T[], fallback: T): T {
  const raw = element.attributes[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw CallInterrupt.end('error', `invalid TeXML: <${element.name} ${name}="${raw}"> must be one of ${allowed.join(', ')}`);
}

/** Space-separated list attribute (statusCallbackEvent and friends). */
export function listAttribute(element: TexmlElement, name: string): string[] {
  return (element.attributes[name] ?? '').split(/[\s,]+/).filter((v) => v.length > 0);
}
