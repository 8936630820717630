import { create, fragment } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { TexmlTemplateNode } from './texml-walker';
import { writesText } from './texml-walker';

/**
 * xmlbuilder2 serialises every document's markup. It runs once per document *shape* (element
 * names, attribute names, text presence, nesting) with a marker in place of every value; the
 * output is split at the markers into static chunks and cached by shape. A build then joins the
 * chunks with the values the walker escaped (xml-chars.ts), so the steady state is string joins:
 * xmlbuilder2's DOM costs ~4x twilio's builder per document, far from the target otherwise.
 */

// Private-use characters: legal XML, left alone by xmlbuilder2, and absent from the skeleton
// because the skeleton carries no caller data at all.
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARK_SPLIT = /\uE000(\d+)\uE001/;
const mark = (index: number): string => `${MARK_OPEN}${index}${MARK_CLOSE}`;

function split(xml: string, expected: number): string[] {
  const pieces = xml.split(MARK_SPLIT);
  const chunks: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) chunks.push(pieces[i] ?? '');
    else if (Number(pieces[i]) !== (i - 1) / 2) throw new Error('texml serializer: markers out of order');
  }
  if (chunks.length !== expected + 1) throw new Error('texml serializer: marker count mismatch');
  return chunks;
}

const [DOC_HEAD, DOC_TAIL] = split(
  create({ version: '1.0', encoding: 'UTF-8' }).ele('Response').txt(mark(0)).end({ wellFormed: true }),
  1,
) as [string, string];

/** `<?xml version="1.0" encoding="UTF-8"?><Response>` */
export const TEXML_DOCUMENT_HEAD: string = DOC_HEAD;
/** `</Response>` */
export const TEXML_DOCUMENT_TAIL: string = DOC_TAIL;

function skeleton(nodes: readonly TexmlTemplateNode[]): { xml: string; markers: number } {
  const root = fragment();
  let markers = 0;
  const add = (parent: XMLBuilder, node: TexmlTemplateNode): void => {
    const element = parent.ele(node.verb);
    const attributes = node.attributes ?? {};
    for (const name of Object.keys(attributes)) {
      if (attributes[name] !== undefined) element.att(name, mark(markers++));
    }
    if (writesText(node.verb, node.text)) element.txt(mark(markers++));
    for (const child of node.children ?? []) add(element, child);
  };
  for (const node of nodes) add(root, node);
  return { xml: root.end({ wellFormed: true }), markers };
}

// Flows have a bounded number of shapes; the cap only guards against a caller generating
// unbounded shapes. Dropping everything is crude but keeps the steady state allocation-free.
const MAX_SHAPES = 5000;
const shapes = new Map<string, readonly string[]>();

/**
 * The static chunks of a document body (no declaration, no Response) for an already validated
 * document whose walk produced `key`: `chunks[0] + value0 + chunks[1] + ... + chunks[n]`.
 */
export function shapeChunks(key: string, nodes: readonly TexmlTemplateNode[], useCache = true): readonly string[] {
  const cached = useCache ? shapes.get(key) : undefined;
  if (cached !== undefined) return cached;
  const { xml, markers } = skeleton(nodes);
  const chunks = split(xml, markers);
  if (useCache) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, chunks);
  }
  return chunks;
}
