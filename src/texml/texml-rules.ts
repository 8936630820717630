import {
  type AttributeRule,
  bool,
  boolOr,
  decimal,
  either,
  int,
  intRange,
  oneOf,
  pattern,
  required,
  spaceList,
  text,
} from './texml-attribute';
import type { ElementName } from './texml-node';

/**
 * The TeXML rules registry: for every verb and noun, its attributes, children, text and placement.
 * The one place that says what TeXML accepts; the validator, the serializer and the fluent layer's
 * attribute types all read it, and it must name every ElementName (a missing rule fails to compile).
 *
 * Sources: Telnyx's TeXML verb pages and the project's texml-notes.md. Decisions where the docs are
 * silent or vague, kept here so they are easy to change:
 * - Unknown attributes are rejected, even ones TwiML has: Telnyx may ignore them silently, and a
 *   typo in a flow should fail at load time, not sound wrong on a call.
 * - Dial takes nouns only (no bare number as text), so every destination carries its attributes.
 * - Gather nests Say and Play only (the docs list no Pause).
 * - Play needs a URL or `digits`; Play loop is 0 or more (docs give no maximum).
 * - Record timeout, Gather speechTimeout, Enqueue maxWaitTimeSecs: integers >= 0 / >= 1, no maximum.
 * - Stream url is optional, because `<Stop><Stream name="..."/></Stop>` stops by name.
 * - Request method is GET or POST (the two the docs name).
 * - Body, Parameters and Tool go out as CDATA: the HttpRequest and AIGather pages say so. Parameters
 *   and each Tool must be a JSON object (the JSON Schema the AI fills in; one tool definition).
 * - Reject may stand anywhere: the Reject page says that as the first verb of an inbound call it
 *   leaves the call unanswered, and elsewhere it hangs up (charged up to that point). Flow
 *   validation warns about the second case; the builder accepts both.
 * - Integers and booleans may also arrive as strings ("5", "true") from YAML.
 *
 * Where a verb page in the knowledge base (team-telnyx/knowledge-base wiki/runbooks/<verb>.md, a
 * copy of developers.telnyx.com dated 2026-04-10) is older than the developers.telnyx.com page or
 * than Telnyx's own TeXML verb reference (team-telnyx/telnyx-skills, "TeXML Verb Reference", which
 * cites the public pages), every variant any of them documents is accepted.
 * No element takes both text and children; the serializer relies on that.
 */

/** How many of a child an element takes: exactly one, at most one, any number, at least one. */
export type Cardinality = '1' | '?' | '*' | '+';

export interface ElementShape {
  readonly attributes: ReadonlySet<string>;
  readonly hasText: boolean;
}

export interface ElementRule {
  readonly attributes: Readonly<Record<string, AttributeRule>>;
  readonly children: Readonly<Partial<Record<ElementName, Cardinality>>>;
  /** At least this many children in total. */
  readonly minChildren?: number;
  /** Children that, when present, must be the element's only child. */
  readonly exclusiveChildren?: readonly ElementName[];
  readonly text: 'required' | 'optional' | 'forbidden';
  /** Text goes out as CDATA. */
  readonly cdata?: boolean;
  /** Extra check on static text; returns a problem ("must be ...") or undefined. */
  readonly checkText?: (text: string) => string | undefined;
  /** Extra check across attributes and text; returns a problem or undefined. */
  readonly check?: (element: ElementShape) => string | undefined;
  /** May appear directly in `<Response>`. */
  readonly inResponse: boolean;
}

const method = () => oneOf(['GET', 'POST']);

/** Say voices: basic, alice, or a provider-prefixed name (Polly.Joanna-Neural, Azure.X, ElevenLabs.M.V...). */
export type SayVoice =
  | 'man'
  | 'woman'
  | 'alice'
  | `${'Polly' | 'AWS.Polly' | 'Azure' | 'ElevenLabs' | 'Telnyx' | 'Resemble' | 'Minimax' | 'Rime' | 'Inworld'}.${string}`;

const sayVoice = () =>
  pattern<SayVoice>(
    /^(man|woman|alice|(Polly|AWS\.Polly|Azure|ElevenLabs|Telnyx|Resemble|Minimax|Rime|Inworld)\.\S+)$/,
    'man, woman, alice or a provider voice such as Polly.Joanna, Azure.<voice>, ElevenLabs.<model>.<voice>, Telnyx.<model>.<voice>',
  );

