import type { AttributeRule } from './texml-attribute';
import type { ElementName } from './texml-node';
import type { TexmlRules } from './texml-rules';

type RulesOf<E extends ElementName> = TexmlRules[E]['attributes'];
type ValueOf<R> = R extends AttributeRule<infer T> ? T : never;
type RequiredKeys<A> = { [K in keyof A]: A[K] extends { readonly required: true } ? K : never }[keyof A];
type Flatten<T> = { [K in keyof T]: T[K] };

/** The typed attributes of an element, derived from the rules registry. */
export type AttributesOf<E extends ElementName> = Flatten<
  { -readonly [K in Exclude<keyof RulesOf<E>, RequiredKeys<RulesOf<E>>>]?: ValueOf<RulesOf<E>[K]> } & {
    -readonly [K in RequiredKeys<RulesOf<E>>]: ValueOf<RulesOf<E>[K]>;
  }
>;

export type SayAttributes = AttributesOf<'Say'>;
export type PlayAttributes = AttributesOf<'Play'>;
export type PauseAttributes = AttributesOf<'Pause'>;
export type GatherAttributes = AttributesOf<'Gather'>;
export type DialAttributes = AttributesOf<'Dial'>;
export type NumberAttributes = AttributesOf<'Number'>;
export type SipAttributes = AttributesOf<'Sip'>;
export type QueueAttributes = AttributesOf<'Queue'>;
export type ConferenceAttributes = AttributesOf<'Conference'>;
export type RecordAttributes = AttributesOf<'Record'>;
export type EnqueueAttributes = AttributesOf<'Enqueue'>;
export type RedirectAttributes = AttributesOf<'Redirect'>;
export type RejectAttributes = AttributesOf<'Reject'>;
export type ReferAttributes = AttributesOf<'Refer'>;
export type StreamAttributes = AttributesOf<'Stream'>;
export type SiprecAttributes = AttributesOf<'Siprec'>;
export type TranscriptionAttributes = AttributesOf<'Transcription'>;
export type SuppressionAttributes = AttributesOf<'Suppression'>;
export type RecordingAttributes = AttributesOf<'Recording'>;
export type ParameterAttributes = AttributesOf<'Parameter'>;
export type HttpRequestAttributes = AttributesOf<'HttpRequest'>;
export type RequestAttributes = AttributesOf<'Request'>;
export type AIGatherAttributes = AttributesOf<'AIGather'>;
export type VoiceAttributes = AttributesOf<'Voice'>;
export type MessageRole = AttributesOf<'Message'>['role'];
export type ConnectAttributes = AttributesOf<'Connect'>;
export type AIAssistantAttributes = AttributesOf<'AIAssistant'>;
export type ConversationRelayAttributes = AttributesOf<'ConversationRelay'>;
export type LanguageAttributes = AttributesOf<'Language'>;
export type PayAttributes = AttributesOf<'Pay'>;
export type PromptAttributes = AttributesOf<'Prompt'>;
export type AssistantAttributes = AttributesOf<'Assistant'>;
export type InterruptionSettingsAttributes = AttributesOf<'InterruptionSettings'>;
