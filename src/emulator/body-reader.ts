import type { RequestValue } from './emulator-models';
import type { TelnyxErrorObject } from './errors/emulator-api-error';
import { EmulatorBadRequestError } from './errors/emulator-bad-request-error';
import { EmulatorValidationError } from './errors/emulator-validation-error';
import { TelnyxErrorCodes, type TelnyxErrorKind } from './errors/telnyx-error-codes';

interface FieldOptions {
  required?: boolean;
}

interface StringOptions extends FieldOptions {
  maxLength?: number;
}

interface IntegerOptions extends FieldOptions {
  min?: number;
  max?: number;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Reads request fields the way Telnyx receives them: JSON bodies carry real booleans and numbers,
 * form-encoded bodies carry strings ("true", "20"). Each reader coerces and validates one field and
 * collects problems, so one 422 lists every bad field with its `source.pointer`.
 */
export class BodyReader {
  private readonly problems: TelnyxErrorObject[] = [];

  private constructor(
    private readonly fields: Record<string, unknown>,
    private readonly pointerPrefix: string,
    private readonly parent: BodyReader | undefined,
  ) {}

  /** A reader over a parsed request body; anything but a plain object is a 400. */
  static from(body: unknown): BodyReader {
    if (body === undefined || body === null || body === '') return new BodyReader({}, '', undefined);
    if (typeof body !== 'object' || Array.isArray(body)) throw new EmulatorBadRequestError('The request body must be an object.');
    return new BodyReader(body as Record<string, unknown>, '', undefined);
  }

  /** Present and not empty. */
  has(name: string): boolean {
    const value = this.fields[name];
    return value !== undefined && value !== null && value !== '';
  }

  /** The fields as received, for keeping on a resource. */
  raw(): Record<string, RequestValue> {
    return structuredClone(this.fields) as Record<string, RequestValue>;
  }

