import { z } from 'zod';
import { operationDefinition } from '../jobs/operation-catalogue';
import type { OperationName } from '../jobs/operation-names';
import { closestName } from '../source/closest-name';
import type { FlowCompileContext } from './flow-compile-context';
import type { SourcePath } from '../source/source-file';

/**
 * Checks a `job:`'s parameters against the operation's payload schema at load, so a typo or a
 * missing field fails before a call, not when the job is enqueued mid-call. Values that are
 * templates are checked when rendered (enqueue time); literal values are checked here.
 */
export function checkJobParams(op: OperationName, params: Record<string, unknown>, path: SourcePath, ctx: FlowCompileContext): void {
  const schema = operationDefinition(op).schema;
  if (!(schema instanceof z.ZodObject)) return;
  const shape = schema.shape as Record<string, z.ZodType>;
  const open = !(schema.def.catchall instanceof z.ZodNever) && schema.def.catchall !== undefined;
  const fields = Object.keys(shape);
  for (const [key, value] of Object.entries(params)) {
    const field = shape[key];
    if (!field) {
      if (open) continue;
      // A field that contains the key (recording -> recording_sid) is the likeliest meaning.
      const suggestion = fields.find((f) => f.includes(key) || key.includes(f)) ?? closestName(key, fields);
      ctx.report([...path, key], 'error', `job '${op}' has no parameter '${key}'`, suggestion ? `did you mean '${suggestion}'?` : `its parameters are ${fields.join(', ')}`, true);
      continue;
    }
    if (typeof value === 'string' && value.includes('{{')) continue;
    const result = field.safeParse(value);
    if (!result.success) {
      const problem = result.error.issues[0]?.message ?? 'invalid value';
      ctx.report([...path, key], 'error', `job '${op}' parameter '${key}' has an invalid value ${JSON.stringify(value)}${problem === 'Invalid input' ? '' : `: ${problem}`}`);
    }
  }
  for (const key of fields) {
    if (key in params) continue;
    if (!shape[key]!.safeParse(undefined).success) {
      ctx.report(path, 'error', `job '${op}' needs parameter '${key}'`, `add ${key}: under with:`);
    }
  }
}
