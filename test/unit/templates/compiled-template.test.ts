import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { CompiledTemplate } from '../../../src/templates/compiled-template';
import { callFromParameters, inputFromParameters } from '../../../src/templates/call-context';
import { neutralise, UNTRUSTED_VALUE_MAX_LENGTH } from '../../../src/templates/neutralise';
import { TemplateReferenceError } from '../../../src/templates/template-reference-error';
import type { TemplateContext, TemplateScope } from '../../../src/templates/template-scope';
import { compileFlow, render, resume } from '../flows/flow-test-kit';

const scope: TemplateScope = { vars: new Set(['tier', 'items', 'vip']), env: new Set(['REGION']), secrets: new Set(['api_token']) };
const context: TemplateContext = {
  call: { from: '+13125550199', to: '+13125550100', from_formatted: '(312) 555-0199' },
  vars: { tier: 'gold', vip: true },
  input: { digits: '42' },
  env: { REGION: 'emea' },
};
const compile = (source: string) => new CompiledTemplate(source, scope);
const problemOf = (source: string): TemplateReferenceError => {
  try {
    compile(source);
  } catch (error) {
    if (error instanceof TemplateReferenceError) return error;
    throw error;
  }
  throw new Error(`'${source}' compiled`);
};

describe('template scopes', () => {
  it('when a template reads call, vars, input and env, then each renders from its scope', () => {
    expect(compile('{{call.from_formatted}} {{vars.tier}} {{input.digits}} {{env.REGION}}').render(context)).toBe('(312) 555-0199 gold 42 emea');
  });

  it('when a value is missing, then it renders empty', () => {
    expect(compile('[{{call.caller_id}}]').render(context)).toBe('[]');
  });

  it('when a template names a secret from the manifest, then it compiles to the Telnyx placeholder', () => {
    const template = compile('token={{secret.api_token}}');
    expect(template.render(context)).toBe('token={{#secret}}api_token{{/secret}}');
    expect(template.isStatic).toBe(true);
  });

  it('when a secret is not in the manifest, then loading fails with a hint', () => {
    const problem = problemOf('{{secret.api_tokn}}');
    expect(problem.message).toBe("secret 'api_tokn' is not declared in the secrets manifest");
    expect(problem.hint).toBe("did you mean 'api_token'? Otherwise add it under secrets: in routes/");
  });

  it('when env names a variable the flow did not declare, then loading fails', () => {
    expect(problemOf('{{env.HOME}}').message).toBe("unknown template reference '{{env.HOME}}'");
  });

  it.each([
    ['{{caller.id}}', "unknown template reference '{{caller.id}}': templates may read call.*, vars.*, input.*, env.*, secret.* and (in a queue's wait step) queue.*", "did you mean 'call.caller_id'?"],
    ['{{call.form}}', "unknown template reference '{{call.form}}'", "did you mean 'call.from'?"],
    ['{{vars.teir}}', "unknown template reference '{{vars.teir}}'", "did you mean 'vars.tier'?"],
    ['{{input}}', "unknown template reference '{{input}}': templates may read call.*, vars.*, input.*, env.*, secret.* and (in a queue's wait step) queue.*", undefined],
    ['{{call.from.x}}', "template reference '{{call.from.x}}' is nested too deeply: use call.from", undefined],
    ['{{> partial}}', 'partials ({{> partial}}) are not supported', 'inline the text instead'],
    ['{{=<% %>=}}', 'changing delimiters ({{= =}}) is not supported', undefined],
    ['{{.}}', "'{{.}}' is only meaningful inside a section", undefined],
    ['{{#secret.api_token}}x{{/secret.api_token}}', 'secret.api_token cannot open a section', undefined],
    ['{{#vars.tier}}', "section '{{#vars.tier}}' is never closed", 'end it with {{/vars.tier}}'],
    ['Hi {{call.from', "unclosed tag '{{call.from': a tag opened with {{ needs }}", 'close it with }}'],
    ['{{#vars.tier}}x{{/vars.teir}}', "'{{/vars.teir}}' closes another section than the open '{{#vars.tier}}'", 'close {{#vars.tier}} with {{/vars.tier}} first'],
    ['x{{/vars.tier}}', "'{{/vars.tier}}' closes a section that was never opened", 'open it first with {{#vars.tier}}'],
  ])('when a template says %s, then loading fails with a clear message', (source, message, hint) => {
    const problem = problemOf(source);
    expect(problem.message).toBe(message);
    expect(problem.hint).toBe(hint);
  });

  it('when a template has several bad references, then every one is reported', () => {
    const problem = problemOf('{{call.form}} {{vars.nope}} {{secret.nope}}');
    expect([problem, ...problem.more].map((p) => p.message)).toEqual([
      "unknown template reference '{{call.form}}'",
      "unknown template reference '{{vars.nope}}'",
      "secret 'nope' is not declared in the secrets manifest",
    ]);
  });

  it('when a template has bad tags, then each problem carries the offset of its tag', () => {
    const problem = problemOf('Hi {{call.form}} {{vars.nope}}');
    expect([problem, ...problem.more].map((p) => p.offset)).toEqual([3, 17]);
    expect(problemOf('Hi {{call.from}} and {{call.to').offset).toBe(21);
    expect(problemOf('Hi {{#vars.tier}} gold').offset).toBe(3);
  });

  it('when sections test a variable, then they render for truthy values and inverted sections for falsy ones', () => {
    const template = compile('{{#vars.vip}}VIP {{/vars.vip}}{{^vars.vip}}regular {{/vars.vip}}{{vars.tier}}');
    expect(template.render(context)).toBe('VIP gold');
    expect(template.render({ ...context, vars: { tier: 'basic', vip: false } })).toBe('regular basic');
    expect(template.render({ ...context, vars: { tier: 'basic', vip: 'false' } })).toBe('regular basic');
  });

  it('when a template has no tags, then it is static and renders its text', () => {
    const template = compile('Hello & <welcome>');
    expect(template.isStatic).toBe(true);
    expect(template.staticText).toBe('Hello & <welcome>');
  });

  it('when a brace is written right next to a tag, then loading fails (it could form {{ when the value is empty)', () => {
    expect(problemOf('{{vars.tier}}{').message).toBe('a brace right next to a template tag could form {{ or }} when the value is empty');
    expect(problemOf('}{{vars.tier}}').hint).toBe('put a space between the brace and the tag');
    expect(() => compile('{ {{vars.tier}} }')).not.toThrow();
  });
});

