import { SaxesParser } from 'saxes';
import { formatDiagnostic } from '../../../src/source/flow-diagnostic';
import { assertWellFormed, compileFlow, compileFlows, render, resume, verbs } from './flow-test-kit';

/*
 * `http_request`: Telnyx makes the request (TeXML <HttpRequest>, developers.telnyx.com
 * texml-verbs/httprequest and texml-sending-http-requests); its answer's fields come back on the
 * action request (OpenAPI TexmlHttpRequestWebhookSchema, additionalProperties) and land in vars.
 */

const lookupFlow = `
flow: main
start: lookup
request: { allow: [crm.example.com] }
vars: { tier: unknown, name: friend }
steps:
  lookup:
    - say: "One moment."
    - http_request:
        url: "https://crm.example.com/lookup?phone={{call.from}}&to={{call.to}}"
        method: POST
        headers: { Authorization: "Bearer {{secret.api_token}}", X-Caller: "{{call.from}}" }
        body: { phone: "{{call.from}}", nested: { tags: [a, b], vip: true } }
        into: { tier: customer.tier, name: "records[0].Name" }
        on: { ok: known, error: unknown }
  known:
    - say: "Hello {{vars.name}}, tier {{vars.tier}}."
  unknown:
    - say: "We do not know you."
`;

function errorsOf(yaml: string): string[] {
  return compileFlows({ 'flows/main.yaml': yaml }).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

/** Element text and attributes by path, from a document (CDATA included). */
function elements(texml: string): { path: string; attributes: Record<string, string>; text: string }[] {
  const out: { path: string; attributes: Record<string, string>; text: string }[] = [];
  const stack: { path: string; attributes: Record<string, string>; text: string }[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const path = [...stack.map((s) => s.path.split('>').pop()), tag.name].join('>');
    stack.push({ path, attributes: tag.attributes as Record<string, string>, text: '' });
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    const done = stack.pop();
    if (done) out.push(done);
  });
  parser.write(texml).close();
  return out;
}

function one(texml: string, path: string) {
  const found = elements(texml).filter((e) => e.path.endsWith(path));
  if (found.length !== 1) throw new Error(`expected one ${path}, found ${found.length} in ${texml}`);
  return found[0]!;
}

describe('http_request: rendering Telnyx <HttpRequest>', () => {
  it('when a step asks Telnyx to look the caller up, then the document waits on <HttpRequest async="false"> with the action URL, request, headers, JSON body and field mappings', () => {
    const set = compileFlow(lookupFlow);
    const result = render(set, 'main');
    assertWellFormed(result.texml);
    expect(result.ending).toBe('wait');
    expect(verbs(result.texml)).toEqual([
      'Say',
      'HttpRequest',
      'HttpRequest>Request',
      'HttpRequest>Request>Headers',
      'HttpRequest>Request>Headers>Header',
      'HttpRequest>Request>Headers>Header>Key',
      'HttpRequest>Request>Headers>Header>Value',
      'HttpRequest>Request>Headers>Header',
      'HttpRequest>Request>Headers>Header>Key',
      'HttpRequest>Request>Headers>Header>Value',
      'HttpRequest>Request>Headers>Header',
      'HttpRequest>Request>Headers>Header>Key',
      'HttpRequest>Request>Headers>Header>Value',
      'HttpRequest>Request>Body',
      'HttpRequest>Response',
      'HttpRequest>Response>Type',
      'HttpRequest>Response>StatusCode',
      'HttpRequest>Response>Content',
      'HttpRequest>Response>Content>Field',
      'HttpRequest>Response>Content>Field>Name',
      'HttpRequest>Response>Content>Field>Value',
      'HttpRequest>Response>Content>Field',
      'HttpRequest>Response>Content>Field>Name',
      'HttpRequest>Response>Content>Field>Value',
      'Redirect',
    ]);
    const verb = one(result.texml, 'Response>HttpRequest');
    expect(verb.attributes.async).toBe('false');
    expect(verb.attributes.action).toBe('https://texml-router.invalid/resume/main/lookup/1?retries=0&leg=0');
    const request = one(result.texml, 'HttpRequest>Request');
    // Values in the URL are percent-encoded: a caller's value stays one query value.
    expect(request.attributes).toEqual({ url: 'https://crm.example.com/lookup?phone=%2B13125550199&to=%2B13125550100', method: 'POST' });
    const headers = elements(result.texml).filter((e) => e.path.endsWith('Header>Key') || e.path.endsWith('Header>Value')).map((e) => e.text);
    // The secret goes out as Telnyx's placeholder: its value never passes through the service.
    expect(headers).toEqual(['Authorization', 'Bearer {{#secret}}api_token{{/secret}}', 'X-Caller', '+13125550199', 'Content-Type', 'application/json']);
    const body = one(result.texml, 'Request>Body').text;
    expect(result.texml).toContain('<![CDATA[');
    expect(JSON.parse(body)).toEqual({ phone: '+13125550199', nested: { tags: ['a', 'b'], vip: true } });
    expect(body).not.toContain('}}');
    const fields = elements(result.texml).filter((e) => e.path.endsWith('Field>Name') || e.path.endsWith('Field>Value')).map((e) => e.text);
    expect(fields).toEqual(['customer.tier', 'tier', 'records[0].Name', 'name']);
    expect(one(result.texml, 'Response>Type').text).toBe('JSON');
    expect(one(result.texml, 'Response>StatusCode').text).toBe('200');
  });

  it('when the action request carries every mapped field, then they land in vars (neutralised) and ok runs', () => {
    const set = compileFlow(lookupFlow);
    const waiting = render(set, 'main').waitingAt;
    const fields = { AccountSid: 'acct-test', CallSid: 'v3:test-call', tier: 'gold', name: 'Ada {{#secret}}api_token{{/secret}}' };
    const next = resume(set, waiting, fields, { parameters: fields });
    expect(next.trail).toEqual(['main.known']);
    expect(next.texml).toContain('Hello Ada \uFF5B\uFF5B#secret\uFF5D\uFF5Dapi_token');
    expect(next.texml).toContain('tier gold.');
  });

  it('when a mapped field is missing (the answer was not the status mapped, or lacked the path), then error runs', () => {
    const set = compileFlow(lookupFlow);
    const waiting = render(set, 'main').waitingAt;
    const fields = { AccountSid: 'acct-test', CallSid: 'v3:test-call', tier: 'gold' };
    expect(resume(set, waiting, fields, { parameters: fields }).trail).toEqual(['main.unknown']);
  });

  it('when Telnyx goes on without posting the action (the Redirect after the verb), then error runs', () => {
    const set = compileFlow(lookupFlow);
    const waiting = render(set, 'main').waitingAt;
    expect(resume(set, waiting, {}, { parameters: {}, event: 'no-input' }).trail).toEqual(['main.unknown']);
  });

  it('when a failure has no on.error, then the flow fallback is served and names the action', () => {
    const set = compileFlow(lookupFlow.replace(', error: unknown', ''), { allowWarnings: true });
    const waiting = render(set, 'main').waitingAt;
    const result = resume(set, waiting, {}, { parameters: {} });
    expect(result.ending).toBe('fallback');
    expect(result.fallbackReason).toMatch(/^http_request at flows\/main\.yaml:\d+:\d+: its answer had no tier, name, and it has no on\.error$/);
  });

  it('when nothing waits for the answer (no into:, no on:), then it is fire-and-forget: async="true", no action, and the step goes on', () => {
    const set = compileFlow(`
start: a
request: { allow: [hooks.example.com] }
steps:
  a:
    - http_request:
        url: "https://hooks.example.com/notify"
        method: POST
        form: { from: "{{call.from}}", note: "a b&c" }
    - say: "Thanks."
`);
    const result = render(set, 'main');
    expect(verbs(result.texml)).toEqual(['HttpRequest', 'HttpRequest>Request', 'HttpRequest>Request>Headers', 'HttpRequest>Request>Headers>Header', 'HttpRequest>Request>Headers>Header>Key', 'HttpRequest>Request>Headers>Header>Value', 'HttpRequest>Request>Body', 'Say', 'Hangup']);
    expect(one(result.texml, 'Response>HttpRequest').attributes).toEqual({ async: 'true' });
    expect(one(result.texml, 'Request>Body').text).toBe('from=%2B13125550199&note=a+b%26c');
    expect(result.texml).toContain('<Value>application/x-www-form-urlencoded</Value>');
  });

  it('when a header value would hold a line break from a variable, then it stays on one line', () => {
    const set = compileFlow(`
start: a
request: { allow: [crm.example.com] }
vars: { note: "" }
steps:
  a:
    - http_request:
        url: "https://crm.example.com/x"
        headers: { X-Note: "{{vars.note}}" }
        on: { ok: b }
  b:
    - hangup
`);
    const result = render(set, 'main', undefined, { vars: { note: 'line one\r\nline two' } });
    expect(result.texml).toContain('<Value>line one line two</Value>');
  });
});

