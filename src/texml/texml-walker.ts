import type { AttributeRule } from './texml-attribute';
import { TexmlError } from './texml-error';
import type { ElementName, TexmlAttributeValue } from './texml-node';
import { type Cardinality, type ElementRule, TEXML_RULES } from './texml-rules';
import { TexmlSlot } from './texml-slot';
import { escapeXmlAttribute, escapeXmlText, findInvalidXmlChar, wrapXmlCdata } from './xml-chars';

/** A TexmlNode whose text and free-text attributes may be template slots. */
export interface TexmlTemplateNode {
  verb: ElementName;
  attributes?: Readonly<Record<string, TexmlAttributeValue | TexmlSlot>>;
  text?: string | TexmlSlot;
  children?: readonly TexmlTemplateNode[];
}

export type SlotEncoding = 'text' | 'attribute' | 'cdata';

export interface SlotRef {
  readonly name: string;
  readonly encoding: SlotEncoding;
}

/** A value already escaped for its position, or a slot to fill at render time. */
export type Part = string | SlotRef;

export interface WalkResult {
  /** The document's shape (names, attribute names, text presence, nesting), values left out. */
  readonly key: string;
  /** Values in document order: attributes of an element, then its text, then its children. */
  readonly parts: Part[];
  readonly verbCount: number;
}

interface CompiledRule {
  readonly name: ElementName;
  readonly rule: ElementRule;
  readonly attributes: ReadonlyMap<string, AttributeRule>;
  readonly attributeNames: readonly string[];
  readonly requiredAttributes: readonly string[];
  readonly children: ReadonlyMap<string, Cardinality>;
  readonly childNames: readonly string[];
  readonly parents: readonly string[];
}

const RULES: ReadonlyMap<string, CompiledRule> = compileRules();
const VERBS: readonly string[] = [...RULES.values()].filter((r) => r.rule.inResponse).map((r) => r.name);
const NONE: ReadonlySet<string> = new Set();

function compileRules(): Map<string, CompiledRule> {
  const entries = Object.entries(TEXML_RULES) as [ElementName, ElementRule][];
  const map = new Map<string, CompiledRule>();
  for (const [name, rule] of entries) {
    const attributes = new Map(Object.entries(rule.attributes));
    map.set(name, {
      name,
      rule,
      attributes,
      attributeNames: [...attributes.keys()],
      requiredAttributes: [...attributes].filter(([, a]) => a.required).map(([n]) => n),
      children: new Map(Object.entries(rule.children) as [string, Cardinality][]),
      childNames: Object.keys(rule.children),
      parents: entries.filter(([, r]) => Object.hasOwn(r.children, name)).map(([n]) => n),
    });
  }
  return map;
}

/** Whether the element's text becomes part of the output (the serializer must agree with the walker). */
export function writesText(verb: ElementName, text: unknown): boolean {
  return text !== undefined && TEXML_RULES[verb].text !== 'forbidden';
}