describe('neutralising request values', () => {
  it('when a value holds braces, then they become fullwidth braces that can never pair into a tag', () => {
    expect(neutralise('{{#secret}}api_token{{/secret}}')).toBe('\uFF5B\uFF5B#secret\uFF5D\uFF5Dapi_token\uFF5B\uFF5B/secret\uFF5D\uFF5D');
  });

  it('when a value is long, an array or not a string, then it is capped, its first item, or its text', () => {
    expect(neutralise('x'.repeat(5000))).toHaveLength(UNTRUSTED_VALUE_MAX_LENGTH);
    expect(neutralise(['a{', 'b'])).toBe('a\uFF5B');
    expect(neutralise(42)).toBe('42');
    expect(neutralise(undefined)).toBe('');
  });

  it('when Telnyx parameters become call.* and input.*, then every value is neutralised', () => {
    const call = callFromParameters({ From: '{{#secret}}x{{/secret}}', To: '+13125550100', CallerId: '}}{{', AnsweredBy: 'human' });
    expect(call).toEqual({
      from: '\uFF5B\uFF5B#secret\uFF5D\uFF5Dx\uFF5B\uFF5B/secret\uFF5D\uFF5D',
      to: '+13125550100',
      to_formatted: '(312) 555-0100',
      from_formatted: '\uFF5B\uFF5B#secret\uFF5D\uFF5Dx\uFF5B\uFF5B/secret\uFF5D\uFF5D',
      caller_id: '\uFF5D\uFF5D\uFF5B\uFF5B',
      answered_by: 'human',
    });
    expect(inputFromParameters({ SpeechResult: 'say {{secret.api_token}}', Digits: '1', DialCallStatus: 'busy' })).toEqual({
      speech: 'say \uFF5B\uFF5Bsecret.api_token\uFF5D\uFF5D',
      digits: '1',
      dial_status: 'busy',
    });
  });

  const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('{', '}', '{{', '}}', '#', '/', 'secret', ' ', '&', '<'), fc.string({ unit: 'binary', maxLength: 1, minLength: 1 })), maxLength: 30 });
  const count = (text: string, needle: string) => text.split(needle).length - 1;

  it('when any caller values fill any template that loads, then no {{ or }} appears that the template text did not have', () => {
    const tags = ['{{call.from}}', '{{call.caller_id}}', '{{input.speech}}', '{{vars.tier}}', '{{secret.api_token}}', '{{#vars.vip}}v{{/vars.vip}}'];
    const piece = fc.oneof(fc.constantFrom(...tags), fc.string({ unit: fc.constantFrom('a', ' ', '{', '}', '#', '.'), maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), anyText, anyText, anyText, (pieces, from, callerId, speech) => {
        let template: CompiledTemplate;
        try {
          template = compile(pieces.join(''));
        } catch {
          return; // a template that does not load never renders
        }
        const call = callFromParameters({ From: from, CallerId: callerId });
        const input = inputFromParameters({ SpeechResult: speech });
        const filled = template.render({ ...context, call, input, vars: { tier: '', vip: true } });
        const empty = template.render({ call: {}, input: {}, vars: { tier: '', vip: true }, env: {} });
        expect(count(filled, '{{')).toBe(count(empty, '{{'));
        expect(count(filled, '}}')).toBe(count(empty, '}}'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('templates in TeXML', () => {
  const textOf = (xml: string, element: string): string[] => {
    const texts: string[] = [];
    let current: string | undefined;
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      if (tag.name === element) current = '';
    });
    parser.on('text', (text) => {
      if (current !== undefined) current += text;
    });
    parser.on('closetag', (tag) => {
      if (tag.name === element && current !== undefined) texts.push(current);
      current = undefined;
    });
    parser.write(xml).close();
    return texts;
  };

  it('when values with XML characters are rendered, then they are escaped exactly once (parsing gives them back)', () => {
    const set = compileFlow('start: a\nsteps:\n  a:\n    - say: "Tom & Jerry <{{call.caller_id}}>"\n    - play: "https://x.example/a.mp3?a=1&b={{call.from}}"\n');
    const callerId = `<b>&amp; "quoted" 'single' &lt;`;
    const result = render(set, 'main', undefined, { params: { CallerId: callerId, From: 'a&b' } });
    expect(result.texml).toContain('<Say>Tom &amp; Jerry &lt;&lt;b&gt;&amp;amp; "quoted" \'single\' &amp;lt;&gt;</Say>');
    expect(textOf(result.texml, 'Say')).toEqual([`Tom & Jerry <${callerId}>`]);
    expect(textOf(result.texml, 'Play')).toEqual(['https://x.example/a.mp3?a=1&b=a&b']);
  });

  it('when a caller sends a secret placeholder as speech, then the document cannot reveal the secret', () => {
    const set = compileFlow('start: a\nsteps:\n  a:\n    - gather: { into: said, input: [speech], prompt: [{ say: Speak }], no_input: [], invalid: [], on_fail: a, then: b }\n  b:\n    - say: "You said {{vars.said}}"\n');
    const waiting = render(set, 'main').waitingAt!;
    const result = resume(set, waiting, { SpeechResult: '{{#secret}}api_token{{/secret}}' });
    expect(result.texml).not.toContain('{{');
    expect(result.texml).toContain('<Say>You said \uFF5B\uFF5B#secret\uFF5D\uFF5Dapi_token\uFF5B\uFF5B/secret\uFF5D\uFF5D</Say>');
  });
});
