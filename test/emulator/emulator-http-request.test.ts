import type { CallTranscriptSnapshot } from '../../src/emulator';
import { answerJson, LocalBackend } from '../support/local-backend';
import { ACCOUNT, usePlayerFixture } from './support/emulator-fixture';

/*
 * The emulator plays <HttpRequest> as Telnyx documents it (developers.telnyx.com
 * texml-verbs/httprequest, texml-sending-http-requests; OpenAPI TexmlHttpRequestWebhookSchema for
 * the action request), against a real backend on 127.0.0.1.
 */

const START = Date.UTC(2026, 2, 2, 16, 0, 0);

describe('emulator: <HttpRequest>', () => {
  const { fx, app } = usePlayerFixture(START);
  const crm = new LocalBackend((path, res) => {
    if (path.startsWith('/callers/%2B13125550199')) return answerJson(res, 200, { records: [{ Name: 'Ada Lovelace', tier: 'vip', score: 7, tags: ['a'] }] });
    if (path.startsWith('/callers/')) return answerJson(res, 404, { error: 'not found' });
    return void res.writeHead(204).end();
  });
  beforeAll(() => crm.start());
  afterAll(() => crm.stop());
  beforeEach(() => void (crm.seen.length = 0));

  async function play(from: string): Promise<CallTranscriptSnapshot> {
    await fx.client.texmlApplications.create({ friendly_name: 'router', voice_url: `${app.url}/voice`, voice_method: 'post' });
    const call = fx.emulator.calls.inbound({ from, to: '+13125550100', application: 'router' });
    return fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
  }

  /** A whole document: it holds a <Response> of its own, so the server would not wrap it. */
  function lookupDocument(): string {
    return `<?xml version="1.0" encoding="UTF-8"?><Response><HttpRequest async="false" action="${app.url}/looked-up">
      <Request url="${crm.url}/callers/{{From}}" method="POST">
        <Headers>
          <Header><Key>Authorization</Key><Value>Bearer {{#secret}}crm_token{{/secret}}</Value></Header>
          <Header><Key>Content-Type</Key><Value>application/json</Value></Header>
        </Headers>
        <Body><![CDATA[{"from":"caller"}]]></Body>
      </Request>
      <Response>
        <Type>JSON</Type>
        <StatusCode>200</StatusCode>
        <Content>
          <Field><Name>records[0].Name</Name><Value>caller_name</Value></Field>
          <Field><Name>records[0].tier</Name><Value>tier</Value></Field>
          <Field><Name>records[0].score</Name><Value>score</Value></Field>
          <Field><Name>records[0].missing</Name><Value>missing</Value></Field>
        </Content>
      </Response>
    </HttpRequest>
    <Say>Not reached: the action answers.</Say></Response>`;
  }

  it('when async="false", then the request goes out with its method, headers (secrets filled in), body, and the action gets the call parameters of TexmlHttpRequestWebhookSchema plus the mapped fields', async () => {
    await fx.client.texml.secrets({ name: 'crm_token', value: 'tok-123' });
    // The URL's {{From}} is not TeXML's business here: the service writes values in; this one is literal.
    app.on('/voice', lookupDocument().replace('{{From}}', '%2B13125550199'));
    app.on('/looked-up', '<Say>Found.</Say><Hangup/>');
    const transcript = await play('+13125550199');

    expect(crm.seen).toHaveLength(1);
    const request = crm.seen[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/callers/%2B13125550199');
    expect(request.headers.authorization).toBe('Bearer tok-123');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe('{"from":"caller"}');

    const action = app.to('/looked-up')[0]!;
    expect(action.method).toBe('POST');
    expect(action.params).toEqual({
      AccountSid: ACCOUNT,
      CallSid: transcript.callSid,
      CallSidLegacy: expect.stringMatching(/^v2:/),
      From: '+13125550199',
      To: '+13125550100',
      CallerId: '+13125550199',
      ConnectionId: expect.stringMatching(/^\d+$/),
      caller_name: 'Ada Lovelace',
      tier: 'vip',
      score: '7',
    });
    const detail = transcript.events.filter((e) => e.kind === 'verb' && e.verb === 'HttpRequest').map((e) => (e.kind === 'verb' ? e.detail : ''));
    expect(detail).toEqual([`sends POST ${crm.url}/callers/%2B13125550199: answered 200; maps caller_name, tier, score (1 of 4 not in the answer)`]);
    // The secret's value is never written down.
    expect(JSON.stringify(transcript)).not.toContain('tok-123');
  });

  it('when the answer is not the mapped status, then the action still comes, without mapped fields', async () => {
    app.on('/voice', lookupDocument().replace('{{From}}', '%2B13125550111'));
    app.on('/looked-up', '<Hangup/>');
    await play('+13125550111');
    const action = app.to('/looked-up')[0]!;
    expect(Object.keys(action.params).sort()).toEqual(['AccountSid', 'CallSid', 'CallSidLegacy', 'CallerId', 'ConnectionId', 'From', 'To']);
  });

  it('when async="true", then the request goes out and the call goes on without waiting or posting an action', async () => {
    app.on('/voice', `<HttpRequest async="true"><Request url="${crm.url}/notify" method="GET"/></HttpRequest><Say>Thanks.</Say><Hangup/>`);
    const transcript = await play('+13125550199');
    await crm.received(1);
    expect(crm.seen[0]).toMatchObject({ method: 'GET', url: '/notify' });
    expect(app.requests.map((r) => r.path)).toEqual(['/voice']);
    const kinds = transcript.events.filter((e) => e.kind === 'verb' || e.kind === 'heard').map((e) => (e.kind === 'verb' ? `${e.verb}: ${e.detail}` : 'heard'));
    expect(kinds[0]).toBe(`HttpRequest: sends GET ${crm.url}/notify and goes on (async)`);
    expect(kinds).toContain('heard');
  });

  it('when <HttpRequest> has no <Request url>, then the call ends with an error naming it', async () => {
    app.on('/voice', '<HttpRequest async="false"/>');
    const transcript = await play('+13125550199');
    const ended = transcript.events.find((e) => e.kind === 'ended');
    expect(ended).toMatchObject({ by: 'error', cause: 'invalid TeXML: <HttpRequest> needs a <Request url="...">' });
  });
});
