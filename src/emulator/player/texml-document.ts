import { create } from 'xmlbuilder2';
import { TexmlDocumentError } from './texml-document-error';

/** One element of a TeXML document, as the call player reads it. */
export interface TexmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  /** Text and CDATA content, trimmed. */
  text: string;
  children: readonly TexmlElement[];
}

/** The little of xmlbuilder2's DOM node this reader uses (the project compiles without the DOM lib). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;

/**
 * Parses a TeXML answer. xmlbuilder2 builds the tree, but its reader forgives mismatched and
 * unclosed tags, so a strict well-formedness pass runs first and reports line and column.
 */
export function parseTexmlDocument(xml: string): TexmlElement {
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new TexmlDocumentError('the answer is empty, not a TeXML document');
  checkWellFormed(text);
  let root: DomNode;
  try {
    root = create(text).root().node as unknown as DomNode;
  } catch (error) {
    throw new TexmlDocumentError(`not XML: ${(error as Error).message}`);
  }
  const element = toElement(root);
  if (element.name !== 'Response') throw new TexmlDocumentError(`the root element is <${element.name}>, not <Response>`);
  return element;
}

function toElement(node: DomNode): TexmlElement {
  const attributes: Record<string, string> = {};
  for (const attribute of Array.from(node.attributes ?? [])) attributes[attribute.name] = attribute.value;
  const children: TexmlElement[] = [];
  let text = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 1) children.push(toElement(child));
    else if (child.nodeType === 3 || child.nodeType === 4) text += child.nodeValue ?? '';
  }
  return { name: node.nodeName, attributes, text: text.trim(), children };
}

/** Throws at the first place the text is not well-formed XML with one root element. */
function checkWellFormed(xml: string): void {
  let i = 0;
  const stack: string[] = [];
  let roots = 0;
  const fail = (message: string, at = i): never => {
    const before = xml.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new TexmlDocumentError(message, line, column);
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const match = NAME.exec(xml);
    if (!match) fail('expected an element or attribute name');
    i += match![0].length;
    return match![0];
  };
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  const checkEntities = (from: number, to: number) => {
    for (let j = from; j < to; j++) {
      if (xml[j] !== '&') continue;
      ENTITY.lastIndex = j;
      if (!ENTITY.exec(xml) || ENTITY.lastIndex > to) fail("a bare '&' (write &amp;)", j);
    }
  };

  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('the XML declaration is not closed');
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (stack.length === 0 && xml.slice(i, textEnd).trim() !== '') fail('text outside the root element', i + xml.slice(i, textEnd).search(/\S/));
    checkEntities(i, textEnd);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) fail('a comment is not closed');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const end = xml.indexOf(']]>', i);
      if (end < 0) fail('a CDATA section is not closed');
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) fail('a processing instruction is not closed');
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      fail('DOCTYPE and other declarations are not allowed in TeXML');
    } else if (xml.startsWith('</', i)) {
      const at = i;
      i += 2;
      const name = readName();
      skipSpace();
      if (xml[i] !== '>') fail(`expected '>' to close </${name}`);
      i += 1;
      const open = stack.pop();
      if (open === undefined) fail(`</${name}> closes nothing`, at);
      if (open !== name) fail(`</${name}> closes <${open}>`, at);
    } else {
      const at = i;
      i += 1;
      const name = readName();
      if (stack.length === 0) {
        roots += 1;
        if (roots > 1) fail(`a second root element <${name}>`, at);
      }
      const seen = new Set<string>();
      for (;;) {
        const hadSpace = /\s/.test(xml[i] ?? '');
        skipSpace();
        if (i >= xml.length) fail(`<${name}> is not closed`, at);
        if (xml.startsWith('/>', i)) {
          i += 2;
          break;
        }
        if (xml[i] === '>') {
          i += 1;
          stack.push(name);
          break;
        }
        if (!hadSpace) fail(`expected a space, '>' or '/>' in <${name}>`);
        const attribute = readName();
        if (seen.has(attribute)) fail(`<${name}> has the attribute ${attribute} twice`);
        seen.add(attribute);
        skipSpace();
        if (xml[i] !== '=') fail(`attribute ${attribute} of <${name}> has no value`);
        i += 1;
        skipSpace();
        const quote = xml[i];
        if (quote !== '"' && quote !== "'") fail(`the value of ${attribute} must be quoted`);
        const end = xml.indexOf(quote!, i + 1);
        if (end < 0) fail(`the value of ${attribute} is not closed`);
        const lessThan = xml.indexOf('<', i + 1);
        if (lessThan >= 0 && lessThan < end) fail(`'<' inside the value of ${attribute}`, lessThan);
        checkEntities(i + 1, end);
        i = end + 1;
      }
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]}> is never closed`, xml.length);
  if (roots === 0) fail('no root element');
}
