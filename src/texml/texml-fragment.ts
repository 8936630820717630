import { TexmlError } from './texml-error';
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
  readonly startsWithReject: boolean;

  constructor(token: typeof FRAGMENT_TOKEN, xml: string, verbCount: number, startsWithReject: boolean) {
    if (token !== FRAGMENT_TOKEN) throw new TypeError('TexmlFragment is created by the TeXML builder only');
    this.xml = xml;
    this.verbCount = verbCount;
    this.startsWithReject = startsWithReject;
  }

  toString(): string {
    return this.xml;
  }
}

/** Checks that a Reject is still the first verb once runs of verbs are put one after another. */
export function checkRejectFirst(runs: readonly { verbCount: number; startsWithReject: boolean }[]): void {
  let before = 0;
  for (const run of runs) {
    if (run.startsWithReject && before > 0) {
      throw new TexmlError(`Reject: must be the first verb of the document (it is verb ${before + 1})`, {
        verb: 'Reject',
        path: 'Response',
      });
    }
    before += run.verbCount;
  }
}

/** One TeXML document from fragments, in order (e.g. the steps of a flow inlined into one answer). */
export function joinTexmlFragments(fragments: readonly TexmlFragment[]): string {
  checkRejectFirst(fragments);
  let body = '';
  for (const f of fragments) body += f.xml;
  return TEXML_DOCUMENT_HEAD + body + TEXML_DOCUMENT_TAIL;
}