  string(name: string, options: StringOptions = {}): string | undefined {
    const value = this.present(name, options);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return this.fail(name, 'invalidType', `The '${name}' parameter must be of type 'string'.`);
    }
    const text = String(value);
    if (options.maxLength !== undefined && text.length > options.maxLength) {
      return this.fail(name, 'badRequest', `'${name}' must be at most ${options.maxLength} characters long.`);
    }
    return text;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], options: FieldOptions & { caseInsensitive?: boolean } = {}): T | undefined {
    const text = this.string(name, options);
    if (text === undefined) return undefined;
    const found = allowed.find((a) => (options.caseInsensitive ? a.toLowerCase() === text.toLowerCase() : a === text));
    if (found === undefined) return this.fail(name, 'invalidEnum', `${name} must be one of ${allowed.join(', ')}.`);
    return found;
  }

  /** GET or POST, case-insensitive as Telnyx accepts both spellings. */
  method(name: string): 'GET' | 'POST' | undefined {
    return this.oneOf(name, ['GET', 'POST'] as const, { caseInsensitive: true });
  }

  boolean(name: string, options: FieldOptions = {}): boolean | undefined {
    const value = this.present(name, options);
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'True') return true;
    if (value === 'false' || value === 'False') return false;
    return this.fail(name, 'invalidType', `The '${name}' parameter must be of type 'boolean'.`);
  }

  integer(name: string, options: IntegerOptions = {}): number | undefined {
    const value = this.present(name, options);
    if (value === undefined) return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
    const range = `between ${options.min ?? '-infinity'} and ${options.max ?? 'infinity'}`;
    if (!Number.isInteger(number)) return this.fail(name, 'invalidType', `The '${name}' parameter must be of type 'integer' (${range}).`);
    if ((options.min !== undefined && number < options.min) || (options.max !== undefined && number > options.max)) {
      return this.fail(name, 'badRequest', `'${name}' must be an integer ${range}; got ${number}.`);
    }
    return number;
  }

  /** A number (integers included), within `min`..`max` when given. */
  number(name: string, options: IntegerOptions = {}): number | undefined {
    const value = this.present(name, options);
    if (value === undefined) return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
    const range = `between ${options.min ?? '-infinity'} and ${options.max ?? 'infinity'}`;
    if (!Number.isFinite(number)) return this.fail(name, 'invalidType', `The '${name}' parameter must be of type 'number' (${range}).`);
    if ((options.min !== undefined && number < options.min) || (options.max !== undefined && number > options.max)) {
      return this.fail(name, 'badRequest', `'${name}' must be a number ${range}; got ${number}.`);
    }
    return number;
  }

  /**
   * An array of objects whose listed string fields are all required, e.g. CustomHeaders
   * `[{name, value}]`; problems point at the entry (`/CustomHeaders/0/name`).
   */
  objectArray<K extends string>(name: string, keys: readonly K[]): Array<Record<K, string>> | undefined {
    const value = this.present(name, {});
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.fail(name, 'invalidType', `The '${name}' parameter must be of type 'array'.`);
    const entries: Array<Record<K, string>> = [];
    value.forEach((entry: unknown, index) => {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        this.fail(`${name}/${index}`, 'invalidType', `Each entry of '${name}' must be an object with ${keys.join(' and ')}.`);
        return;
      }
      const fields = entry as Record<string, unknown>;
      const bad = keys.filter((k) => typeof fields[k] !== 'string' || fields[k] === '');
      for (const key of bad) this.fail(`${name}/${index}/${key}`, 'missingParameter', `'${name}[${index}].${key}' is required and must be a string.`);
      if (bad.length === 0) entries.push(Object.fromEntries(keys.map((k) => [k, fields[k] as string])) as Record<K, string>);
    });
    return entries;
  }

  /** An absolute URL; `schemes` defaults to http and https. */
  url(name: string, options: FieldOptions & { schemes?: readonly string[] } = {}): string | undefined {
    const text = this.string(name, { ...options, maxLength: 2000 });
    if (text === undefined) return undefined;
    const schemes = options.schemes ?? ['http:', 'https:'];
    let parsed: URL | undefined;
    try {
      parsed = new URL(text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !schemes.includes(parsed.protocol)) {
      return this.fail(name, 'invalidUrl', `'${name}' must be an absolute ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL.`);
    }
    return text;
  }

  /** A `+E.164` number or a `sip:` URI, as TeXML dials accept. */
  address(name: string, options: FieldOptions = {}): string | undefined {
    const text = this.string(name, options);
    if (text === undefined) return undefined;
    if (E164.test(text) || /^sips?:.+@.+/i.test(text)) return text;
    return this.fail(name, 'notE164', `'${name}' must be a phone number in +E.164 format or a sip: URI; got '${text}'.`);
  }

  /** A space-separated list ("initiated ringing completed"), each entry from `allowed` when given. */
  spaceList(name: string, allowed?: readonly string[]): string[] | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const items = text.split(/[\s,]+/).filter((s) => s.length > 0);
    const bad = allowed ? items.filter((i) => !allowed.includes(i)) : [];
    if (bad.length > 0) return this.fail(name, 'badRequest', `'${name}' has unknown values ${bad.join(', ')}; allowed: ${allowed?.join(', ')}.`);
    return items;
  }

  stringArray(name: string): string[] | undefined {
    const value = this.present(name, {});
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    return this.fail(name, 'badRequest', `'${name}' must be an array of strings.`);
  }

  /** A nested JSON object; problems inside it are reported with its pointer prefix. */
  object(name: string): BodyReader | undefined {
    const value = this.present(name, {});
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return this.fail(name, 'badRequest', `'${name}' must be an object.`);
    return new BodyReader(value as Record<string, unknown>, `${this.pointerPrefix}/${name}`, this);
  }

  /** Records a problem with a field; returns undefined so readers can `return this.fail(...)`. */
  fail(name: string, kind: TelnyxErrorKind, detail: string): undefined {
    const entry = TelnyxErrorCodes[kind];
    const problem: TelnyxErrorObject = { code: entry.code, title: entry.title, detail, source: { pointer: `${this.pointerPrefix}/${name}` } };
    (this.parent ?? this).problems.push(problem);
    return undefined;
  }

  /** Throws the collected problems as one 422. */
  assertValid(): void {
    if (this.parent) {
      this.parent.assertValid();
      return;
    }
    if (this.problems.length > 0) throw new EmulatorValidationError([...this.problems]);
  }

  private present(name: string, options: FieldOptions): unknown {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') {
      if (options.required) this.fail(name, 'missingParameter', `The '${name}' parameter is required.`);
      return undefined;
    }
    return value;
  }
}
