import type { RequestOutcome } from '../../../events/outbound-request';
import { CallInterrupt } from '../call-interrupt';
import type { PlayCall, TexmlSource } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { methodAttribute } from './verb-attributes';

/*
 * <HttpRequest>, as developers.telnyx.com texml-verbs/httprequest and texml-sending-http-requests
 * describe it: <Request url method> with <Headers><Header><Key/><Value/></Header></Headers> and a
 * <Body>; with async="false", Telnyx waits for the answer and posts the action URL with the call's
 * parameters (OpenAPI TexmlHttpRequestWebhookSchema: AccountSid, CallSid, CallSidLegacy, From, To,
 * ConnectionId, CallerId) plus one parameter per <Response><Content><Field>: <Name> is the JSON path
 * in the answer, <Value> the parameter's name, when the answer is <Type>JSON</Type> with the
 * <StatusCode> given.
 *
 * Where Telnyx is silent, the emulator decides, and says so in the transcript:
 * - async: the verb page says it defaults to false (wait), the tutorial that requests are
 *   asynchronous by default; the emulator follows the verb page.
 * - method: GET or POST; none written is POST (every example writes POST).
 * - an answer that is not the mapped status, not JSON, a timeout or an unreachable host: the action
 *   is still posted, without the mapped fields (Telnyx says nothing of failures).
 * - a path the answer lacks: that field is left out. A value that is not a string is sent as JSON
 *   text (numbers and booleans as themselves).
 * Secrets were substituted in the whole document before it was parsed: header values are never
 * written to the transcript.
 */
export async function runHttpRequest(element: TexmlElement, call: PlayCall): Promise<TexmlSource | undefined> {
  const request = element.children.find((c) => c.name === 'Request');
  const rawUrl = request?.attributes.url?.trim();
  if (!request || !rawUrl) throw CallInterrupt.end('error', 'invalid TeXML: <HttpRequest> needs a <Request url="...">');
  let url: string;
  try {
    url = new URL(rawUrl).toString();
  } catch {
    throw CallInterrupt.end('error', `invalid TeXML: <Request url="${rawUrl}"> is not an absolute URL`);
  }
  const method = methodAttribute(request, 'method', 'POST');
  const headers: Record<string, string> = {};
  for (const header of request.children.find((c) => c.name === 'Headers')?.children ?? []) {
    const key = header.children.find((c) => c.name === 'Key')?.text;
    if (header.name !== 'Header' || !key) throw CallInterrupt.end('error', 'invalid TeXML: each <Headers> child is a <Header> with a <Key> and a <Value>');
    headers[key] = header.children.find((c) => c.name === 'Value')?.text ?? '';
  }
  const body = request.children.find((c) => c.name === 'Body')?.text;
  const waits = (element.attributes.async?.trim().toLowerCase() ?? 'false') !== 'true';
  const action = element.attributes.action?.trim();
  const mapping = fieldMapping(element.children.find((c) => c.name === 'Response'));
  const outbound = { method, url, headers, ...(body !== undefined && body !== '' ? { body } : {}), timeoutMs: call.services.limits.httpRequestTimeoutMs };
  const what = `${method} ${url}`;

  if (!waits) {
    call.log({ kind: 'verb', verb: 'HttpRequest', detail: `sends ${what} and goes on (async)` });
    call.inBackground(call.services.requester.perform(outbound).then((outcome) => call.log({ kind: 'note', message: `the async request ${what} ${describe(outcome)}` })));
    return undefined;
  }
  const outcome = await call.services.requester.perform(outbound);
  const fields = outcome.kind === 'response' && outcome.status === mapping.status && mapping.type === 'JSON' ? mappedFields(outcome.body, mapping.fields) : {};
  const mapped = Object.keys(fields);
  call.log({
    kind: 'verb',
    verb: 'HttpRequest',
    detail: `sends ${what}: ${describe(outcome)}${mapping.fields.length ? `; maps ${mapped.length ? mapped.join(', ') : 'nothing'}${mapped.length < mapping.fields.length ? ` (${mapping.fields.length - mapped.length} of ${mapping.fields.length} not in the answer${outcome.kind === 'response' && outcome.status !== mapping.status ? `: status ${outcome.status} is not ${mapping.status}` : ''})` : ''}` : ''}`,
  });
  if (!action) return undefined;
  const params = { ...call.identityParams(), ...callFields(call), ...fields };
  return { kind: 'url', url: call.resolveUrl(action), method: 'POST', purpose: 'action', params, paramsOnly: true };
}

interface FieldMapping {
  type: string | undefined;
  status: number;
  fields: { path: string; name: string }[];
}

function fieldMapping(response: TexmlElement | undefined): FieldMapping {
  const type = response?.children.find((c) => c.name === 'Type')?.text.trim().toUpperCase();
  const statusText = response?.children.find((c) => c.name === 'StatusCode')?.text.trim();
  const status = statusText === undefined || statusText === '' ? 200 : Number(statusText);
  if (!Number.isInteger(status) || status < 100 || status > 599) throw CallInterrupt.end('error', `invalid TeXML: <StatusCode>${statusText}</StatusCode> is not an HTTP status`);
  const fields = (response?.children.find((c) => c.name === 'Content')?.children ?? []).map((field) => {
    const path = field.children.find((c) => c.name === 'Name')?.text;
    const name = field.children.find((c) => c.name === 'Value')?.text;
    if (field.name !== 'Field' || !path || !name) throw CallInterrupt.end('error', 'invalid TeXML: each <Content> child is a <Field> with a <Name> (JSON path) and a <Value> (parameter name)');
    return { path, name };
  });
  return { type, status, fields };
}

/** CallerId, ConnectionId, From and To: the rest of TexmlHttpRequestWebhookSchema's fields. */
function callFields(call: PlayCall): Record<string, string> {
  const snapshot = call.snapshot();
  return { From: snapshot.from, To: snapshot.to, CallerId: snapshot.callerId ?? snapshot.from, ConnectionId: snapshot.applicationSid ?? '' };
}

function mappedFields(body: string, fields: FieldMapping['fields']): Record<string, string> {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const { path, name } of fields) {
    const value = valueAt(document, path);
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** `a.b[0].c`: keys and array indexes (the form of Telnyx's examples). Undefined when absent. */
function valueAt(document: unknown, path: string): unknown {
  let node = document;
  for (const part of path.replace(/^\$\.?/, '').match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    const key = part.startsWith('[') ? Number(part.slice(1, -1)) : part;
    node = Array.isArray(node) ? (typeof key === 'number' ? node[key] : undefined) : Object.hasOwn(node, key) ? (node as Record<string | number, unknown>)[key] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function describe(outcome: RequestOutcome): string {
  if (outcome.kind === 'response') return `answered ${outcome.status}`;
  if (outcome.kind === 'timeout') return 'timed out';
  return `failed (${outcome.reason})`;
}
