import { TexmlError } from './texml-error';
import { FRAGMENT_TOKEN, TexmlFragment } from './texml-fragment';
import { shapeChunks, TEXML_DOCUMENT_HEAD, TEXML_DOCUMENT_TAIL } from './texml-serializer';
import { type SlotEncoding, type SlotRef, type TexmlTemplateNode, walkTexml } from './texml-walker';
import { escapeXmlAttribute, escapeXmlText, sanitizeXmlText, wrapXmlCdata } from './xml-chars';

/** Slot values come from callers: characters XML cannot carry become U+FFFD instead of failing the call. */
function encode(encoding: SlotEncoding, value: string): string {
  const clean = sanitizeXmlText(value);
  if (encoding === 'attribute') return escapeXmlAttribute(clean);
  return encoding === 'cdata' ? wrapXmlCdata(clean) : escapeXmlText(clean);
}

/**
 * A TeXML document (or run of verbs) validated and serialised once, with slots filled at render
 * time. Rendering is string joins only: `statics[0] + slot0 + statics[1] + ...`.
 */
export class TexmlTemplate {
  /** Slot names in document order (a name may repeat). */
  readonly slotNames: readonly string[];
  readonly verbCount: number;
  private readonly statics: readonly string[];
  private readonly slots: readonly SlotRef[];

  /** Internal: use compileTexmlTemplate or concatTexmlTemplates. */
  constructor(
    token: typeof FRAGMENT_TOKEN,
    statics: readonly string[],
    slots: readonly SlotRef[],
    verbCount: number,
  ) {
    if (token !== FRAGMENT_TOKEN) throw new TypeError('TexmlTemplate is created by compileTexmlTemplate only');
    this.statics = statics;
    this.slots = slots;
    this.slotNames = slots.map((s) => s.name);
    this.verbCount = verbCount;
  }

  /** The names of the top-level verbs, in order (the graph's one-line summary of a step). */
  topLevelVerbs(): string[] {
    const verbs: string[] = [];
    let depth = 0;
    // The static chunks hold every tag whole (values are escaped, so no '>' inside one).
    for (const tag of this.statics.join('').matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
      if (tag[1]) {
        depth--;
        continue;
      }
      if (depth === 0) verbs.push(tag[2]!);
      if (!tag[3]) depth++;
    }
    return verbs;
  }

  /** The full document. Throws TexmlError only when a slot has no value (a compiler bug, not caller input). */
  render(values: Readonly<Record<string, string>>): string {
    return TEXML_DOCUMENT_HEAD + this.body(values) + TEXML_DOCUMENT_TAIL;
  }

  /** The verbs only, to join with other fragments into one document. */
  renderFragment(values: Readonly<Record<string, string>>): TexmlFragment {
    return new TexmlFragment(FRAGMENT_TOKEN, this.body(values), this.verbCount);
  }

  private body(values: Readonly<Record<string, string>>): string {
    const { statics, slots } = this;
    let out = statics[0]!;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const value = values[slot.name];
      if (typeof value !== 'string') {
        throw new TexmlError(`Template slot: no value for '${slot.name}'`, { verb: 'Response', allowed: this.slotNames });
      }
      out += encode(slot.encoding, value) + statics[i + 1]!;
    }
    return out;
  }

  /** One template from several, in order (e.g. steps inlined into one document). */
  static concat(templates: readonly TexmlTemplate[]): TexmlTemplate {
    const statics: string[] = [''];
    const slots: SlotRef[] = [];
    for (const template of templates) {
      statics[statics.length - 1] += template.statics[0]!;
      statics.push(...template.statics.slice(1));
      slots.push(...template.slots);
    }
    const verbCount = templates.reduce((n, t) => n + t.verbCount, 0);
    return new TexmlTemplate(FRAGMENT_TOKEN, statics, slots, verbCount);
  }
}

/**
 * Validates verbs once (structure and every static value) and serialises them once. Text and
 * free-text attributes may be `texmlSlot(name)`; enumerated and numeric attributes may not, so a
 * render can never produce an invalid value.
 */
export function compileTexmlTemplate(nodes: readonly TexmlTemplateNode[]): TexmlTemplate {
  const walk = walkTexml(nodes, true);
  const chunks = shapeChunks(walk.key, nodes);
  const statics: string[] = [chunks[0]!];
  const slots: SlotRef[] = [];
  walk.parts.forEach((part, i) => {
    if (typeof part === 'string') statics[statics.length - 1] += part + chunks[i + 1]!;
    else {
      slots.push(part);
      statics.push(chunks[i + 1]!);
    }
  });
  return new TexmlTemplate(FRAGMENT_TOKEN, statics, slots, walk.verbCount);
}

/** One template from several, in order (e.g. steps inlined into one document). */
export function concatTexmlTemplates(templates: readonly TexmlTemplate[]): TexmlTemplate {
  return TexmlTemplate.concat(templates);
}
