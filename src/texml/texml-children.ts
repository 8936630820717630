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

/**
 * What each nested builder exposes: only the children its element accepts, so putting a Dial
 * inside a Gather (or a Number outside a Dial) does not compile. The runtime check in the rules
 * registry still applies, for callers that bypass the types.
 */

export interface GatherChildren {
  say(text: string, attributes?: SayAttributes): this;
  play(url: string | undefined, attributes?: PlayAttributes): this;
}

export interface DialChildren {
  number(phoneNumber: string, attributes?: NumberAttributes): this;
  sip(uri: string, attributes?: SipAttributes): this;
  queue(name: string, attributes?: QueueAttributes): this;
  conference(room: string, attributes?: ConferenceAttributes): this;
}

export interface ReferChildren {
  sip(uri: string, attributes?: SipAttributes): this;
}

export interface StreamChildren {
  parameter(attributes: ParameterAttributes): this;
}

export interface StopChildren {
  stream(attributes?: StreamAttributes, children?: (stream: StreamChildren) => void): this;
  siprec(attributes?: SiprecAttributes, children?: (siprec: StreamChildren) => void): this;
  transcription(attributes?: TranscriptionAttributes): this;
  suppression(attributes?: SuppressionAttributes): this;
}

export interface StartChildren extends StopChildren {
  recording(attributes?: RecordingAttributes): this;
}

/** Connect runs one service: a Stream, an AIAssistant or a ConversationRelay. */
export interface ConnectChildren {
  stream(attributes?: StreamAttributes, children?: (stream: StreamChildren) => void): this;
  aiAssistant(attributes: AIAssistantAttributes): this;
  conversationRelay(attributes: ConversationRelayAttributes, children?: (relay: ConversationRelayChildren) => void): this;
}

export interface ConversationRelayChildren {
  language(attributes: LanguageAttributes): this;
  parameter(attributes: ParameterAttributes): this;
}

export interface PromptChildren {
  say(text: string, attributes?: SayAttributes): this;
}

export interface PayChildren {
  prompt(attributes: PromptAttributes, children: (prompt: PromptChildren) => void): this;
  parameter(attributes: ParameterAttributes): this;
}

export interface ToolsChildren {
  /** One tool definition; an object is serialised with JSON.stringify. */
  tool(definition: string | Readonly<Record<string, unknown>>): this;
}

export interface AssistantChildren {
  tools(children: (tools: ToolsChildren) => void): this;
}

export interface HeadersChildren {
  /** A `<Header><Key>..</Key><Value>..</Value></Header>`. */
  header(key: string, value: string): this;
}

export interface RequestChildren {
  headers(children: (headers: HeadersChildren) => void): this;
  body(text: string): this;
}

export interface ContentChildren {
  /** A `<Field><Name>..</Name><Value>..</Value></Field>`: a variable taken from the HTTP response. */
  field(name: string, value: string): this;
}

export interface HttpResponseChildren {
  type(text: string): this;
  statusCode(code: string | number): this;
  content(children: (content: ContentChildren) => void): this;
}

export interface HttpRequestChildren {
  request(attributes: RequestAttributes, children?: (request: RequestChildren) => void): this;
  response(children: (response: HttpResponseChildren) => void): this;
}

export interface MessageHistoryChildren {
  message(role: MessageRole, text: string): this;
}

export interface AIGatherChildren {
  greeting(text: string): this;
  voice(attributes: VoiceAttributes): this;
  /** The JSON Schema of what to gather; an object is serialised with JSON.stringify. */
  parameters(schema: string | Readonly<Record<string, unknown>>): this;
  messageHistory(children: (history: MessageHistoryChildren) => void): this;
  tools(children: (tools: ToolsChildren) => void): this;
  interruptionSettings(attributes: InterruptionSettingsAttributes): this;
  transcription(attributes?: TranscriptionAttributes): this;
  assistant(attributes: AssistantAttributes, children?: (assistant: AssistantChildren) => void): this;
}
