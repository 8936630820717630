import type { z } from 'zod';
import { operationCatalogue } from './operation-catalogue';
import type { OperationName } from './operation-names';

/** The payload's field names, optional ones marked `?` (from the schema, so docs cannot drift). */
export function payloadFields(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) return [];
  const fields = Object.entries(shape).map(([name, field]) => (field.safeParse(undefined).success ? `${name}?` : name));
  // A strict object's catchall is `never`; any other catchall takes extra fields (notify).
  const catchall = (schema as unknown as { _zod?: { def?: { catchall?: { _zod?: { def?: { type?: string } } } } } })._zod?.def?.catchall;
  return catchall && catchall._zod?.def?.type !== 'never' ? [...fields, '…more'] : fields;
}

/** docs/jobs.md's catalogue table: op, queue, Telnyx endpoint, payload fields, what it does. */
export function renderOperationTable(): string {
  const rows = (Object.keys(operationCatalogue) as OperationName[]).map((op) => {
    const definition = operationCatalogue[op];
    const fields = payloadFields(definition.schema as z.ZodType)
      .map((f) => `\`${f}\``)
      .join(' ');
    return `| \`${op}\` | ${definition.lane} | \`${definition.endpoint}\` | ${fields} | ${definition.summary} |`;
  });
  return ['| op | queue | Telnyx endpoint (under /v2) | payload fields (`?` optional) | what it does |', '|---|---|---|---|---|', ...rows].join('\n');
}
