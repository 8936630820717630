import type { TemplateContext } from '../templates/template-scope';
import type { CompiledValue } from './compiled-parts';
import type { FlowCompileContext } from './flow-compile-context';
import type { SourcePath } from '../source/source-file';

/** A JSON-like value (a job's `with:`, a hook's) with every string compiled as a template. */
export function compileValue(value: unknown, path: SourcePath, ctx: FlowCompileContext): CompiledValue {
  if (typeof value === 'string') return ctx.template(value, path);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v, i) => compileValue(v, [...path, i], ctx));
  const out: Record<string, CompiledValue> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = compileValue(v, [...path, key], ctx);
  return out;
}

export function renderValue(value: CompiledValue, context: TemplateContext): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, context));
  if ('render' in value && typeof value.render === 'function') return (value as { render(c: TemplateContext): string }).render(context);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, CompiledValue>)) out[key] = renderValue(v, context);
  return out;
}
