import type {
  AIAssistantAttributes,
  AssistantAttributes,
  ConferenceAttributes,
  ConversationRelayAttributes,
  InterruptionSettingsAttributes,
  LanguageAttributes,
  MessageRole,
  NumberAttributes,
  ParameterAttributes,
  PlayAttributes,
  QueueAttributes,
  RecordingAttributes,
  RequestAttributes,
  SayAttributes,
  SipAttributes,
  SiprecAttributes,
  StreamAttributes,
  SuppressionAttributes,
  PromptAttributes,
  TranscriptionAttributes,
  VoiceAttributes,
} from './texml-attribute-types';
import type {
  AIGatherChildren,
  AssistantChildren,
  ConnectChildren,
  ContentChildren,
  ConversationRelayChildren,
  DialChildren,
  GatherChildren,
  HeadersChildren,
  HttpRequestChildren,
  HttpResponseChildren,
  MessageHistoryChildren,
  PayChildren,
  PromptChildren,
  ReferChildren,
  RequestChildren,
  StartChildren,
  StreamChildren,
  ToolsChildren,
} from './texml-children';
import type { ElementName, TexmlAttributeValue, TexmlNode } from './texml-node';

type TypedAttributes = object | undefined;

/**
 * Typed attributes to node attributes: list attributes (arrays in the typed layer) become the
 * space-separated form TeXML uses. Returns the same object when there is nothing to convert.
 */
export function toNodeAttributes(attributes: TypedAttributes): Readonly<Record<string, TexmlAttributeValue>> | undefined {
  if (attributes === undefined) return undefined;
  const record = attributes as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (Array.isArray(value)) (copy ??= { ...record })[key] = value.join(' ');
  }
  // Anything else untyped is left for the walker to reject with a clear message.
  return (copy ?? record) as Record<string, TexmlAttributeValue>;
}

export function element(verb: ElementName, attributes?: TypedAttributes, text?: string, children?: TexmlNode[]): TexmlNode {
  const node: TexmlNode = { verb };
  const attrs = toNodeAttributes(attributes);
  if (attrs !== undefined) node.attributes = attrs;
  if (text !== undefined) node.text = text;
  if (children !== undefined) node.children = children;
  return node;
}

/**
 * Collects the children of one element. One class serves every nested builder; callers see it
 * through the narrow interfaces in texml-children.ts, which is where the nesting rules are typed.
 */
