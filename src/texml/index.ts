// The TeXML builder: the only place in the project that produces XML.
export { buildTexml, buildTexmlFragment } from './build-texml';
export type { IntRange } from './texml-attribute';
export type * from './texml-attribute-types';
export { TexmlError, type TexmlErrorDetails } from './texml-error';
export { joinTexmlFragments, type TexmlFragment } from './texml-fragment';
export {
  TEXML_NOUN_NAMES,
  TEXML_VERB_NAMES,
  type ElementName,
  type NounName,
  type TexmlAttributeValue,
  type TexmlNode,
  type VerbName,
} from './texml-node';
export { RING_TONES, TEXML_RULES, type Cardinality, type ElementRule, type SayVoice } from './texml-rules';
export { texmlSlot, TexmlSlot } from './texml-slot';
export { compileTexmlTemplate, concatTexmlTemplates, type TexmlTemplate } from './texml-template';
export type { TexmlTemplateNode } from './texml-walker';
export { findInvalidXmlChar, sanitizeXmlText } from './xml-chars';