const dtmfDigits = () => pattern(/^[0-9*#wW]+$/, 'DTMF digits (0-9, *, #, w)');
const keySet = () => pattern(/^[0-9*#]*$/, 'a set of keys (0-9, *, #)');
const language = () => pattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as en-US');
const trim = () => oneOf(['trim-silence', 'do-not-trim']);
const track = () => oneOf(['inbound_track', 'outbound_track', 'both_tracks']);
const recordingEvents = () => spaceList(['in-progress', 'completed', 'absent']);
const streamCodec = () => oneOf(['PCMU', 'PCMA', 'G722', 'OPUS', 'AMR-WB']);

const legEvents = ['initiated', 'ringing', 'answered', 'amd', 'dtmf', 'completed'] as const;

/**
 * Number and Sip inside Dial. Dial page (knowledge base): url, method, statusCallback(+Method,
 * +Event), machineDetection, detectionMode (Regular, Premium), machineDetectionTimeout 500-60000;
 * its "Expected callbacks" section sends the AMD result to `amdStatusCallback`. Telnyx's TeXML verb
 * reference (telnyx-skills) adds detectionMode PremiumCallScreening, machineDetectionPromptEndTimeout
 * (1000-120000 ms), machineDetectionBeepProfile (both, freq_only), amdStatusCallback and sipRegion.
 */
const callLeg = {
  url: text(),
  method: method(),
  statusCallback: text(),
  statusCallbackMethod: method(),
  statusCallbackEvent: spaceList(legEvents),
  machineDetection: oneOf(['Enable', 'DetectMessageEnd', 'Disable']),
  detectionMode: oneOf(['Premium', 'Regular', 'PremiumCallScreening']),
  machineDetectionTimeout: int(500, 60000),
  machineDetectionPromptEndTimeout: int(1000, 120000),
  machineDetectionBeepProfile: oneOf(['both', 'freq_only']),
  amdStatusCallback: text(),
  sipRegion: oneOf(['US', 'Europe', 'Canada', 'Australia', 'Middle East']),
};

/** Dial ringTone: the country codes the Dial page lists. */
export const RING_TONES = [
  'at', 'au', 'bg', 'br', 'be', 'ch', 'cl', 'cn', 'cz', 'de', 'dk', 'ee', 'es', 'fi', 'fr', 'gr', 'hu', 'il', 'in', 'it',
  'lt', 'jp', 'mx', 'my', 'nl', 'no', 'nz', 'ph', 'pl', 'pt', 'ru', 'se', 'sg', 'th', 'tw', 've', 'za', 'us', 'us-old', 'uk',
] as const;

/** ConversationRelay interruptible: true is an alias of any, false of none (ConversationRelay page). */
const interruptible = () => oneOf(['none', 'any', 'speech', 'dtmf', 'true', 'false']);

/** Background audio comes as a type and a value, both or neither (telnyx-skills verb reference). */
function backgroundAudioPair(e: ElementShape): string | undefined {
  const type = e.attributes.has('backgroundAudioType');
  return type === e.attributes.has('backgroundAudioValue') ? undefined : 'needs backgroundAudioType and backgroundAudioValue together';
}

const noChildren = {} as const;
const textOnly = { attributes: {}, children: noChildren, text: 'required', inResponse: false } as const;

function jsonObject(value: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : 'must be a JSON object';
  } catch {
    return 'must be a JSON object';
  }
}

export const TEXML_RULES = {
  Say: {
    attributes: {
      voice: sayVoice(),
      language: language(),
      loop: intRange(0, 10),
      gender: oneOf(['Male', 'Female']),
      effect: oneOf(['eq_telecomhp8k', 'eq_car']),
      voiceSpeed: decimal(0.1, 2),
      api_key_ref: text(),
    },
    children: noChildren,
    text: 'required',
    inResponse: true,
  },
  Play: {
    attributes: { loop: int(0), digits: dtmfDigits(), mediaStorage: bool() },
    children: noChildren,
    text: 'optional',
    check: (e) => (e.hasText || e.attributes.has('digits') ? undefined : 'needs a URL (text) or digits'),
    inResponse: true,
  },
  Pause: {
    attributes: { length: intRange(1, 180) },
    children: noChildren,
    text: 'forbidden',
    inResponse: true,
  },
  Gather: {
    attributes: {
      action: text(),
      timeout: intRange(1, 120),
      input: oneOf(['dtmf', 'speech', 'dtmf speech']),
      finishOnKey: keySet(),
      numDigits: intRange(1, 128),
      minDigits: intRange(1, 128),
      maxDigits: intRange(1, 128),
      validDigits: keySet(),
      invalidDigitsAction: text(),
      speechTimeout: int(1),
      language: language(),
      hints: text(),
      transcriptionEngine: oneOf(['Google', 'Telnyx', 'Azure', 'Deepgram', 'xAI', 'AssemblyAI', 'google', 'telnyx']),
      apiKeyRef: text(),
      region: text(),
      profanityFilter: bool(),
      useEnhanced: bool(),
      partialResultCallback: text(),
      partialResultCallbackMethod: method(),
    },
    children: { Say: '*', Play: '*' },
    text: 'forbidden',
    inResponse: true,
  },
  Dial: {
    attributes: {
      action: text(),
      method: method(),
      callerId: text(),
      fromDisplayName: pattern(/^[A-Za-z0-9 \-_~!.+]{1,128}$/, 'up to 128 letters, digits, spaces or -_~!.+'),
      hangupOnStar: bool(),
      timeout: intRange(5, 120),
      timeLimit: int(60, 14400),
      record: oneOf([
        'do-not-record',
        'record-from-answer',
        'record-from-ringing',
        'record-from-answer-dual',
        'record-from-ringing-dual',
      ]),
      recordingChannels: oneOf(['single', 'dual']),
      recordMaxLength: int(0, 14400),
      recordingStatusCallback: text(),
      recordingStatusCallbackMethod: method(),
      recordingStatusCallbackEvent: recordingEvents(),
      // Dial page: sendRecordingUrl (true), audioUrl (custom ringback, overrides ringTone),
      // passDiversionHeader, and the Premium AMD tuning thresholds in milliseconds (no range given).
      sendRecordingUrl: bool(),
      ringTone: oneOf(RING_TONES),
      audioUrl: text(),
      answerOnBridge: bool(),
      passDiversionHeader: bool(),
      machineDetectionSpeechThreshold: int(0),
      machineDetectionSpeechEndThreshold: int(0),
      machineDetectionSilenceTimeout: int(0),
      trim: trim(),
    },
    children: { Number: '*', Sip: '*', Queue: '?', Conference: '?' },
    minChildren: 1,
    exclusiveChildren: ['Queue', 'Conference'],
    text: 'forbidden',
    inResponse: true,
  },
  Number: {
    // Number only (telnyx-skills verb reference): deepfake detection, reported to its own URL or as
    // the `deepfake` status callback event.
    attributes: {
      ...callLeg,
      statusCallbackEvent: spaceList([...legEvents, 'deepfake']),
      sendDigits: dtmfDigits(),
      deepfakeDetection: oneOf(['Enable']),
      deepfakeDetectionCallbackUrl: text(),
    },
    children: noChildren,
    text: 'required',
    inResponse: false,
  },
  Sip: {
    attributes: { ...callLeg, username: text(), password: text() },
    children: noChildren,
    text: 'required',
    inResponse: false,
  },
  Queue: {
    attributes: { url: text(), method: method() },
    children: noChildren,
    text: 'required',
    inResponse: false,
  },
  Conference: {
    attributes: {
      muted: bool(),
      startConferenceOnEnter: bool(),
      endConferenceOnExit: bool(),
      maxParticipants: intRange(2, 250),
      beep: boolOr(['onEnter', 'onExit']),
      participantLabel: text(),
      record: oneOf(['do-not-record', 'record-from-start']),
      recordBeep: bool(),
      recordingStatusCallback: text(),
      recordingStatusCallbackMethod: method(),
      recordingStatusCallbackEvent: recordingEvents(),
      // Conference page: silence timeout of the recording, 0-14400 s (0: none), and sendRecordingUrl.
      recordingTimeout: int(0, 14400),
      sendRecordingUrl: bool(),
      statusCallback: text(),
      statusCallbackMethod: method(),
      statusCallbackEvent: spaceList(['start', 'end', 'join', 'leave', 'speaker']),
      waitUrl: text(),
      waitMethod: method(),
      trim: trim(),
    },
    children: noChildren,
    text: 'required',
    inResponse: false,
  },
  Record: {
    attributes: {
      action: text(),
      method: method(),
      finishOnKey: keySet(),
      timeout: int(0),
      maxLength: int(0, 14400),
      playBeep: bool(),
      trim: trim(),
      channels: oneOf(['single', 'dual']),
      format: oneOf(['mp3', 'wav']),
      recordingStatusCallback: text(),
      recordingStatusCallbackMethod: method(),
      recordingStatusCallbackEvent: recordingEvents(),
      transcription: bool(),
      transcriptionCallback: text(),
      // Record page: A, B; the telnyx-skills verb reference adds Deepgram and transcriptionModel.
      transcriptionEngine: oneOf(['A', 'B', 'Deepgram']),
      transcriptionModel: text(),
      // Record page: the transcription language (en-US by default).
      transcriptionLanguage: language(),
    },
    children: noChildren,
    text: 'forbidden',
    inResponse: true,
  },
  Enqueue: {
    attributes: {
      action: text(),
      method: method(),
      waitUrl: text(),
      waitUrlMethod: method(),
      maxWaitTimeSecs: int(1),
    },
    children: noChildren,
    text: 'required',
    inResponse: true,
  },
  Hangup: { attributes: {}, children: noChildren, text: 'forbidden', inResponse: true },
  Leave: { attributes: {}, children: noChildren, text: 'forbidden', inResponse: true },
  Redirect: { attributes: { method: method() }, children: noChildren, text: 'required', inResponse: true },
  // Reject page: first verb of an inbound call = unanswered, no cost; anywhere else = hang up.
  Reject: {
    attributes: { reason: oneOf(['rejected', 'busy']) },
    children: noChildren,
    text: 'forbidden',
    inResponse: true,
  },
  Refer: {
    attributes: { action: text(), method: method() },
    children: { Sip: '1' },
    text: 'forbidden',
    inResponse: true,
  },
  Start: {
    attributes: {},
    children: { Stream: '*', Siprec: '*', Transcription: '?', Suppression: '?', Recording: '?' },
    minChildren: 1,
    text: 'forbidden',
    inResponse: true,
  },
  Stop: {
    attributes: {},
    children: { Stream: '*', Siprec: '*', Transcription: '?', Suppression: '?' },
    minChildren: 1,
    text: 'forbidden',
    inResponse: true,
  },
  /**
   * Connect page (knowledge base) lists Stream; the AIAssistant and ConversationRelay pages and the
   * Conversation Relay guide nest those in Connect, and the guide gives Connect an `action` (method
   * per the telnyx-skills verb reference) requested when the service ends. One service per Connect.
   */
  Connect: {
    attributes: { action: text(), method: method() },
    children: { Stream: '?', AIAssistant: '?', ConversationRelay: '?' },
    minChildren: 1,
    exclusiveChildren: ['Stream', 'AIAssistant', 'ConversationRelay'],
    text: 'forbidden',
    inResponse: true,
  },
  /** AIAssistant page: start an assistant (`id`) or join a conversation (`join`, with a participant). */
  AIAssistant: {
    attributes: {
      id: text(),
      join: text(),
      participantName: text(),
      participantRole: oneOf(['user', 'assistant']),
    },
    children: noChildren,
    text: 'forbidden',
    check: (e) => (e.attributes.has('id') || e.attributes.has('join') ? undefined : 'needs id (an assistant to start) or join (a conversation to join)'),
    inResponse: false,
  },
  /**
   * ConversationRelay page: url, welcomeGreeting, voice, language, transcriptionProvider,
   * interruptible, welcomeGreetingInterruptible, dtmfDetection; Language and Parameter children.
   * The telnyx-skills verb reference adds backgroundAudioType (media_url) and backgroundAudioValue.
   */
  ConversationRelay: {
    attributes: {
      url: required(text()),
      welcomeGreeting: text(),
      voice: text(),
      language: language(),
      transcriptionProvider: text(),
      interruptible: interruptible(),
      welcomeGreetingInterruptible: interruptible(),
      dtmfDetection: bool(),
      backgroundAudioType: oneOf(['media_url']),
      backgroundAudioValue: text(),
    },
    children: { Language: '*', Parameter: '*' },
    text: 'forbidden',
    check: backgroundAudioPair,
    inResponse: false,
  },
  /** ConversationRelay page, Language attributes (background audio: telnyx-skills verb reference). */
  Language: {
    attributes: {
      code: required(language()),
      ttsProvider: text(),
      voice: text(),
      transcriptionProvider: text(),
      speechModel: text(),
      backgroundAudioType: oneOf(['media_url']),
      backgroundAudioValue: text(),
    },
    children: noChildren,
    text: 'forbidden',
    check: backgroundAudioPair,
    inResponse: false,
  },
  Stream: {
    attributes: {
      url: text(),
      name: text(),
      track: track(),
      codec: oneOf(['PCMU', 'PCMA', 'G722', 'OPUS', 'AMR-WB', 'default']),
      bidirectionalMode: oneOf(['mp3', 'rtp']),
      bidirectionalCodec: streamCodec(),
      bidirectionalSamplingRate: oneOf(['8000', '16000', '24000']),
      statusCallback: text(),
      statusCallbackMethod: method(),
      // Stream page: reconnect the WebSocket when it drops (default true).
      enableReconnect: bool(),
    },
    // Stream page: Parameter children reach the WebSocket server in the `start` message.
    children: { Parameter: '*' },
    text: 'forbidden',
    inResponse: false,
  },
  Siprec: {
    attributes: {
      connectorName: text(),
      name: text(),
      track: track(),
      statusCallback: text(),
      statusCallbackMethod: method(),
      includeMetadataCustomHeaders: bool(),
      secure: bool(),
      sessionTimeoutSecs: either(int(0, 0), int(90, 14400)),
    },
    children: { Parameter: '*' },
    text: 'forbidden',
    inResponse: false,
  },
  Transcription: {
    attributes: {
      language: text(),
      interimResults: bool(),
      transcriptionEngine: oneOf([
        'Google',
        'Telnyx',
        'Deepgram',
        'Azure',
        'xAI',
        'AssemblyAI',
        'Soniox',
        'Speechmatics',
        'Parakeet',
        'A',
        'B',
      ]),
      transcriptionTracks: oneOf(['inbound', 'outbound', 'both']),
      transcriptionCallback: text(),
      transcriptionCallbackMethod: method(),
      model: text(),
      apiKeyRef: text(),
    },
    children: noChildren,
    text: 'forbidden',
    inResponse: false,
  },
  Suppression: {
    attributes: {
      direction: oneOf(['inbound', 'outbound', 'both']),
      noiseSuppressionEngine: oneOf(['Denoiser', 'DeepFilterNet', 'Krisp', 'AiCoustics']),
      model: text(),
      suppressionLevel: decimal(0, 100),
    },
    children: noChildren,
    text: 'forbidden',
    inResponse: false,
  },
  Recording: {
    attributes: {
      recordingStatusCallback: text(),
      recordingStatusCallbackMethod: method(),
      recordingStatusCallbackEvent: recordingEvents(),
      channels: oneOf(['mono', 'single', 'dual']),
      track: oneOf(['inbound', 'outbound', 'both']),
      trim: oneOf(['trim-silence']),
      format: oneOf(['mp3', 'wav']),
    },
    children: noChildren,
    text: 'forbidden',
    inResponse: false,
  },
  Parameter: {
    attributes: { name: required(text()), value: required(text()) },
    children: noChildren,
    text: 'forbidden',
    inResponse: false,
  },
  /**
   * HttpRequest: developers.telnyx.com texml-verbs/httprequest and texml-sending-http-requests give
   * the element names (the knowledge-base copy lost its tags): Request (Headers of Header/Key/Value,
   * Body as CDATA) and Response (Type, StatusCode, Content of Field/Name/Value). The page's table
   * says Response holds "Headers and Body", its example Type, StatusCode and Content: the example
   * is what the mapping needs, and what is accepted.
   */
  HttpRequest: {
    attributes: { async: bool(), action: text() },
    children: { Request: '1', Response: '?' },
    text: 'forbidden',
    inResponse: true,
  },
  Request: {
    attributes: { url: required(text()), method: method() },
    children: { Headers: '?', Body: '?' },
    text: 'forbidden',
    inResponse: false,
  },
  Headers: { attributes: {}, children: { Header: '+' }, text: 'forbidden', inResponse: false },
  Header: { attributes: {}, children: { Key: '1', Value: '1' }, text: 'forbidden', inResponse: false },
  Key: textOnly,
  Value: { ...textOnly, text: 'optional' },
  Body: { attributes: {}, children: noChildren, text: 'required', cdata: true, inResponse: false },
  Response: {
    attributes: {},
    children: { Type: '?', StatusCode: '?', Content: '?' },
    text: 'forbidden',
    inResponse: false,
  },
  Type: textOnly,
  StatusCode: textOnly,
  Content: { attributes: {}, children: { Field: '+' }, text: 'forbidden', inResponse: false },
  Field: { attributes: {}, children: { Name: '1', Value: '1' }, text: 'forbidden', inResponse: false },
  Name: textOnly,
  /**
   * AIGather page: Greeting, Voice, Parameters (required), MessageHistory and Tools (a list of Tool,
   * each a JSON tool definition). Its example also has InterruptionSettings, Transcription and an
   * Assistant holding the Tools; the page's table puts Tools under AIGather itself. Both places are
   * accepted. Transcription is the same element as in Start (its `model` attribute is the one used).
   */
  AIGather: {
    attributes: { action: text(), method: method() },
    children: {
      Greeting: '?',
      Voice: '?',
      Parameters: '1',
      MessageHistory: '?',
      Tools: '?',
      InterruptionSettings: '?',
      Transcription: '?',
      Assistant: '?',
    },
    text: 'forbidden',
    inResponse: true,
  },
  Greeting: textOnly,
  Voice: {
    attributes: { name: text(), api_key_ref: text(), voice_speed: decimal(0.1, 2) },
    children: noChildren,
    text: 'forbidden',
    inResponse: false,
  },
  Parameters: {
    attributes: {},
    children: noChildren,
    text: 'required',
    cdata: true,
    checkText: jsonObject,
    inResponse: false,
  },
  MessageHistory: { attributes: {}, children: { Message: '*' }, text: 'forbidden', inResponse: false },
  Message: {
    attributes: { role: required(oneOf(['user', 'assistant'])) },
    children: noChildren,
    text: 'required',
    inResponse: false,
  },
  InterruptionSettings: { attributes: { enable: bool() }, children: noChildren, text: 'forbidden', inResponse: false },
  /** AIGather page example: the LLM, its key reference and instructions. */
  Assistant: {
    attributes: { model: text(), api_key_ref: text(), instructions: text() },
    children: { Tools: '?' },
    text: 'forbidden',
    inResponse: false,
  },
  Tools: { attributes: {}, children: { Tool: '+' }, text: 'forbidden', inResponse: false },
  Tool: {
    attributes: {},
    children: noChildren,
    text: 'required',
    cdata: true,
    checkText: jsonObject,
    inResponse: false,
  },
  /**
   * Pay: its own verb page (developers.telnyx.com texml-verbs/pay) documents it, while the TeXML and
   * TwiML compatibility page (knowledge base, 2026-04-10) still marks `<Pay>` "not supported" in
   * TeXML. The verb page is newer and specific, so Pay is accepted. Attributes from the verb page
   * (action ... paymentMethod) and, past what its excerpt shows, from the telnyx-skills verb
   * reference (postalCode ... metadata). Children: Prompt and Parameter.
   */
  Pay: {
    attributes: {
      action: text(),
      method: method(),
      statusCallback: text(),
      statusCallbackMethod: method(),
      paymentConnector: text(),
      chargeAmount: pattern(/^\d+(\.\d{1,2})?$/, 'an amount such as 10.50'),
      currency: oneOf(['USD']),
      paymentToken: text(),
      paymentMethod: oneOf(['credit-card', 'ach-debit']),
      // true (ask), false (skip), or the postal code itself.
      postalCode: text(),
      minPostalCodeLength: int(1),
      validCardTypes: spaceList(['visa', 'mastercard', 'amex', 'maestro', 'discover', 'optima', 'jcb', 'diners-club', 'enroute']),
      transactionType: oneOf(['charge', 'tokenize']),
      description: text(),
      maxAttempts: intRange(1, 3),
      timeout: int(1, 600),
      interDigitTimeout: int(1, 600),
      voice: text(),
      language: language(),
      serviceLevel: text(),
      parameters: text(),
      prompts: text(),
      metadata: text(),
    },
    children: { Prompt: '*', Parameter: '*' },
    text: 'forbidden',
    inResponse: true,
  },
  /** A Pay prompt for one collection step (`for`), spoken with Say (telnyx-skills verb reference). */
  Prompt: {
    attributes: { for: required(text()) },
    children: { Say: '+' },
    text: 'forbidden',
    inResponse: false,
  },
} as const satisfies Record<ElementName, ElementRule>;

export type TexmlRules = typeof TEXML_RULES;
