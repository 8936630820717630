/** Verbs: the elements that may appear directly in `<Response>`. Names are case-sensitive. */
export const TEXML_VERB_NAMES = [
  'Say',
  'Play',
  'Pause',
  'Gather',
  'Dial',
  'Record',
  'Enqueue',
  'Hangup',
  'Leave',
  'Redirect',
  'Reject',
  'Refer',
  'Start',
  'Stop',
  'Connect',
  'HttpRequest',
  'AIGather',
  'Pay',
] as const;

/** Nouns: elements that only appear inside a verb (or inside another noun). */
export const TEXML_NOUN_NAMES = [
  // Dial / Refer
  'Number',
  'Sip',
  'Queue',
  'Conference',
  // Start / Stop / Connect
  'Stream',
  'Siprec',
  'Transcription',
  'Suppression',
  'Recording',
  'Parameter',
  // Connect
  'AIAssistant',
  'ConversationRelay',
  'Language',
  // Pay
  'Prompt',
  // HttpRequest
  'Request',
  'Response',
  'Headers',
  'Header',
  'Key',
  'Value',
  'Body',
  'Type',
  'StatusCode',
  'Content',
  'Field',
  'Name',
  // AIGather
  'Greeting',
  'Voice',
  'Parameters',
  'MessageHistory',
  'Message',
  'InterruptionSettings',
  'Assistant',
  'Tools',
  'Tool',
] as const;

export type VerbName = (typeof TEXML_VERB_NAMES)[number];
export type NounName = (typeof TEXML_NOUN_NAMES)[number];
export type ElementName = VerbName | NounName;

/** Attribute values as they arrive from compiled YAML; undefined attributes are omitted. */
export type TexmlAttributeValue = string | number | boolean | undefined;

/**
 * The data layer: one element of a TeXML document. Data reaches the builder untyped (flows are
 * YAML), so `verb` is checked at runtime against the rules registry like everything else.
 */
export interface TexmlNode {
  verb: ElementName;
  attributes?: Readonly<Record<string, TexmlAttributeValue>>;
  text?: string;
  children?: readonly TexmlNode[];
}
