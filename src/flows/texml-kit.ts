import { CompiledTemplate } from '../templates/compiled-template';
import { buildTexml, buildTexmlFragment } from '../texml/build-texml';
import type { TexmlFragment } from '../texml/texml-fragment';
import type { ElementName, TexmlAttributeValue } from '../texml/texml-node';
import { TexmlSlot, texmlSlot } from '../texml/texml-slot';
import { compileTexmlTemplate } from '../texml/texml-template';
import type { TexmlTemplateNode } from '../texml/texml-walker';
import type { TemplateContext } from '../templates/template-scope';
import type { CompiledFragment, SlotText } from './compiled-parts';

/*
 * The bridge from compiled flows to the TeXML builder. Flow nodes carry Mustache templates where
 * the builder wants slots; here each template becomes a named slot, so the builder validates and
 * serialises the structure once and escapes every per-call value itself.
 */

/** Values the interpreter supplies at render time (not templates). */
export type RuntimeSlotName = 'action' | 'noInputUrl' | 'waitUrl' | CallbackSlotName;

/** Callback URLs wired into every verb that can report events (see FlowLinks.callback). */
export type CallbackSlotName = 'callStatusCallbackUrl' | 'recordingCallbackUrl' | 'transcriptionCallbackUrl' | 'conferenceCallbackUrl' | 'streamCallbackUrl' | 'siprecCallbackUrl';

export class RuntimeSlot {
  constructor(readonly name: RuntimeSlotName) {}
}

export function runtimeSlot(name: RuntimeSlotName): RuntimeSlot {
  return new RuntimeSlot(name);
}

/**
 * Text computed per call from the template context, where one template is not enough: a JSON
 * body whose values must be JSON-escaped, a header value that must stay on one line.
 */
export class ComputedText {
  constructor(readonly render: (context: TemplateContext) => string) {}
}

export type FlowNodeValue = TexmlAttributeValue | CompiledTemplate | RuntimeSlot | ComputedText;

export interface FlowNode {
  verb: ElementName;
  attributes?: Record<string, FlowNodeValue>;
  text?: string | CompiledTemplate | RuntimeSlot | ComputedText;
  children?: FlowNode[];
}

/** Validates and prebuilds nodes; throws TexmlError naming the verb and attribute on a rule violation. */
export function prepareFragment(nodes: FlowNode[]): CompiledFragment {
  const slots: [string, SlotText][] = [];
  let dynamic = false;
  const toSlot = (value: SlotText | RuntimeSlot): TexmlSlot => {
    dynamic = true;
    if (value instanceof RuntimeSlot) return texmlSlot(value.name);
    const name = `t${slots.length}`;
    slots.push([name, value]);
    return texmlSlot(name);
  };
  const convert = (node: FlowNode): TexmlTemplateNode => {
    const attributes: Record<string, TexmlAttributeValue | TexmlSlot> = {};
    for (const [key, value] of Object.entries(node.attributes ?? {})) {
      if (value === undefined) continue;
      attributes[key] = value instanceof CompiledTemplate || value instanceof RuntimeSlot || value instanceof ComputedText ? toSlot(value) : value;
    }
    const text = node.text instanceof CompiledTemplate || node.text instanceof RuntimeSlot || node.text instanceof ComputedText ? toSlot(node.text) : node.text;
    return {
      verb: node.verb,
      ...(Object.keys(attributes).length ? { attributes } : {}),
      ...(text !== undefined ? { text } : {}),
      ...(node.children ? { children: node.children.map(convert) } : {}),
    };
  };
  const converted = nodes.map(convert);
  const template = compileTexmlTemplate(converted);
  const callbackSlots: readonly string[] = ['callStatusCallbackUrl', 'recordingCallbackUrl', 'transcriptionCallbackUrl', 'conferenceCallbackUrl', 'streamCallbackUrl', 'siprecCallbackUrl'] satisfies CallbackSlotName[];
  return {
    template,
    slots,
    ...(template.slotNames.some((name) => callbackSlots.includes(name)) ? { usesCallbacks: true as const } : {}),
    ...(dynamic ? {} : { staticFragment: buildTexmlFragment(converted as Parameters<typeof buildTexmlFragment>[0]) }),
  };
}

/** A complete static document (fallbacks), built once at load. */
export function buildStaticDocument(nodes: FlowNode[]): string {
  return buildTexml(nodes as Parameters<typeof buildTexml>[0]);
}

export const hangupFragment: TexmlFragment = buildTexmlFragment([{ verb: 'Hangup' }]);
export { joinTexmlFragments } from '../texml/texml-fragment';