describe('http_request: load-time checks', () => {
  it('when the host is not allowed, a secret sits in the URL or a form, a GET has a body or a field takes a callback parameter name, then each is reported where it is written', () => {
    const yaml = `
flow: main
start: a
request: { allow: [crm.example.com] }
steps:
  a:
    - http_request:
        url: "https://other.example.com/x?k={{secret.api_token}}"
        body: { a: "{{call.from}}" }
        into: { From: customer.phone, whole: $ }
        on: { ok: b }
    - http_request:
        url: "https://crm.example.com/y"
        method: POST
        form: { token: "{{secret.api_token}}" }
        headers: { Host: evil.example.com }
        status: 404
  b:
    - hangup
`;
    expect(errorsOf(yaml)).toEqual([
      expect.stringMatching(/^flows\/main\.yaml:8:14: error: host 'other\.example\.com' is not allowed for requests/),
      expect.stringMatching(/^flows\/main\.yaml:8:14: error: a URL cannot carry secret\.\*/),
      expect.stringMatching(/^flows\/main\.yaml:9:15: error: a GET request has no body/),
      expect.stringMatching(/^flows\/main\.yaml:10:\d+: error: 'From' is a parameter Telnyx sends on the action request itself/),
      expect.stringMatching(/^flows\/main\.yaml:10:\d+: error: Telnyx maps a field of the answer, not the whole answer/),
      expect.stringMatching(/^flows\/main\.yaml:15:\d+: error: a form value cannot carry secret\.\*/),
      expect.stringMatching(/^flows\/main\.yaml:16:\d+: error: header 'Host' is set by Telnyx's HTTP client/),
      expect.stringMatching(/^flows\/main\.yaml:17:\d+: error: 'status' says which answer's fields 'into:' maps/),
    ]);
  });

  it('when a method Telnyx does not name, or a branch Telnyx cannot report, is written, then the schema refuses it', () => {
    const yaml = `
flow: main
start: a
request: { allow: [crm.example.com] }
steps:
  a:
    - http_request:
        url: "https://crm.example.com/y"
        method: PUT
        on: { timeout: a }
`;
    const errors = errorsOf(yaml);
    expect(errors.join('\n')).toMatch(/method/);
    expect(errors.join('\n')).toMatch(/timeout/);
  });
});
