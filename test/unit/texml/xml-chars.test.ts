import {
  escapeXmlAttribute,
  escapeXmlText,
  findInvalidXmlChar,
  sanitizeXmlText,
  wrapXmlCdata,
} from '../../../src/texml/xml-chars';
import { sanitizeXmlText as exported } from '../../../src/texml';

describe('xml-chars', () => {
  it('when text holds markup characters, then &, < and > are escaped and quotes are left alone', () => {
    expect(escapeXmlText(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
  });

  it('when text holds "]]>", then it cannot end a CDATA section or break the document', () => {
    expect(escapeXmlText(']]>')).toBe(']]&gt;');
  });

  it('when text holds a carriage return, then it is written as a reference so it survives line-end normalisation', () => {
    expect(escapeXmlText('a\r\nb')).toBe('a&#13;\nb');
  });

  it('when an attribute holds quotes, tabs or line breaks, then they are written as references', () => {
    expect(escapeXmlAttribute(`"x" & <y>\t\n\r'`)).toBe(`&quot;x&quot; &amp; &lt;y&gt;&#9;&#10;&#13;'`);
  });

  it('when nothing needs escaping, then the same string comes back', () => {
    const s = 'plain text, émoji 😀';
    expect(escapeXmlText(s)).toBe(s);
    expect(escapeXmlAttribute(s)).toBe(s);
  });

  it('when CDATA content holds "]]>" or a carriage return, then the section is split around them', () => {
    expect(wrapXmlCdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    expect(wrapXmlCdata('a\rb')).toBe('<![CDATA[a]]>&#13;<![CDATA[b]]>');
  });

  it.each([
    ['\u0000', 'U+0000'],
    ['\u0008', 'U+0008'],
    ['\u000B', 'U+000B'],
    ['\u001F', 'U+001F'],
    ['\uD800', 'U+D800'],
    ['\uDC00', 'U+DC00'],
    ['\uFFFE', 'U+FFFE'],
    ['\uFFFF', 'U+FFFF'],
  ])('when a string holds %j, then it is found as %s', (char, codePoint) => {
    expect(findInvalidXmlChar(`ab${char}c`)).toEqual({ index: 2, codePoint });
  });

  it('when a string holds only characters XML carries (tab, LF, CR, pairs, BMP, astral), then nothing is found', () => {
    expect(findInvalidXmlChar('\t\n\r x \uD83D\uDE00 \uE000 \uFFFD \u{10FFFF}')).toBeUndefined();
  });

  it('when sanitising, then each character XML cannot carry becomes U+FFFD and valid pairs stay', () => {
    expect(sanitizeXmlText('a\u0000b\uD800c\uD83D\uDE00d\uFFFF')).toBe('a\uFFFDb\uFFFDc\uD83D\uDE00d\uFFFD');
    expect(exported).toBe(sanitizeXmlText);
  });
});
