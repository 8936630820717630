import fc from 'fast-check';
import { buildTexml, compileTexmlTemplate, TexmlError, texmlSlot, type TexmlNode } from '../../../src/texml';
import { hasCharXmlCannotCarry, parseXml, replaceCharsXmlCannotCarry, type XmlTree } from './xml-tree';

const code = (c: number): string => String.fromCharCode(c);

/** Characters that stress escaping, plus any code point, lone surrogates and the other forbidden units. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '&amp;', '&#0;', '<![CDATA[', '\r', '\n', '\t', '\r\n', '{{', ' ') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map(code) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map(code) },
  { weight: 1, arbitrary: fc.constantFrom('\uFFFE', '\uFFFF', '\uD83D\uDE00', '\u{10FFFF}', '\u0085', '\u2028') },
);
const anyString = fc.string({ unit, maxLength: 40 });
const RUNS = { numRuns: 400 };

/** Puts the same string in element text, in an attribute and in a CDATA body. */
function documentWith(value: string): TexmlNode[] {
  return [
    { verb: 'Gather', attributes: { action: value }, children: [{ verb: 'Say', text: `<${value}>` }] },
    {
      verb: 'HttpRequest',
      children: [
        {
          verb: 'Request',
          attributes: { url: 'https://api' },
          children: [
            { verb: 'Headers', children: [{ verb: 'Header', children: [{ verb: 'Key', text: 'X' }, { verb: 'Value', text: value }] }] },
            { verb: 'Body', text: `[${value}]` },
          ],
        },
      ],
    },
    { verb: 'Start', children: [{ verb: 'Stream', children: [{ verb: 'Parameter', attributes: { name: value, value } }] }] },
  ];
}

function valuesIn(root: XmlTree): string[] {
  const [gather, http, start] = root.children;
  const request = http?.children[0];
  return [
    gather?.attributes.action ?? '',
    gather?.children[0]?.text.slice(1, -1) ?? '',
    request?.children[0]?.children[0]?.children[1]?.text ?? '',
    request?.children[1]?.text.slice(1, -1) ?? '',
    start?.children[0]?.children[0]?.attributes.name ?? '',
    start?.children[0]?.children[0]?.attributes.value ?? '',
  ];
}

describe('TeXML properties', () => {
  it('when any string is put in text, attributes and CDATA, then the XML is well-formed and parses back to it, or a TexmlError names the problem', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        if (hasCharXmlCannotCarry(value)) {
          expect(() => buildTexml(documentWith(value))).toThrow(TexmlError);
          return;
        }
        const xml = buildTexml(documentWith(value));
        expect(valuesIn(parseXml(xml).root)).toEqual(Array(6).fill(value));
      }),
      RUNS,
    );
  });

  it('when a string XML cannot carry is rejected, then the error names the verb and, for attributes, the attribute', () => {
    fc.assert(
      fc.property(anyString.filter(hasCharXmlCannotCarry), (value) => {
        let error: unknown;
        try {
          buildTexml([{ verb: 'Gather', attributes: { action: value } }]);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(TexmlError);
        expect(error).toMatchObject({ verb: 'Gather', attribute: 'action' });
        expect((error as TexmlError).message).toMatch(/^Gather: attribute 'action' contains U\+[0-9A-F]{4} at index \d+, which XML 1\.0 cannot carry$/);
      }),
      RUNS,
    );
  });

  const template = compileTexmlTemplate([
    { verb: 'Gather', attributes: { action: texmlSlot('v') }, children: [{ verb: 'Say', text: texmlSlot('v') }] },
    { verb: 'HttpRequest', children: [{ verb: 'Request', attributes: { url: texmlSlot('v') }, children: [{ verb: 'Body', text: texmlSlot('v') }] }] },
  ]);

  it('when a template slot gets any string, then the render is always well-formed and holds the sanitised string everywhere', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const root = parseXml(template.render({ v: value })).root;
        const expected = replaceCharsXmlCannotCarry(value);
        const request = root.children[1]?.children[0];
        expect([root.children[0]?.attributes.action, root.children[0]?.children[0]?.text, request?.attributes.url, request?.children[0]?.text]).toEqual(
          Array(4).fill(expected),
        );
      }),
      RUNS,
    );
  });

  it('when a template slot gets a string XML can carry, then the render equals buildTexml with that string', () => {
    fc.assert(
      fc.property(anyString.filter((s) => !hasCharXmlCannotCarry(s) && s !== ''), (value) => {
        expect(template.render({ v: value })).toBe(
          buildTexml([
            { verb: 'Gather', attributes: { action: value }, children: [{ verb: 'Say', text: value }] },
            { verb: 'HttpRequest', children: [{ verb: 'Request', attributes: { url: value }, children: [{ verb: 'Body', text: value }] }] },
          ]),
        );
      }),
      RUNS,
    );
  });
});
