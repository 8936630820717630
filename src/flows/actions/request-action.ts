import { z } from 'zod';
import { REQUEST_METHODS, type OutboundRequest, type RequestOutcome } from '../../events/outbound-request';
import { NOTIFY_SIGNATURE_HEADER } from '../../events/notify-sender';
import type { CompiledTemplate } from '../../templates/compiled-template';
import { neutralise, UNTRUSTED_VALUE_MAX_LENGTH } from '../../templates/neutralise';
import type { TemplateContext } from '../../templates/template-scope';
import type { SourcePath } from '../../source/source-file';
import type { ActionBase, CompiledValue, StepTarget } from '../compiled-parts';
import { renderValue } from '../compiled-value';
import type { FlowCompileContext } from '../flow-compile-context';
import { nameSchema, templateSchema } from '../schema/common-schemas';
import { defineInlineAction, type InlineOutcome, type RunScope } from './action-definition';
import { at, isRecord, stepRef } from './action-kit';

/* `request`: ask the user's own systems while answering the webhook, and read the answer into vars. */

export const REQUEST_DEFAULT_TIMEOUT_SECONDS = 2;
/** A webhook answer cannot wait long: Telnyx is holding the call for it. */
export const REQUEST_MAX_TIMEOUT_SECONDS = 5;
/** A cached answer is a lookup's, not a store's: an hour at most. */
export const REQUEST_MAX_CACHE_SECONDS = 3600;

/** Outcome branches, in the order they are looked for (a 404 takes not_found, else 4xx, else error). */
const OUTCOMES = ['ok', 'not_found', '4xx', '5xx', 'timeout', 'error'] as const;
type OutcomeName = (typeof OUTCOMES)[number];

/** Headers the service sets itself. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'content-type', NOTIFY_SIGNATURE_HEADER]);

const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'must be an HTTP header name');

/** A segment of an `into:` path: a key, or an array index. */
export type PathSegment = string | number;

export type RequestAction = ActionBase & {
  kind: 'request';
  method: OutboundRequest['method'];
  url: CompiledTemplate;
  /** The origin written in the URL: the rendered URL must keep it. */
  origin: string;
  headers: [name: string, value: CompiledTemplate][];
  body?: { json: CompiledValue } | { form: [name: string, value: CompiledTemplate][] };
  timeoutMs: number;
  cacheMs?: number;
  into: [name: string, path: PathSegment[]][];
  on: Partial<Record<OutcomeName, StepTarget>>;
};

