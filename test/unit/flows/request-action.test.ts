import { formatDiagnostic } from '../../../src/source/flow-diagnostic';
import type { RenderResult } from '../../../src/flows/flow-interpreter';
import { parseJsonPath } from '../../../src/flows/actions/request-action';
import { assertWellFormed, compileFlow, compileFlows, render } from './flow-test-kit';

const lookupFlow = `
flow: main
start: lookup
request: { allow: [api.example.com] }
vars: { tier: unknown }
steps:
  lookup:
    - request:
        url: "https://api.example.com/accounts/{{call.from}}?to={{call.to}}"
        headers: { x-caller: "{{call.from}}" }
        into: { tier: $.account.tier, name: "account.name", first: "$.items[0].id" }
        on: { ok: known, not_found: stranger, timeout: slow, error: broken }
  known:
    - say: "Hello {{vars.name}}, tier {{vars.tier}}, item {{vars.first}}."
  stranger:
    - say: "We do not know you."
  slow:
    - say: "Too slow."
  broken:
    - say: "Something broke."
`;

function errorsOf(yaml: string, options: Parameters<typeof compileFlows>[1] = {}): string[] {
  return compileFlows({ 'flows/main.yaml': yaml }, options).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

function pending(result: RenderResult) {
  if (!result.pendingRequest) throw new Error(`expected a pending request, got ${result.ending}: ${result.texml}`);
  return result.pendingRequest;
}

describe('request action: load-time checks', () => {
  it('when a request names a host the flow does not allow, then loading fails at the url with file:line:col', () => {
    const errors = errorsOf(lookupFlow.replace('allow: [api.example.com]', 'allow: [other.example.com]'));
    expect(errors).toEqual([expect.stringMatching(/^flows\/main\.yaml:9:14: error: host 'api\.example\.com' is not allowed for requests \(hint: list it in the flow \(request: \{ allow: \[api\.example\.com\] \}\) or in REQUEST_ALLOWED_HOSTS\)$/)]);
  });

  it('when REQUEST_ALLOWED_HOSTS lists the host, then a flow without its own allow list loads', () => {
    const yaml = lookupFlow.replace('request: { allow: [api.example.com] }\n', '');
    expect(errorsOf(yaml)).toHaveLength(1);
    expect(compileFlows({ 'flows/main.yaml': yaml }, {}).set).toBeUndefined();
    const outcome = compileFlowsWithHosts(yaml, ['*.example.com']);
    expect(outcome.diagnostics.map(formatDiagnostic)).toEqual([]);
    // Read through readEnv when not given: validate, simulate and the other commands agree with the service.
    expect(compileFlows({ 'flows/main.yaml': yaml }, { env: { REQUEST_ALLOWED_HOSTS: 'other.test, api.example.com' } }).diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('when the host is a template, then loading fails: the host must be written out to be checked', () => {
    const errors = errorsOf(lookupFlow.replace('https://api.example.com/accounts/{{call.from}}', 'https://{{call.from}}/accounts'));
    expect(errors).toEqual([expect.stringContaining('error: the host of a request URL must be written out')]);
    const glued = errorsOf(lookupFlow.replace('https://api.example.com/accounts/{{call.from}}', 'https://api.example.com{{call.from}}'));
    expect(glued).toEqual([expect.stringContaining('error: the host of a request URL must be written out')]);
  });

  it('when an into path, a template reference or a branch target is wrong, then each is reported where it is written', () => {
    const yaml = lookupFlow.replace('$.account.tier', '"$..tier[x]"').replace('{{call.from}}"', '{{call.fromm}}"').replace('not_found: stranger', 'not_found: strangr');
    const errors = errorsOf(yaml);
    expect(errors).toEqual([
      expect.stringMatching(/^flows\/main\.yaml:10:\d+: error: unknown template reference '\{\{call\.fromm\}\}'/),
      expect.stringMatching(/^flows\/main\.yaml:11:\d+: error: '\$\.\.tier\[x\]' is not a JSON path/),
      expect.stringMatching(/^flows\/main\.yaml:12:\d+: error: step 'lookup' in flow 'main' goes to unknown step 'strangr' \(hint: did you mean 'stranger'\?\)/),
    ]);
  });

  it('when a request reads a secret, has a body on a GET, sets a reserved header or waits too long, then loading refuses it', () => {
    const yaml = `
flow: main
start: a
request: { allow: [api.example.com] }
steps:
  a:
    - request:
        url: "https://api.example.com/x"
        headers: { authorization: "Bearer {{secret.api_token}}", content-length: "3" }
        body: { a: "{{call.from}}" }
    - request: { url: "https://api.example.com/x", timeout: 6 }
    - request: { url: "https://api.example.com/x", method: POST, cache: 30 }
`;
    const errors = errorsOf(yaml);
    expect(errors).toEqual([
      expect.stringContaining('9:35: error: a request cannot read secret.*'),
      expect.stringContaining("9:66: error: header 'content-length' is set by the service"),
      expect.stringContaining('10:15: error: a GET request has no body'),
      expect.stringMatching(/11:\d+: error: .*timeout.*5/),
      expect.stringContaining("12:66: error: only a GET request is cached (this one is POST)"),
    ]);
  });

  it('when into paths are written, then $.a.b, a.b, [0] and $ parse and anything else does not', () => {
    expect(parseJsonPath('$.account.tier')).toEqual(['account', 'tier']);
    expect(parseJsonPath('account.tier')).toEqual(['account', 'tier']);
    expect(parseJsonPath('$.items[2].id')).toEqual(['items', 2, 'id']);
    expect(parseJsonPath('[0]')).toEqual([0]);
    expect(parseJsonPath('$')).toEqual([]);
    for (const bad of ['$..a', 'a..b', '$.a[', 'a b', '$.a[-1]', '.a']) expect(parseJsonPath(bad)).toBeUndefined();
  });
});

describe('request action: rendering', () => {
  const set = compileFlow(lookupFlow);

  it('when the flow reaches a request, then the document stops there with the request rendered (URL values percent-encoded)', () => {
    const ask = pending(render(set, 'main'));
    expect(ask.request).toEqual({
      method: 'GET',
      url: 'https://api.example.com/accounts/%2B13125550199?to=%2B13125550100',
      headers: { accept: 'application/json', 'x-caller': '+13125550199' },
      timeoutMs: 2000,
    });
  });

  it('when a caller value holds a lone surrogate, then the URL still renders (U+FFFD) instead of throwing', () => {
    const ask = pending(render(set, 'main', undefined, { params: { From: '+1\ud800' } }));
    expect(ask.request.url).toBe('https://api.example.com/accounts/%2B1%EF%BF%BD?to=%2B13125550100');
  });

  it('when the backend answers 200, then into: fills vars that a later say reads', () => {
    const done = pending(render(set, 'main')).resume({ kind: 'response', status: 200, body: JSON.stringify({ account: { tier: 'gold', name: 'Ada' }, items: [{ id: 7 }] }) });
    assertWellFormed(done.texml);
    expect(done.texml).toContain('<Say>Hello Ada, tier gold, item 7.</Say>');
    expect(done.trail).toEqual(['main.lookup', 'main.known']);
    expect(done.ending).toBe('end-of-step');
  });

  it('when a response value holds Mustache tags or is very long, then it is neutralised and capped like caller input', () => {
    const body = JSON.stringify({ account: { tier: '{{#secret}}api_token{{/secret}}', name: 'x'.repeat(5000) }, items: [] });
    const done = pending(render(set, 'main')).resume({ kind: 'response', status: 200, body });
    expect(done.texml).not.toContain('{{');
    expect(done.texml).toContain('tier \uFF5B\uFF5B#secret\uFF5D\uFF5Dapi_token\uFF5B\uFF5B/secret\uFF5D\uFF5D, item .');
    expect(done.texml).toContain(`Hello ${'x'.repeat(512)}, tier`);
  });

  it('when the backend answers 404, 500, times out or fails, then each takes its branch', () => {
    const ask = () => pending(render(set, 'main'));
    expect(ask().resume({ kind: 'response', status: 404, body: '' }).texml).toContain('We do not know you.');
    expect(ask().resume({ kind: 'response', status: 500, body: '' }).texml).toContain('Something broke.');
    expect(ask().resume({ kind: 'timeout' }).texml).toContain('Too slow.');
    expect(ask().resume({ kind: 'error', reason: 'refused' }).texml).toContain('Something broke.');
  });

  it('when a failure has no branch of its own nor error, then the flow fallback is served; a success with no ok goes on in the step', () => {
    const bare = compileFlow(`
start: a
request: { allow: [api.example.com] }
fallback:
  - say: "Fallback."
steps:
  a:
    - request: { url: "https://api.example.com/x", method: POST, body: { from: "{{call.from}}", n: 1 }, into: { v: $.v } }
    - say: "Got {{vars.v}}."
`);
    const ask = pending(render(bare, 'main'));
    expect(ask.request.body).toBe('{"from":"+13125550199","n":1}');
    expect(ask.request.headers['content-type']).toBe('application/json');
    const failed = ask.resume({ kind: 'timeout' });
    expect(failed.ending).toBe('fallback');
    expect(failed.texml).toContain('<Say>Fallback.</Say>');
    expect(failed.fallbackReason).toMatch(/^request at flows\/main\.yaml:\d+:\d+ timed out after 2000 ms/);
    const ok = pending(render(bare, 'main')).resume({ kind: 'response', status: 201, body: '{"v": "yes"}' });
    expect(ok.texml).toContain('<Say>Got yes.</Say>');
    expect(ok.trail).toEqual(['main.a']);
  });
});

function compileFlowsWithHosts(yaml: string, hosts: string[]) {
  return compileFlows({ 'flows/main.yaml': yaml }, { requestAllowedHosts: hosts });
}
