/** The longest request value a log line carries (a CallSid is ~60 characters, a flow name at most 64). */
export const LOG_VALUE_MAX_LENGTH = 80;

/**
 * A value that came from a request, made fit for a log line: strings capped at `max` characters
 * (with the original length noted), anything else (arrays, objects) reduced to its type. A
 * request can then never write more than a few hundred bytes of log.
 */
export function logValue(value: unknown, max = LOG_VALUE_MAX_LENGTH): string | number | boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string') return Array.isArray(value) ? `(${value.length} values)` : `(${typeof value})`;
  return value.length > max ? `${value.slice(0, max)}…(${value.length} chars)` : value;
}
