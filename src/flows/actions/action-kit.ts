import { z } from 'zod';
import { TexmlError } from '../../texml/texml-error';
import type { SourcePath } from '../../source/source-file';
import type { CompiledFragment, StepTarget } from '../compiled-parts';
import type { FlowCompileContext } from '../flow-compile-context';
import { prepareFragment, type FlowNode } from '../texml-kit';
import { nameSchema, templateSchema } from '../schema/common-schemas';
import type { ActionSite } from './action-definition';

/* What several action definitions share: schema pieces and compile helpers. */

export const stepRef = nameSchema;
export const flowStepRef = z.strictObject({ flow: nameSchema, step: nameSchema.optional() });

// Stream page: <Parameter name value> children reach the WebSocket server in its `start` message.
export const parameterMap = z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -'), templateSchema);

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `file:line:column` of an action, for errors at render time and for the graph. */
export function at(ctx: FlowCompileContext, path: SourcePath): string {
  const { line, column } = ctx.source.positionOf(path);
  return `${ctx.source.path}:${line}:${column}`;
}

/** Builds and validates a fragment; a TeXML rule violation is reported at the action. */
export function fragment(ctx: FlowCompileContext, path: SourcePath, nodes: FlowNode[]): CompiledFragment {
  try {
    return prepareFragment(nodes);
  } catch (error) {
    if (!(error instanceof TexmlError)) throw error;
    ctx.report(path, 'error', `TeXML: ${error.message}`);
    return prepareFragment([]);
  }
}

/** A waiting action's `then:` and `on_fail:`. */
export function transitions(value: { then?: string; on_fail?: string }, site: ActionSite, ctx: FlowCompileContext): { then?: StepTarget; onFail?: StepTarget } {
  return {
    ...(value.then ? { then: ctx.target(site.step, value.then, [...site.path, 'then'], false) } : {}),
    ...(value.on_fail ? { onFail: ctx.target(site.step, value.on_fail, [...site.path, 'on_fail'], false) } : {}),
  };
}

/**
 * `<Parameter name value>` children from a `parameters:` map. Values are templates, so
 * `{{secret.NAME}}` becomes Telnyx's `{{#secret}}NAME{{/secret}}` placeholder: the secret's value
 * never passes through the service (a secret must be declared, like anywhere else).
 */
export function parameterChildren(parameters: Record<string, string> | undefined, path: SourcePath, ctx: FlowCompileContext): { children?: FlowNode[] } {
  if (parameters === undefined) return {};
  return {
    children: Object.entries(parameters).map(([name, value]): FlowNode => ({ verb: 'Parameter', attributes: { name, value: ctx.value(value, [...path, name]) } })),
  };
}

/**
 * JSON that cannot form a Mustache tag, because Telnyx renders Mustache in the TeXML it runs:
 * closing braces outside strings are spaced (`} }`), and with 'escape-strings' braces inside
 * strings become \u007b / \u007d escapes (static JSON). With 'keep-strings' strings are left as
 * they are: they hold Telnyx secret placeholders on purpose, and caller values were neutralised.
 * The JSON means the same.
 */
export function mustacheSafeJson(json: string, strings: 'escape-strings' | 'keep-strings'): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const ch of json) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      out += strings === 'escape-strings' && ch === '{' ? '\\u007b' : strings === 'escape-strings' && ch === '}' ? '\\u007d' : ch;
      continue;
    }
    if (ch === '"') inString = true;
    if ((ch === '{' || ch === '}') && out.endsWith(ch)) out += ' ';
    out += ch;
  }
  return out;
}
