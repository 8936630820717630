import { join } from 'node:path';
import request from 'supertest';
import { convert } from 'xmlbuilder2';
import { actionPath, createTestApp, repoRoot, type TestApp } from '../support/test-app';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const corpus = [
  '</Say><Dial><Number>+19005550100</Number></Dial><Say>',
  '{{#secret}}api_token{{/secret}}',
  '{{#secret}}KEY{{/secret}}',
  '{{{x}}}',
  '{{x}}',
  '{ {x} }',
  '}}{{',
  ']]>',
  '<![CDATA[x]]>',
  '"\'&<>',
  '&amp;&#x26;',
  'x'.repeat(10 * 1024),
  '\u0000\u0007\u001b\uFFFE\uD800',
  '😀 unicode ✓',
];
const fields = ['From', 'To', 'CallerId', 'SpeechResult', 'Digits'];

/** The only `{{` allowed in output: the secret placeholder the flow itself wrote. */
function strayBraces(texml: string): string[] {
  return (texml.replace(/\{\{#secret\}\}api_token\{\{\/secret\}\}/g, '').match(/\{\{|\}\}/g) ?? []);
}

function parses(texml: string): boolean {
  try {
    convert(texml, { format: 'object' });
    return true;
  } catch {
    return false;
  }
}

describe('caller-controlled values', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes') });
  });

  it.each(corpus.flatMap((value) => fields.map((field) => [field, value] as const)))(
    'when %s carries a hostile value (%#), then the TeXML stays well-formed and no caller {{ reaches it',
    async (field, value) => {
      const params = { CallSid: 'v3:inj', From: '+13125550199', To: '+13125550111', CallerId: 'Alice', [field]: value };
      const first = await t.post('/voice', params).expect(200);
      expect(parses(first.text)).toBe(true);
      expect(strayBraces(first.text)).toEqual([]);
      // A hostile To matches no route, so the default flow answers instead.
      if (field !== 'To') expect(first.text).toContain('{{#secret}}api_token{{/secret}}');
      const next = await t.post(actionPath(first.text), { ...params, SpeechResult: value }).expect(200);
      expect(parses(next.text)).toBe(true);
      expect(strayBraces(next.text)).toEqual([]);
      expect(next.text).not.toContain('<Dial>');
    },
  );

  it('when a parameter is repeated (an array where a scalar is expected), then the first value is used', async () => {
    const res = await t.post('/voice', { CallSid: 'v3:arr', From: ['+13125550199', '{{x}}'], To: '+13125550111' }).expect(200);
    expect(res.text).toContain('From +13125550199 to');
    expect(parses(res.text)).toBe(true);
  });

  it('when the body is not valid UTF-8, then the answer is still well-formed TeXML', async () => {
    const body = 'CallSid=v3%3Abad&To=%2B13125550111&From=%FF%FE%C3%28&CallerId=%ED%A0%80';
    const res = await request(t.app).post('/voice').type('form').set(t.key.headers(body)).send(body).expect(200);
    expect(parses(res.text)).toBe(true);
    expect(strayBraces(res.text)).toEqual([]);
  });

  it('when values are echoed, then they are escaped once by the builder (no double escaping)', async () => {
    const res = await t.post('/voice', { CallSid: 'v3:esc', From: 'A&B <c>', To: '+13125550111', CallerId: 'x' }).expect(200);
    expect(res.text).toContain('From A&amp;B &lt;c&gt; to');
    expect(res.text).not.toContain('&amp;amp;');
  });
});
