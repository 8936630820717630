import {
  buildTexml,
  compileTexmlTemplate,
  concatTexmlTemplates,
  joinTexmlFragments,
  TexmlError,
  texmlSlot,
  type TexmlTemplateNode,
} from '../../../src/texml';
import { parseXml } from './xml-tree';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?><Response>';

const menu: TexmlTemplateNode[] = [
  { verb: 'Say', attributes: { voice: 'alice' }, text: texmlSlot('greeting') },
  {
    verb: 'Gather',
    attributes: { action: texmlSlot('action'), input: 'dtmf', timeout: 5 },
    children: [{ verb: 'Say', text: 'Press 1 & wait' }],
  },
  { verb: 'Redirect', text: texmlSlot('action') },
];

describe('compileTexmlTemplate', () => {
  it('when rendered, then static parts are precompiled and slots are filled in document order', () => {
    const template = compileTexmlTemplate(menu);
    expect(template.slotNames).toEqual(['greeting', 'action', 'action']);
    expect(template.render({ greeting: 'Hi', action: '/menu?s=1&t=2' })).toBe(
      `${HEAD}<Say voice="alice">Hi</Say><Gather action="/menu?s=1&amp;t=2" input="dtmf" timeout="5"><Say>Press 1 &amp; wait</Say></Gather><Redirect>/menu?s=1&amp;t=2</Redirect></Response>`,
    );
  });

  it('when slot values equal static values, then the render equals buildTexml of the same document', () => {
    const template = compileTexmlTemplate(menu);
    const values = { greeting: `Tom & "Jerry" <3 ]]>\r\n`, action: `/a?b="c"&d=\t<e>\n` };
    const fill = (nodes: TexmlTemplateNode[]): TexmlTemplateNode[] =>
      nodes.map((n) => ({
        ...n,
        ...(n.text !== undefined ? { text: typeof n.text === 'string' ? n.text : values[n.text.name as keyof typeof values] } : {}),
        ...(n.attributes
          ? { attributes: Object.fromEntries(Object.entries(n.attributes).map(([k, v]) => [k, typeof v === 'object' ? values[v.name as keyof typeof values] : v])) }
          : {}),
        ...(n.children ? { children: fill([...n.children]) } : {}),
      }));
    expect(template.render(values)).toBe(buildTexml(fill(menu) as Parameters<typeof buildTexml>[0]));
  });

  it('when a slot value holds characters XML cannot carry, then they become U+FFFD instead of failing the call', () => {
    const xml = compileTexmlTemplate(menu).render({ greeting: 'a\u0000b\uD800c\uFFFF', action: '/x\u0007' });
    const tree = parseXml(xml).root;
    expect(tree.children[0]?.text).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(tree.children[1]?.attributes.action).toBe('/x\uFFFD');
  });

  it('when a slot fills a CDATA element, then "]]>" cannot close the section', () => {
    const template = compileTexmlTemplate([
      { verb: 'HttpRequest', children: [{ verb: 'Request', attributes: { url: texmlSlot('url') }, children: [{ verb: 'Body', text: texmlSlot('body') }] }] },
    ]);
    const body = '{"said":"]]><Hangup/>"}';
    const tree = parseXml(template.render({ url: 'https://api/?a=1&b=2', body })).root;
    expect(tree.children[0]?.children[0]?.children[0]?.text).toBe(body);
    expect(tree.children[0]?.children[0]?.attributes.url).toBe('https://api/?a=1&b=2');
  });

  it('when a template has no slots, then render returns the precompiled document', () => {
    expect(compileTexmlTemplate([{ verb: 'Hangup' }]).render({})).toBe(`${HEAD}<Hangup/></Response>`);
  });

  it('when a slot has no value, then render fails naming the slot', () => {
    expect(() => compileTexmlTemplate(menu).render({ greeting: 'x' })).toThrow(new TexmlError(`Template slot: no value for 'action'`, { verb: 'Response' }));
  });

  it('when a slot is put in an enumerated or numeric attribute, then compiling fails (render could not check it)', () => {
    expect(() => compileTexmlTemplate([{ verb: 'Gather', attributes: { timeout: texmlSlot('t') } }])).toThrow(
      `Gather: attribute 'timeout' cannot be a template slot: it must be an integer from 1 to 120`,
    );
    expect(() => compileTexmlTemplate([{ verb: 'Say', attributes: { voice: texmlSlot('v') }, text: 'x' }])).toThrow(/^Say: attribute 'voice' cannot be a template slot/);
  });

  it('when the structure is invalid, then compiling fails once, up front', () => {
    expect(() => compileTexmlTemplate([{ verb: 'Gather', children: [{ verb: 'Dial', children: [{ verb: 'Number', text: texmlSlot('n') }] }] }])).toThrow(
      'Dial: not allowed inside Gather (Gather accepts Say, Play)',
    );
    expect(() => compileTexmlTemplate([{ verb: 'Pause', text: texmlSlot('x') }])).toThrow('Pause: text is not allowed');
  });

  it('when templates are concatenated, then one template renders all their verbs with all their slots', () => {
    const greet = compileTexmlTemplate([{ verb: 'Say', text: texmlSlot('name') }]);
    const bye = compileTexmlTemplate([{ verb: 'Say', text: 'Bye' }, { verb: 'Hangup' }]);
    const both = concatTexmlTemplates([greet, bye, greet]);
    expect(both.slotNames).toEqual(['name', 'name']);
    expect(both.verbCount).toBe(4);
    expect(both.render({ name: 'Ann' })).toBe(`${HEAD}<Say>Ann</Say><Say>Bye</Say><Hangup/><Say>Ann</Say></Response>`);
  });

  it('when a Reject template is concatenated after verbs, then it stays where it stands (Telnyx runs it there)', () => {
    const reject = compileTexmlTemplate([{ verb: 'Reject', attributes: { reason: 'busy' } }]);
    const say = compileTexmlTemplate([{ verb: 'Say', text: 'x' }]);
    expect(concatTexmlTemplates([say, reject]).render({})).toBe(`${HEAD}<Say>x</Say><Reject reason="busy"/></Response>`);
  });

  it('when steps render fragments, then joinTexmlFragments makes one document', () => {
    const step = compileTexmlTemplate([{ verb: 'Say', text: texmlSlot('t') }]);
    const xml = joinTexmlFragments([step.renderFragment({ t: 'one' }), step.renderFragment({ t: 'two <2>' })]);
    expect(xml).toBe(`${HEAD}<Say>one</Say><Say>two &lt;2&gt;</Say></Response>`);
  });
});
