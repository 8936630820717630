import { EmulatorValidationError } from './errors/emulator-validation-error';
import { TelnyxErrorCodes } from './errors/telnyx-error-codes';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parse(name: string, raw: string): { dateOnly: boolean; value: string | number } {
  if (DATE_ONLY.test(raw)) return { dateOnly: true, value: raw };
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    throw new EmulatorValidationError([
      { ...TelnyxErrorCodes.badRequest, detail: `'${name}' must be a date (YYYY-MM-DD) or an ISO 8601 date-time.`, source: { parameter: name } },
    ]);
  }
  return { dateOnly: false, value: ms };
}

function compare(ms: number, bound: { dateOnly: boolean; value: string | number }): number {
  if (bound.dateOnly) {
    const day = new Date(ms).toISOString().slice(0, 10);
    return day < (bound.value as string) ? -1 : day > (bound.value as string) ? 1 : 0;
  }
  return Math.sign(ms - (bound.value as number));
}

/**
 * Twilio-style date filters on a list: `Name=2024-01-01` (that day), `Name>=...` / `Name>` (on or
 * after) and `Name<=...` / `Name<` (on or before). The SDK sends `StartTime_gt` as `StartTime>`; a
 * raw `StartTime>=2024-01-01` arrives as key `StartTime>` too, so both read the same.
 */
export function dateFilter(query: URLSearchParams, name: string): (ms: number | undefined) => boolean {
  const checks: Array<(ms: number) => boolean> = [];
  const exact = query.get(name);
  if (exact) {
    const bound = parse(name, exact);
    checks.push((ms) => compare(ms, bound) === 0);
  }
  const after = query.get(`${name}>`);
  if (after) {
    const bound = parse(`${name}>`, after);
    checks.push((ms) => compare(ms, bound) >= 0);
  }
  const before = query.get(`${name}<`);
  if (before) {
    const bound = parse(`${name}<`, before);
    checks.push((ms) => compare(ms, bound) <= 0);
  }
  if (checks.length === 0) return () => true;
  return (ms) => ms !== undefined && checks.every((check) => check(ms));
}

/** The filter parameters present, to repeat in page URIs. */
export function presentFilters(query: URLSearchParams, names: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of names) {
    for (const key of [name, `${name}>`, `${name}<`]) {
      const value = query.get(key);
      if (value) out.push([key, value]);
    }
  }
  return out;
}