/** What `request` and `http_request` write alike: where, what to send, and which answer fields to keep. */
export function requestSchemaFields() {
  return {
    url: z.string().max(4096).regex(/^https?:\/\//, 'must be an absolute http(s) URL'),
    headers: z.record(headerNameSchema, templateSchema).optional(),
    body: z.record(z.string(), z.unknown()).optional(),
    form: z.record(z.string(), templateSchema).optional(),
    into: z.record(nameSchema, z.string().min(1).max(256)).optional(),
  };
}

export const requestAction = defineInlineAction({
  name: 'request',
  schema: () =>
    z.strictObject({
      ...requestSchemaFields(),
      method: z.enum(REQUEST_METHODS).optional(),
      timeout: z.number().min(0.1).max(REQUEST_MAX_TIMEOUT_SECONDS).optional(),
      cache: z.number().int().min(1).max(REQUEST_MAX_CACHE_SECONDS).optional(),
      on: z.strictObject(Object.fromEntries(OUTCOMES.map((name) => [name, stepRef.optional()])) as Record<OutcomeName, z.ZodOptional<typeof stepRef>>).optional(),
    }),
  compile: (value, site, ctx): RequestAction | undefined => {
    const path = site.path;
    const method = value.method ?? 'GET';
    const origin = checkUrl(value.url, [...path, 'url'], ctx);
    if ((value.body || value.form) && (method === 'GET' || method === 'DELETE')) ctx.report([...path, value.body ? 'body' : 'form'], 'error', `a ${method} request has no body`, 'use method: POST, PUT or PATCH');
    if (value.cache !== undefined && method !== 'GET') ctx.report([...path, 'cache'], 'error', `only a GET request is cached (this one is ${method})`, 'leave cache out: a request that changes something must reach the backend every time', true);
    if (value.body && value.form) ctx.report([...path, 'form'], 'error', "a request has either 'body' (JSON) or 'form', not both");
    const headers = Object.entries(value.headers ?? {}).map(([name, text]): [string, CompiledTemplate] => {
      if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.report([...path, 'headers', name], 'error', `header '${name}' is set by the service`, 'leave it out', true);
      return [name, template(text, [...path, 'headers', name], ctx)];
    });
    const into = Object.entries(value.into ?? {}).flatMap(([name, text]): [string, PathSegment[]][] => {
      const segments = parseJsonPath(text);
      if (segments) return [[name, segments]];
      ctx.report([...path, 'into', name], 'error', `'${text}' is not a JSON path`, "write it as $.account.tier, account.tier or $.items[0].id");
      return [];
    });
    const on: Partial<Record<OutcomeName, StepTarget>> = {};
    for (const name of OUTCOMES) {
      const step = value.on?.[name];
      if (step !== undefined) on[name] = ctx.target(site.step, step, [...path, 'on', name], !site.afterWait);
    }
    let body: RequestAction['body'];
    if (value.body) {
      body = { json: compileBody(value.body, [...path, 'body'], ctx) };
    } else if (value.form) {
      body = { form: Object.entries(value.form).map(([name, text]) => [name, template(text, [...path, 'form', name], ctx)]) };
    }
    return {
      kind: 'request',
      where: at(ctx, path),
      method,
      url: template(value.url, [...path, 'url'], ctx),
      origin: origin ?? '',
      headers,
      ...(body ? { body } : {}),
      timeoutMs: Math.round((value.timeout ?? REQUEST_DEFAULT_TIMEOUT_SECONDS) * 1000),
      ...(value.cache !== undefined ? { cacheMs: value.cache * 1000 } : {}),
      into,
      on,
    };
  },
  assigns: (value) => (isRecord(value) && isRecord(value.into) ? Object.keys(value.into).map((name) => ({ name, maxLength: UNTRUSTED_VALUE_MAX_LENGTH })) : []),
  run: {
    run: (action, scope): InlineOutcome => {
      const url = action.url.render(encodedContext(scope.context));
      let origin: string | undefined;
      try {
        origin = new URL(url).origin;
      } catch {
        origin = undefined;
      }
      if (origin !== action.origin) return decide(action, { kind: 'error', reason: `the URL rendered at ${action.where} does not keep its host ${action.origin}` }, scope);
      const headers: Record<string, string> = { accept: 'application/json' };
      // A value read from the caller could hold a line break: a header value cannot.
      for (const [name, value] of action.headers) headers[name] = value.render(scope.context).replace(/[\r\n\0]+/g, ' ');
      let body: string | undefined;
      if (action.body && 'json' in action.body) {
        body = JSON.stringify(renderValue(action.body.json, scope.context));
        headers['content-type'] = 'application/json';
      } else if (action.body) {
        body = new URLSearchParams(action.body.form.map(([name, value]): [string, string] => [name, value.render(scope.context)])).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      const request: OutboundRequest = {
        method: action.method,
        url,
        headers,
        timeoutMs: action.timeoutMs,
        ...(body !== undefined ? { body } : {}),
        ...(action.cacheMs !== undefined ? { cache: { scope: scope.flowName, ttlMs: action.cacheMs } } : {}),
      };
      return { request, then: (outcome, then) => decide(action, outcome, then) };
    },
    // Every outcome leaves the step when `ok` goes somewhere: failures take their branch or the fallback.
    endsStep: (action) => action.on.ok !== undefined,
  },
});

/**
 * The outcome's branch. A success reads `into:` (values neutralised and capped like caller input:
 * a response is not trusted more than a caller). A failure without its own branch takes `error`,
 * and without that the flow's fallback document.
 */
function decide(action: RequestAction, outcome: RequestOutcome, scope: RunScope): InlineOutcome {
  let branch: OutcomeName[];
  let why: string;
  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
    if (action.into.length > 0) scope.context.vars = { ...scope.context.vars, ...readInto(action, outcome.body) };
    return action.on.ok ? { goto: action.on.ok } : undefined;
  }
  if (outcome.kind === 'response') {
    const status = outcome.status;
    branch = status === 404 ? ['not_found', '4xx', 'error'] : status >= 400 && status < 500 ? ['4xx', 'error'] : status >= 500 ? ['5xx', 'error'] : ['error'];
    why = `answered ${status}`;
  } else if (outcome.kind === 'timeout') {
    branch = ['timeout', 'error'];
    why = `timed out after ${action.timeoutMs} ms`;
  } else {
    branch = ['error'];
    why = `failed: ${outcome.reason}`;
  }
  const target = branch.map((name) => action.on[name]).find((t) => t !== undefined);
  return target ? { goto: target } : { fallback: `request at ${action.where} ${why}, and it has no branch for that` };
}

/** The `into:` variables from a JSON body (a body that is not JSON, or lacks a path, gives empty values). */
function readInto(action: RequestAction, body: string): Record<string, string> {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    document = undefined;
  }
  const vars: Record<string, string> = {};
  for (const [name, path] of action.into) vars[name] = neutralise(asText(valueAt(document, path)), UNTRUSTED_VALUE_MAX_LENGTH);
  return vars;
}

