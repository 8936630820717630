import { TEXML_DOCUMENT_HEAD, TEXML_DOCUMENT_TAIL } from './texml-serializer';

/** Only src/texml creates fragments, so a fragment's XML is always builder output. */
export const FRAGMENT_TOKEN: unique symbol = Symbol('TexmlFragment');

/**
 * A validated, serialised run of verbs (no declaration, no Response), e.g. one flow step.
 * Several fragments become one document with joinTexmlFragments.
 */
export class TexmlFragment {
  readonly xml: string;
  readonly verbCount: number;

  constructor(token: typeof FRAGMENT_TOKEN, xml: string, verbCount: number) {
    if (token !== FRAGMENT_TOKEN) throw new TypeError('TexmlFragment is created by the TeXML builder only');
    this.xml = xml;
    this.verbCount = verbCount;
  }

  toString(): string {
    return this.xml;
  }
}

/** One TeXML document from fragments, in order (e.g. the steps of a flow inlined into one answer). */
export function joinTexmlFragments(fragments: readonly TexmlFragment[]): string {
  let body = '';
  for (const f of fragments) body += f.xml;
  return TEXML_DOCUMENT_HEAD + body + TEXML_DOCUMENT_TAIL;
}
