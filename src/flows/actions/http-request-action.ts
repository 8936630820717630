import { z } from 'zod';
import { webhookContract } from '../../telnyx/contract/webhook-contract';
import type { CompiledTemplate } from '../../templates/compiled-template';
import { neutralise, UNTRUSTED_VALUE_MAX_LENGTH } from '../../templates/neutralise';
import type { TemplateContext } from '../../templates/template-scope';
import type { ActionBase, CompiledFragment, StepTarget } from '../compiled-parts';
import { compileValue, renderValue } from '../compiled-value';
import { ComputedText, runtimeSlot, type FlowNode } from '../texml-kit';
import { defineWaitingAction } from './action-definition';
import { at, fragment, isRecord, mustacheSafeJson, stepRef } from './action-kit';
import { emitAction, type EmitAction } from './plain-verbs';
import { checkUrl, encodedContext, parseJsonPath, requestSchemaFields, secretFreeTemplate, type PathSegment } from './request-action';

/*
 * `http_request`: Telnyx makes the request (TeXML's <HttpRequest>), not the service. The service
 * never sees the answer or the secrets: headers and a JSON body may carry `{{secret.NAME}}`, which
 * goes out as Telnyx's `{{#secret}}NAME{{/secret}}` placeholder. Sources (docs/flows.md, "Telnyx
 * makes the request"): developers.telnyx.com texml-verbs/httprequest and texml-sending-http-requests,
 * and the OpenAPI TexmlHttpRequestWebhookSchema for the action request.
 *
 * Without `into:` or `on:` it is fire-and-forget (`async="true"`) and the document goes on. With
 * either, Telnyx waits for the answer (`async="false"`) and posts the action URL with the call's
 * parameters plus one parameter per `<Field>`: `<Name>` is the JSON path in the answer,
 * `<Value>` the parameter's name (the tutorial maps `records[0].Name` to `caller_name` and reads
 * `{{caller_name}}` next). `async` is always written out: the verb page says it defaults to false,
 * the tutorial that requests are asynchronous by default.
 */

/** Telnyx's pages name GET and POST. */
const METHODS = ['GET', 'POST'] as const;
/** Headers Telnyx's HTTP client sets itself. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
/** Parameters Telnyx sends on the action request itself: a mapped field must not take one of their names. */
const CALLBACK_PARAMETERS = Object.keys(webhookContract['httprequest-action'].params).map((name) => name.toLowerCase());

export type HttpRequestAction = ActionBase & {
  kind: 'http_request';
  verb: CompiledFragment;
  /** Variable name (the callback parameter's name too) for each mapped field. */
  into: string[];
  on: { ok?: StepTarget; error?: StepTarget };
};