export class NodeListBuilder
  implements
    GatherChildren,
    DialChildren,
    ReferChildren,
    StreamChildren,
    StartChildren,
    HeadersChildren,
    RequestChildren,
    ContentChildren,
    HttpResponseChildren,
    HttpRequestChildren,
    MessageHistoryChildren,
    AIGatherChildren,
    ConnectChildren,
    ConversationRelayChildren,
    PayChildren,
    PromptChildren,
    ToolsChildren,
    AssistantChildren
{
  readonly nodes: TexmlNode[] = [];

  static collect<C>(fill: ((builder: C) => void) | undefined): TexmlNode[] | undefined {
    if (fill === undefined) return undefined;
    const builder = new NodeListBuilder();
    fill(builder as unknown as C);
    return builder.nodes;
  }

  private add(verb: ElementName, attributes?: TypedAttributes, text?: string, children?: TexmlNode[]): this {
    this.nodes.push(element(verb, attributes, text, children));
    return this;
  }

  say(text: string, attributes?: SayAttributes): this {
    return this.add('Say', attributes, text);
  }

  play(url: string | undefined, attributes?: PlayAttributes): this {
    return this.add('Play', attributes, url);
  }

  number(phoneNumber: string, attributes?: NumberAttributes): this {
    return this.add('Number', attributes, phoneNumber);
  }

  sip(uri: string, attributes?: SipAttributes): this {
    return this.add('Sip', attributes, uri);
  }

  queue(name: string, attributes?: QueueAttributes): this {
    return this.add('Queue', attributes, name);
  }

  conference(room: string, attributes?: ConferenceAttributes): this {
    return this.add('Conference', attributes, room);
  }

  parameter(attributes: ParameterAttributes): this {
    return this.add('Parameter', attributes);
  }

  stream(attributes?: StreamAttributes, children?: (stream: StreamChildren) => void): this {
    return this.add('Stream', attributes, undefined, NodeListBuilder.collect(children));
  }

  siprec(attributes?: SiprecAttributes, children?: (siprec: StreamChildren) => void): this {
    return this.add('Siprec', attributes, undefined, NodeListBuilder.collect(children));
  }

  transcription(attributes?: TranscriptionAttributes): this {
    return this.add('Transcription', attributes);
  }

  suppression(attributes?: SuppressionAttributes): this {
    return this.add('Suppression', attributes);
  }

  recording(attributes?: RecordingAttributes): this {
    return this.add('Recording', attributes);
  }

  header(key: string, value: string): this {
    return this.add('Header', undefined, undefined, [element('Key', undefined, key), element('Value', undefined, value)]);
  }

  headers(children: (headers: HeadersChildren) => void): this {
    return this.add('Headers', undefined, undefined, NodeListBuilder.collect(children));
  }

  body(text: string): this {
    return this.add('Body', undefined, text);
  }

  field(name: string, value: string): this {
    return this.add('Field', undefined, undefined, [element('Name', undefined, name), element('Value', undefined, value)]);
  }

  type(text: string): this {
    return this.add('Type', undefined, text);
  }

  statusCode(code: string | number): this {
    return this.add('StatusCode', undefined, String(code));
  }

  content(children: (content: ContentChildren) => void): this {
    return this.add('Content', undefined, undefined, NodeListBuilder.collect(children));
  }

  request(attributes: RequestAttributes, children?: (request: RequestChildren) => void): this {
    return this.add('Request', attributes, undefined, NodeListBuilder.collect(children));
  }

  response(children: (response: HttpResponseChildren) => void): this {
    return this.add('Response', undefined, undefined, NodeListBuilder.collect(children));
  }

  message(role: MessageRole, text: string): this {
    return this.add('Message', { role }, text);
  }

  greeting(text: string): this {
    return this.add('Greeting', undefined, text);
  }

  voice(attributes: VoiceAttributes): this {
    return this.add('Voice', attributes);
  }

  parameters(schema: string | Readonly<Record<string, unknown>>): this {
    return this.add('Parameters', undefined, typeof schema === 'string' ? schema : JSON.stringify(schema));
  }

  messageHistory(children: (history: MessageHistoryChildren) => void): this {
    return this.add('MessageHistory', undefined, undefined, NodeListBuilder.collect(children));
  }

  tools(children: (tools: ToolsChildren) => void): this {
    return this.add('Tools', undefined, undefined, NodeListBuilder.collect(children));
  }

  tool(definition: string | Readonly<Record<string, unknown>>): this {
    return this.add('Tool', undefined, typeof definition === 'string' ? definition : JSON.stringify(definition));
  }

  interruptionSettings(attributes: InterruptionSettingsAttributes): this {
    return this.add('InterruptionSettings', attributes);
  }

  assistant(attributes: AssistantAttributes, children?: (assistant: AssistantChildren) => void): this {
    return this.add('Assistant', attributes, undefined, NodeListBuilder.collect(children));
  }

  aiAssistant(attributes: AIAssistantAttributes): this {
    return this.add('AIAssistant', attributes);
  }

  conversationRelay(attributes: ConversationRelayAttributes, children?: (relay: ConversationRelayChildren) => void): this {
    return this.add('ConversationRelay', attributes, undefined, NodeListBuilder.collect(children));
  }

  language(attributes: LanguageAttributes): this {
    return this.add('Language', attributes);
  }

  prompt(attributes: PromptAttributes, children: (prompt: PromptChildren) => void): this {
    return this.add('Prompt', attributes, undefined, NodeListBuilder.collect(children));
  }
}
