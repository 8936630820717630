import type { RestFieldSpec, RestFieldType } from './contract-types';
import { listEnvelope, restContract, restLists, type RestListKey, type RestResourceKind } from './rest-contract';

/** Extra fields a create or update answer carries besides the resource's own (see the entry's notes). */
const extraFields: Partial<Record<RestResourceKind, Readonly<Record<string, RestFieldSpec>>>> = {
  recording: {
    price: { type: 'string', required: false, nullable: true },
    price_unit: { type: 'string', required: false, nullable: true },
    track: { type: 'string', required: false, nullable: true, enum: ['inbound', 'outbound', 'both'] },
  },
};

const rfc2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const iso8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const typeChecks: Record<RestFieldType, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  'date-time': (v) => typeof v === 'string' && iso8601.test(v) && !Number.isNaN(Date.parse(v)),
  rfc2822: (v) => typeof v === 'string' && rfc2822.test(v) && !Number.isNaN(Date.parse(v)),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v),
};

function checkFields(where: string, fields: Readonly<Record<string, RestFieldSpec>>, body: Record<string, unknown>, problems: string[]): void {
  for (const [name, spec] of Object.entries(fields)) {
    if (!(name in body)) {
      if (spec.required) problems.push(`${where}: ${name} is missing (Telnyx documents it; null when it does not apply)`);
      continue;
    }
    const value = body[name];
    if (value === null) {
      if (!spec.nullable) problems.push(`${where}: ${name} is null`);
      continue;
    }
    if (!typeChecks[spec.type](value)) {
      problems.push(`${where}: ${name}=${JSON.stringify(value)} is not ${spec.type === 'rfc2822' ? 'an RFC 2822 date' : spec.type === 'date-time' ? 'an ISO 8601 date-time' : `a ${spec.type}`}`);
    } else if (spec.enum && !spec.enum.includes(String(value))) {
      problems.push(`${where}: ${name}=${JSON.stringify(value)} is not one of ${spec.enum.join(', ')}`);
    }
  }
}

/**
 * What is wrong with a REST answer claiming to be `kind` (a JSON body already parsed), as Telnyx and
 * its SDK document it: a documented field missing, a type or date format that is not Telnyx's, a
 * value outside the documented ones, or a field Telnyx does not document. Empty when it fits.
 */
export function validateRestResource(kind: RestResourceKind, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [`${kind}: the body is not a JSON object`];
  const record = body as Record<string, unknown>;
  const fields: Readonly<Record<string, RestFieldSpec>> = { ...restContract[kind].fields, ...extraFields[kind] };
  const problems: string[] = [];
  checkFields(kind, fields, record, problems);
  for (const name of Object.keys(record)) if (!(name in fields)) problems.push(`${kind}: ${name} is not a field Telnyx documents`);
  return problems;
}

/** The same for a list answer: its envelope (next_page_uri/previous_page_uri present, null at the ends) and every item. */
export function validateRestList(key: RestListKey, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [`${key} list: the body is not a JSON object`];
  const record = body as Record<string, unknown>;
  const problems: string[] = [];
  checkFields(`${key} list`, listEnvelope.fields, record, problems);
  const items = record[key];
  if (!Array.isArray(items)) problems.push(`${key} list: ${key} is not an array`);
  else items.forEach((item, index) => problems.push(...validateRestResource(restLists[key], item).map((p) => `${key}[${index}] ${p}`)));
  for (const name of Object.keys(record)) if (name !== key && !(name in listEnvelope.fields)) problems.push(`${key} list: ${name} is not a field Telnyx documents`);
  return problems;
}
