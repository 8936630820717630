import type { z } from 'zod';

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
  element?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  left?: z.ZodType;
  right?: z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema itself with optional, default, lazy and similar wrappers taken off. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 50; i++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
  return current;
}

/** The options a value at this point may take: a union's options (flattened), else the schema. */
function options(schema: z.ZodType): z.ZodType[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'union' && def.options) return def.options.flatMap(options);
  if (def.type === 'intersection' && def.left && def.right) return [...options(def.left), ...options(def.right)];
  return [inner];
}

/**
 * The keys the object at `path` accepts, found by walking `schema` along the data (a union picks
 * the option that has the next key, or whose keys the data uses most). Undefined when the walk
 * reaches no object: the caller then gives no list.
 */
export function keysAtPath(schema: z.ZodType, path: readonly (string | number)[], data: unknown): string[] | undefined {
  const candidates = options(schema);
  if (path.length === 0) {
    const objects = candidates.map((o) => defOf(o).shape).filter((shape): shape is Record<string, z.ZodType> => shape !== undefined);
    if (objects.length === 0) return undefined;
    const used = isRecord(data) ? Object.keys(data) : [];
    const score = (shape: Record<string, z.ZodType>) => used.filter((key) => Object.hasOwn(shape, key)).length;
    const best = objects.reduce((a, b) => (score(b) > score(a) ? b : a));
    return Object.keys(best);
  }
  const [segment, ...rest] = path;
  const next = isRecord(data) || Array.isArray(data) ? (data as Record<string | number, unknown>)[segment as string] : undefined;
  // Options that name the segment come first: an action's map option is the one with its name.
  const ranked = [...candidates].sort((a, b) => Number(Boolean(defOf(b).shape && Object.hasOwn(defOf(b).shape!, String(segment)))) - Number(Boolean(defOf(a).shape && Object.hasOwn(defOf(a).shape!, String(segment)))));
  for (const option of ranked) {
    const def = defOf(option);
    let child: z.ZodType | undefined;
    if (def.type === 'object' && def.shape) child = def.shape[String(segment)];
    else if (def.type === 'record') child = def.valueType;
    else if (def.type === 'array' && typeof segment === 'number') child = def.element;
    if (!child) continue;
    const keys = keysAtPath(child, rest, next);
    if (keys) return keys;
  }
  return undefined;
}
