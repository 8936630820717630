import { SaxesParser } from 'saxes';

/** An element as a strict XML 1.0 parser sees it: text and CDATA merged, attributes sorted. */
export interface XmlTree {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlTree[];
}

export interface ParsedXml {
  declaration: { version: string | undefined; encoding: string | undefined } | undefined;
  root: XmlTree;
}

/**
 * Parses with saxes, a conformant non-validating parser: it rejects anything not well-formed
 * (bad characters, stray `<`/`&`, `]]>` in text, mismatched tags) and applies XML's line-end and
 * attribute-value normalisation, so a value that parses back unchanged was escaped correctly.
 */
export function parseXml(xml: string): ParsedXml {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlTree[] = [];
  let root: XmlTree | undefined;
  let declaration: ParsedXml['declaration'];
  parser.on('xmldecl', (d) => {
    declaration = { version: d.version, encoding: d.encoding };
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const name of Object.keys(tag.attributes).sort()) attributes[name] = String(tag.attributes[name]);
    const node: XmlTree = { name: tag.name, attributes, text: '', children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (text: string): void => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
    else if (text.trim() !== '') throw new Error('text outside the root element');
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(xml).close();
  if (root === undefined) throw new Error('no root element');
  return { declaration, root };
}

/** Whether a string holds a character outside XML 1.0's Char production (an independent check). */
export function hasCharXmlCannotCarry(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
    if (c === 0xfffe || c === 0xffff) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** The same string with every such character replaced by U+FFFD (independent of the code under test). */
export function replaceCharsXmlCannotCarry(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i]! + value[i + 1]!;
        i++;
      } else out += '\uFFFD';
      continue;
    }
    out += hasCharXmlCannotCarry(value[i]!) ? '\uFFFD' : value[i]!;
  }
  return out;
}