export const httpRequestAction = defineWaitingAction({
  name: 'http_request',
  schema: () =>
    z.strictObject({
      ...requestSchemaFields(),
      method: z.enum(METHODS).optional(),
      /** Telnyx's <StatusCode>: the answer whose fields are mapped. */
      status: z.number().int().min(100).max(599).optional(),
      on: z.strictObject({ ok: stepRef.optional(), error: stepRef.optional() }).optional(),
    }),
  compile: (value, site, ctx): HttpRequestAction | EmitAction => {
    const path = site.path;
    const method = value.method ?? 'GET';
    checkUrl(value.url, [...path, 'url'], ctx);
    if ((value.body || value.form) && method === 'GET') ctx.report([...path, value.body ? 'body' : 'form'], 'error', 'a GET request has no body', 'use method: POST');
    if (value.body && value.form) ctx.report([...path, 'form'], 'error', "a request has either 'body' (JSON) or 'form', not both");
    const waits = value.into !== undefined || value.on !== undefined;
    if (value.status !== undefined && value.into === undefined) ctx.report([...path, 'status'], 'error', "'status' says which answer's fields 'into:' maps: without 'into:' it does nothing", 'add into: or leave status out', true);

    const headerNodes: FlowNode[] = [];
    const authorType = Object.keys(value.headers ?? {}).some((name) => name.toLowerCase() === 'content-type');
    for (const [name, text] of Object.entries(value.headers ?? {})) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.report([...path, 'headers', name], 'error', `header '${name}' is set by Telnyx's HTTP client`, 'leave it out', true);
      headerNodes.push(header(name, oneLine(ctx.template(text, [...path, 'headers', name]))));
    }
    let body: FlowNode | undefined;
    if (value.body) {
      // Its strings are templates, secrets included: Telnyx fills them in.
      const json = compileValue(value.body, [...path, 'body'], ctx);
      body = { verb: 'Body', text: new ComputedText((context) => mustacheSafeJson(JSON.stringify(renderValue(json, context)), 'keep-strings')) };
      if (!authorType) headerNodes.push(header('Content-Type', 'application/json'));
    } else if (value.form) {
      // A form value is percent-encoded, which would hide Telnyx's secret placeholder from it.
      const refusal = { problem: 'a form value cannot carry secret.* (it is percent-encoded, and Telnyx would no longer see its placeholder)', hint: 'use a JSON body or a header' };
      const fields = Object.entries(value.form).map(([name, text]): [string, CompiledTemplate] => [name, secretFreeTemplate(text, [...path, 'form', name], ctx, refusal)]);
      body = { verb: 'Body', text: new ComputedText((context) => new URLSearchParams(fields.map(([name, t]): [string, string] => [name, t.render(context)])).toString()) };
      if (!authorType) headerNodes.push(header('Content-Type', 'application/x-www-form-urlencoded'));
    }

    // URLs end up in logs along the way: a secret goes in a header.
    const url = secretFreeTemplate(value.url, [...path, 'url'], ctx, {
      problem: 'a URL cannot carry secret.*: URLs are logged along the way',
      hint: 'send it in a header: headers: { Authorization: "Bearer {{secret.NAME}}" }',
    });
    const request: FlowNode = {
      verb: 'Request',
      attributes: { url: url.staticText ?? new ComputedText((context) => url.render(encodedContext(context))), method },
      children: [...(headerNodes.length ? [{ verb: 'Headers' as const, children: headerNodes }] : []), ...(body ? [body] : [])],
    };
    const into = Object.entries(value.into ?? {}).flatMap(([name, text]): [string, string][] => {
      const where = [...path, 'into', name];
      if (CALLBACK_PARAMETERS.includes(name.toLowerCase())) {
        ctx.report(where, 'error', `'${name}' is a parameter Telnyx sends on the action request itself`, 'name the variable something else: the mapped field arrives under its name');
        return [];
      }
      const segments = parseJsonPath(text);
      if (!segments) {
        ctx.report(where, 'error', `'${text}' is not a JSON path`, 'write it as customer.tier or records[0].Name');
        return [];
      }
      if (segments.length === 0) {
        ctx.report(where, 'error', 'Telnyx maps a field of the answer, not the whole answer', 'name a field: customer.tier');
        return [];
      }
      return [[name, telnyxPath(segments)]];
    });

    const children: FlowNode[] = [request];
    if (into.length > 0) {
      children.push({
        verb: 'Response',
        children: [
          { verb: 'Type', text: 'JSON' },
          { verb: 'StatusCode', text: String(value.status ?? 200) },
          { verb: 'Content', children: into.map(([name, jsonPath]): FlowNode => ({ verb: 'Field', children: [{ verb: 'Name', text: jsonPath }, { verb: 'Value', text: name }] })) },
        ],
      });
    }
    if (!waits) return emitAction(ctx, site, [{ verb: 'HttpRequest', attributes: { async: true }, children }]);
    const on: HttpRequestAction['on'] = {};
    for (const outcome of ['ok', 'error'] as const) {
      const step = value.on?.[outcome];
      if (step !== undefined) on[outcome] = ctx.target(site.step, step, [...path, 'on', outcome], false);
    }
    return {
      kind: 'http_request',
      where: at(ctx, path),
      verb: fragment(ctx, path, [
        { verb: 'HttpRequest', attributes: { async: false, action: runtimeSlot('action') }, children },
        // Should Telnyx go on without posting the action (its pages do not say what a failed request does), come back anyway.
        { verb: 'Redirect', text: runtimeSlot('noInputUrl') },
      ]),
      into: into.map(([name]) => name),
      on,
    };
  },
  assigns: (value) => (isRecord(value) && isRecord(value.into) ? Object.keys(value.into).map((name) => ({ name, maxLength: UNTRUSTED_VALUE_MAX_LENGTH })) : []),
  wait: {
    // Only the event tells a Redirect from an action whose answer mapped nothing (a step with `on:` and no `into:`).
    noInputUrl: 'sealed-event',
    render: (action, scope) => scope.emit(action.verb, scope.runtime),
    resume: (action, scope) => {
      const parameters = scope.inputs.parameters ?? {};
      const missing = scope.inputs.event === 'no-input' ? action.into : action.into.filter((name) => parameters[name] === undefined);
      if (scope.inputs.event === 'no-input' || missing.length > 0) {
        const why = scope.inputs.event === 'no-input' ? 'Telnyx went on without posting its action' : `its answer had no ${missing.join(', ')}`;
        return action.on.error ? scope.continueAt(action.on.error) : scope.fallback(`http_request at ${action.where}: ${why}, and it has no on.error`);
      }
      // What the answer held is as untrusted as anything a caller says: neutralised and capped.
      if (action.into.length > 0) scope.context.vars = { ...scope.context.vars, ...Object.fromEntries(action.into.map((name) => [name, neutralise(parameters[name], UNTRUSTED_VALUE_MAX_LENGTH)])) };
      return scope.continueAt(action.on.ok);
    },
  },
});

function header(name: string, value: string | CompiledTemplate | ComputedText): FlowNode {
  return { verb: 'Header', children: [{ verb: 'Key', text: name }, { verb: 'Value', text: value }] };
}

/** A header value stays on one line whatever a variable holds. */
function oneLine(template: CompiledTemplate): string | ComputedText {
  const text = template.staticText;
  if (text !== undefined) return text.replace(/[\r\n\0]+/g, ' ');
  return new ComputedText((context: TemplateContext) => template.render(context).replace(/[\r\n\0]+/g, ' '));
}

/** `customer.tier`, `records[0].Name`: the form of Telnyx's examples. */
function telnyxPath(segments: readonly PathSegment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

declare module './action-kinds' {
  interface ActionKinds {
    http_request: typeof httpRequestAction;
  }
}