function show(value: unknown): string {
  if (typeof value === 'string') {
    const s = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `'${JSON.stringify(s).slice(1, -1)}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof TexmlSlot) return `slot '${value.name}'`;
  return value === null ? 'null' : typeof value;
}

class Walk {
  key = '';
  readonly parts: Part[] = [];
  private readonly path: string[] = ['Response'];

  constructor(private readonly allowSlots: boolean) {}

  fail(verb: string, message: string, extra: { attribute?: string; allowed?: readonly string[] } = {}): never {
    throw new TexmlError(`${verb}: ${message}`, { verb, ...extra, path: this.path.join(' > ') });
  }

  element(node: unknown, parent: CompiledRule | undefined, index: number): string {
    if (typeof node !== 'object' || node === null) {
      this.fail(parent?.name ?? 'Response', `expected an element (got ${show(node)})`);
    }
    const n = node as TexmlTemplateNode;
    const name: unknown = n.verb;
    this.path.push(`${String(name)}[${index}]`);
    const compiled = typeof name === 'string' ? RULES.get(name) : undefined;
    if (compiled === undefined) {
      this.fail(String(name), 'unknown verb or noun', { allowed: parent?.childNames ?? VERBS });
    }
    const rule = compiled.rule;
    this.placement(compiled, parent);
    this.key += compiled.name;

    const present = this.attributes(compiled, n.attributes);
    for (const required of compiled.requiredAttributes) {
      if (!present.has(required)) this.fail(compiled.name, `attribute '${required}' is required`, { attribute: required });
    }
    const hasText = this.text(compiled, n.text);
    if (rule.check !== undefined) {
      const problem = rule.check({ attributes: present, hasText: hasText && n.text !== '' });
      if (problem !== undefined) this.fail(compiled.name, problem);
    }
    this.children(compiled, n.children);
    this.key += ';';
    this.path.pop();
    return compiled.name;
  }

  private placement(compiled: CompiledRule, parent: CompiledRule | undefined): void {
    const name = compiled.name;
    if (parent === undefined) {
      if (!compiled.rule.inResponse) {
        this.fail(name, `not allowed directly in Response (it belongs inside ${compiled.parents.join(' or ')})`, {
          allowed: compiled.parents,
        });
      }
    } else if (!parent.children.has(name)) {
      const accepts = parent.childNames.length > 0 ? parent.childNames.join(', ') : 'no child elements';
      this.fail(name, `not allowed inside ${parent.name} (${parent.name} accepts ${accepts})`, {
        allowed: parent.childNames,
      });
    }
  }

  private attributes(compiled: CompiledRule, attributes: TexmlTemplateNode['attributes']): ReadonlySet<string> {
    if (attributes === undefined) return NONE;
    const name = compiled.name;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      this.fail(name, `attributes must be an object (got ${show(attributes)})`);
    }
    let present: Set<string> | undefined;
    let key = '(';
    for (const attribute of Object.keys(attributes)) {
      const value = attributes[attribute];
      if (value === undefined) continue;
      const attributeRule = compiled.attributes.get(attribute);
      if (attributeRule === undefined) {
        this.fail(name, `unknown attribute '${attribute}' (allowed: ${compiled.attributeNames.join(', ') || 'none'})`, {
          attribute,
          allowed: compiled.attributeNames,
        });
      }
      if (value instanceof TexmlSlot) {
        if (!this.allowSlots) this.fail(name, `attribute '${attribute}' is a template slot outside a template`, { attribute });
        if (!attributeRule.slottable) {
          this.fail(name, `attribute '${attribute}' cannot be a template slot: it must be ${attributeRule.expectation}`, {
            attribute,
            allowed: attributeRule.allowed,
          });
        }
        this.parts.push({ name: value.name, encoding: 'attribute' });
      } else {
        const normalized =
          typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
            ? attributeRule.normalize(value)
            : undefined;
        if (normalized === undefined) {
          this.fail(name, `attribute '${attribute}' must be ${attributeRule.expectation} (got ${show(value)})`, {
            attribute,
            allowed: attributeRule.allowed,
          });
        }
        const invalid = findInvalidXmlChar(normalized);
        if (invalid !== undefined) {
          this.fail(
            name,
            `attribute '${attribute}' contains ${invalid.codePoint} at index ${invalid.index}, which XML 1.0 cannot carry`,
            { attribute },
          );
        }
        this.parts.push(escapeXmlAttribute(normalized));
      }
      key += `${attribute},`;
      (present ??= new Set()).add(attribute);
    }
    this.key += `${key})`;
    return present ?? NONE;
  }

  private text(compiled: CompiledRule, text: unknown): boolean {
    const { name, rule } = compiled;
    if (text === undefined) {
      if (rule.text === 'required') this.fail(name, 'text is required');
      return false;
    }
    if (text instanceof TexmlSlot) {
      if (!this.allowSlots) this.fail(name, 'text is a template slot outside a template');
      if (rule.text === 'forbidden') this.fail(name, 'text is not allowed');
      this.parts.push({ name: text.name, encoding: rule.cdata === true ? 'cdata' : 'text' });
    } else if (typeof text !== 'string') {
      this.fail(name, `text must be a string (got ${show(text)})`);
    } else if (rule.text === 'forbidden') {
      if (text !== '') this.fail(name, `text is not allowed (got ${show(text)})`);
      return false;
    } else {
      if (text === '' && rule.text === 'required') this.fail(name, 'text is required');
      const invalid = findInvalidXmlChar(text);
      if (invalid !== undefined) {
        this.fail(name, `text contains ${invalid.codePoint} at index ${invalid.index}, which XML 1.0 cannot carry`);
      }
      const problem = rule.checkText?.(text);
      if (problem !== undefined) this.fail(name, `text ${problem}`);
      this.parts.push(rule.cdata === true ? wrapXmlCdata(text) : escapeXmlText(text));
    }
    this.key += '#';
    return true;
  }

  private children(compiled: CompiledRule, children: unknown): void {
    const { name, rule } = compiled;
    if (children !== undefined && !Array.isArray(children)) this.fail(name, `children must be a list (got ${show(children)})`);
    const list: readonly unknown[] = children ?? [];
    if (compiled.children.size === 0 && list.length === 0) return;
    const counts = new Map<string, number>();
    if (list.length > 0) {
      this.key += '[';
      for (let i = 0; i < list.length; i++) {
        const child = this.element(list[i], compiled, i);
        counts.set(child, (counts.get(child) ?? 0) + 1);
      }
      this.key += ']';
    }
    for (const [child, cardinality] of compiled.children) {
      const count = counts.get(child) ?? 0;
      if (cardinality === '1' && count !== 1) this.fail(name, `requires exactly one ${child} (got ${count})`, { allowed: [child] });
      if (cardinality === '?' && count > 1) this.fail(name, `allows at most one ${child} (got ${count})`, { allowed: [child] });
      if (cardinality === '+' && count < 1) this.fail(name, `requires at least one ${child}`, { allowed: [child] });
    }
    if (rule.minChildren !== undefined && list.length < rule.minChildren) {
      this.fail(name, `requires at least one of ${compiled.childNames.join(', ')}`, { allowed: compiled.childNames });
    }
    for (const exclusive of rule.exclusiveChildren ?? []) {
      if (counts.has(exclusive) && list.length > 1) {
        this.fail(name, `${exclusive} cannot be combined with other nouns`, { allowed: [exclusive] });
      }
    }
  }
}

/**
 * Validates a document against the rules registry and collects its values, escaped for their
 * position (or as slots when `allowSlots`). Throws TexmlError on the first problem.
 */
export function walkTexml(nodes: readonly TexmlTemplateNode[], allowSlots: boolean): WalkResult {
  const walk = new Walk(allowSlots);
  if (!Array.isArray(nodes)) walk.fail('Response', `expected a list of verbs (got ${show(nodes)})`);
  for (let i = 0; i < nodes.length; i++) walk.element(nodes[i], undefined, i);
  return {
    key: walk.key,
    parts: walk.parts,
    verbCount: nodes.length,
  };
}
