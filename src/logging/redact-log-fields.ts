/** Keys whose values never reach the log, wherever they sit in a logged object (down to MAX_DEPTH). */
export const redactedKeys: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'telnyx-signature-ed25519',
  'apiKey',
  'telnyxApiKey',
  'adminToken',
  'flowStateSecret',
  'notifySigningSecret',
  'emulatorApiKey',
  'secretValues',
  'secretValue',
]);

/** `value` is a secret's value at the top of a line and under these keys (secrets.set and its jobs' params). */
const valueParents: ReadonlySet<string> = new Set(['params', 'data']);

export const REDACTED = '[REDACTED]';

/** Deep enough for `req.headers.authorization` and `err.config.headers.authorization`. */
const MAX_DEPTH = 4;

/**
 * Replaces secret-named fields of a log object with [REDACTED], copying only the objects on the
 * way to one (the caller's object is never changed). It replaces pino's path redaction, whose
 * wildcard paths (`*.authorization`) ran a redaction per key of every line: about 20 µs a line,
 * a tenth of a voice webhook's cost (docs/benchmarks.md). Known secret values are also scrubbed
 * from the finished line (create-logger.ts), whatever key carries them.
 */
export function redactLogFields<T extends object>(fields: T): T {
  return redactObject(fields, 0, true) as T;
}

function redactObject(object: object, depth: number, valueIsSecret: boolean): object {
  let copy: Record<string, unknown> | undefined;
  const source = object as Record<string, unknown>;
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const value = source[key];
    let next: unknown = value;
    if (redactedKeys.has(key) || (valueIsSecret && key === 'value')) {
      if (value !== undefined) next = REDACTED;
    } else if (depth < MAX_DEPTH && typeof value === 'object' && value !== null && walkable(value)) {
      next = Array.isArray(value) ? redactArray(value, depth + 1) : redactObject(value, depth + 1, depth === 0 && valueParents.has(key));
    }
    if (next !== value) {
      copy ??= copyOf(object);
      copy[key] = next;
    }
  }
  return copy ?? object;
}

function redactArray(array: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const value = array[i];
    if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null || !walkable(value)) continue;
    const next = Array.isArray(value) ? redactArray(value, depth + 1) : redactObject(value, depth + 1, false);
    if (next !== value) (copy ??= [...array])[i] = next;
  }
  return copy ?? array;
}

/** Plain objects, arrays and errors: what pino writes field by field (not Buffers, Dates, Maps). */
function walkable(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(value) || value instanceof Error;
}

/** A shallow copy that keeps an error's message and stack (own, but not enumerable). */
function copyOf(object: object): Record<string, unknown> {
  if (!(object instanceof Error)) return { ...(object as Record<string, unknown>) };
  return { type: object.name, message: object.message, stack: object.stack, ...(object as unknown as Record<string, unknown>) };
}
