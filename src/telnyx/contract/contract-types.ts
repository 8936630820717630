/**
 * The shape of the contract with Telnyx: what each request Telnyx makes to this service carries,
 * and what each REST resource it answers holds. Written from Telnyx's sources (each entry names
 * its own), never from the emulator. docs/telnyx-contract.md is rendered from this data.
 */

/** How a value travels. Every webhook value arrives as form text; the type says what the text holds. */
export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'date-time';

export interface ParamSpec {
  type: ParamType;
  required: boolean;
  /** The documented values, when Telnyx lists them (every documented vocabulary, merged). */
  enum?: readonly string[];
  /** Where this parameter is documented (page or schema); the kind's first source when absent. */
  source?: string;
  /**
   * False for a parameter Telnyx does not document that the service tolerates when present (for
   * example TwiML's QueueResult). The service may read it; the emulator must never send it.
   */
  documented?: false;
  /** Where Telnyx's sources disagree or are silent about this parameter, and what we decided. */
  note?: string;
}

/** Which route of this service a webhook kind reaches. */
export type WebhookEndpoint =
  | 'voice'
  | 'voice-step'
  | 'queue-wait'
  | 'callbacks/call-status'
  | 'callbacks/amd'
  | 'callbacks/recording'
  | 'callbacks/transcription'
  | 'callbacks/conference'
  | 'callbacks/queue'
  | 'callbacks/stream'
  | 'callbacks/siprec';

export interface WebhookSpec {
  title: string;
  /** When Telnyx sends it, and to which URL. */
  when: string;
  endpoint: WebhookEndpoint;
  /** Telnyx pages or schemas this entry was written from, the main one first. */
  sources: readonly string[];
  params: Readonly<Record<string, ParamSpec>>;
  /** True where Telnyx documents that further, free-form parameters come along (HttpRequest). */
  openEnded?: boolean;
  /** Disagreements, silences and the decisions taken. */
  notes?: readonly string[];
}

export type RestFieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date-time' | 'rfc2822' | 'object' | 'array';

export interface RestFieldSpec {
  type: RestFieldType;
  /** The key is always present in the body (null allowed when `nullable`). */
  required: boolean;
  nullable: boolean;
  enum?: readonly string[];
  source?: string;
  note?: string;
}

export interface RestResourceSpec {
  title: string;
  /** Paths (under /v2) that answer this resource, as Telnyx writes them. */
  paths: readonly string[];
  sources: readonly string[];
  fields: Readonly<Record<string, RestFieldSpec>>;
  notes?: readonly string[];
}

/** Something Telnyx leaves undocumented, and what the service does about it. */
export interface OpenQuestion {
  question: string;
  whatTelnyxSays: string;
  decision: string;
  where: string;
}
