import type { TexmlNode } from './texml-node';
import { FRAGMENT_TOKEN, TexmlFragment } from './texml-fragment';
import { shapeChunks, TEXML_DOCUMENT_HEAD, TEXML_DOCUMENT_TAIL } from './texml-serializer';
import { walkTexml, type WalkResult } from './texml-walker';

function body(nodes: readonly TexmlNode[], useCache: boolean): { xml: string; walk: WalkResult } {
  const walk = walkTexml(nodes, false);
  const chunks = shapeChunks(walk.key, nodes, useCache);
  // Without slots allowed, the walker yields escaped strings only.
  const parts = walk.parts as readonly string[];
  let xml = chunks[0] ?? '';
  for (let i = 0; i < parts.length; i++) xml += parts[i]! + chunks[i + 1]!;
  return { xml, walk };
}

/**
 * The data layer: validates the verbs against the rules registry and returns the TeXML document.
 * Throws TexmlError on the first problem (unknown verb or attribute, bad value, illegal nesting,
 * a character XML 1.0 cannot carry).
 */
export function buildTexml(nodes: readonly TexmlNode[]): string {
  return TEXML_DOCUMENT_HEAD + body(nodes, true).xml + TEXML_DOCUMENT_TAIL;
}

/** Like buildTexml, but returns the verbs as a fragment to join with others into one document. */
export function buildTexmlFragment(nodes: readonly TexmlNode[]): TexmlFragment {
  const { xml, walk } = body(nodes, true);
  return new TexmlFragment(FRAGMENT_TOKEN, xml, walk.verbCount);
}

/** buildTexml with xmlbuilder2 run on every call; for the benchmark's cold-path figure only. */
export function buildTexmlUncached(nodes: readonly TexmlNode[]): string {
  return TEXML_DOCUMENT_HEAD + body(nodes, false).xml + TEXML_DOCUMENT_TAIL;
}
