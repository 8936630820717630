import { z } from 'zod';
import { flowEditorSchema } from './flow-schemas';
import { routesFileSchema } from './routes-schema';

let cache: Set<string> | undefined;

/** Every key any object in the language accepts: the vocabulary for "did you mean" hints. */
export function knownSchemaKeys(): Set<string> {
  if (cache) return cache;
  const keys = new Set<string>();
  const visit = (node: unknown, seen: Set<unknown>): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') for (const k of Object.keys(record.properties)) keys.add(k);
    for (const value of Object.values(record)) visit(value, seen);
  };
  visit(z.toJSONSchema(flowEditorSchema, { unrepresentable: 'any' }), new Set());
  visit(z.toJSONSchema(routesFileSchema, { unrepresentable: 'any' }), new Set());
  cache = keys;
  return keys;
}