function valueAt(document: unknown, path: readonly PathSegment[]): unknown {
  let node = document;
  for (const segment of path) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isRecord(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `$.a.b[0]`, `a.b[0]`, `$` (the whole body): keys and array indexes. Undefined when it is not one. */
export function parseJsonPath(text: string): PathSegment[] | undefined {
  let rest = text.startsWith('$') ? text.slice(1) : text.startsWith('[') ? text : `.${text}`;
  const segments: PathSegment[] = [];
  while (rest !== '') {
    const m = /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d{1,6})\])/.exec(rest);
    if (!m) return undefined;
    segments.push(m[1] ?? Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  return segments;
}

/**
 * The host must be written out (templates only after it) so it is checked here, against the
 * flow's `request.allow` and REQUEST_ALLOWED_HOSTS. Returns the origin, or undefined (reported).
 */
export function checkUrl(text: string, path: SourcePath, ctx: FlowCompileContext): string | undefined {
  const tagAt = text.indexOf('{{');
  const authority = /^https?:\/\/[^/?#{}]+(?=[/?#]|$)/.exec(tagAt < 0 ? text : text.slice(0, tagAt));
  if (!authority || (tagAt >= 0 && authority[0].length === tagAt)) {
    ctx.report(path, 'error', 'the host of a request URL must be written out', 'put templates only after the host: https://api.example.com/accounts/{{call.from}}');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(authority[0]);
  } catch {
    ctx.report(path, 'error', `'${authority[0]}' is not a valid URL`);
    return undefined;
  }
  if (url.username || url.password) {
    ctx.report(path, 'error', 'a request URL may not carry credentials', 'send them in a header from env.*: headers: { authorization: "Bearer {{env.API_TOKEN}}" }');
    return undefined;
  }
  if (!hostAllowed(url, ctx.requestHosts)) {
    ctx.report(path, 'error', `host '${url.host}' is not allowed for requests`, `list it in the flow (request: { allow: [${url.hostname}] }) or in REQUEST_ALLOWED_HOSTS`);
  }
  return url.origin;
}

/** `host` matches the name on any port, `host:port` that port only, `*.domain` any subdomain. */
export function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase();
    if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1));
    return pattern.includes(':') ? pattern === host : pattern === hostname;
  });
}

const SECRET_TAG = /\{\{\s*[#^/&]?\s*secret\./;

/** Telnyx resolves `secret.*` in the TeXML it plays: a request the service sends cannot carry one. */
const NO_SECRET_IN_REQUEST = {
  problem: 'a request cannot read secret.*: Telnyx resolves secrets in TeXML, and this request is sent by the service',
  hint: 'read the value from env.* instead',
};

/** A template where `secret.*` may not stand (reported as `refusal` says, and compiled empty). */
export function secretFreeTemplate(text: string, path: SourcePath, ctx: FlowCompileContext, refusal: { problem: string; hint: string } = NO_SECRET_IN_REQUEST): CompiledTemplate {
  if (SECRET_TAG.test(text)) {
    ctx.report(path, 'error', refusal.problem, refusal.hint);
    return ctx.template('', path);
  }
  return ctx.template(text, path);
}

function template(text: string, path: SourcePath, ctx: FlowCompileContext): CompiledTemplate {
  return secretFreeTemplate(text, path, ctx);
}

/** A JSON body: its strings are templates (never secrets). */
function compileBody(value: unknown, path: SourcePath, ctx: FlowCompileContext): CompiledValue {
  if (typeof value === 'string') return template(value, path, ctx);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v, i) => compileBody(v, [...path, i], ctx));
  const out: Record<string, CompiledValue> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = compileBody(v, [...path, key], ctx);
  return out;
}

/** The context a URL renders from: every value percent-encoded, so a value stays one path segment or query value. */
export function encodedContext(context: TemplateContext): TemplateContext {
  const encode = <T extends object>(values: T): T => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined ? v : encodeURIComponent(wellFormed(String(v)))])) as T;
  return { call: encode(context.call), input: encode(context.input), vars: encode(context.vars), env: encode(context.env), ...(context.queue ? { queue: encode(context.queue) } : {}) };
}

/** A lone surrogate (a caller can send one) cannot be percent-encoded: it becomes U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

declare module './action-kinds' {
  interface ActionKinds {
    request: typeof requestAction;
  }
}
