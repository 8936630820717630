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
 * - Body and Parameters go out as CDATA: the HttpRequest and AIGather pages say so. Parameters must
 *   be a JSON object (the JSON Schema the AI fills in).
 * - AIGather `Tools` is left out: the docs do not pin down its format.
 * - Integers and booleans may also arrive as strings ("5", "true") from YAML.
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
  /** Must be the first verb of the document. */
  readonly mustBeFirst?: boolean;
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

const callLeg = {
  url: text(),
  method: method(),
  statusCallback: text(),
  statusCallbackMethod: method(),
  statusCallbackEvent: spaceList(['initiated', 'ringing', 'answered', 'amd', 'dtmf', 'completed']),
  machineDetection: oneOf(['Enable', 'DetectMessageEnd', 'Disable']),
  detectionMode: oneOf(['Premium', 'Regular']),
  machineDetectionTimeout: int(500, 60000),
};

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
      ringTone: text(),
      answerOnBridge: bool(),
      trim: trim(),
    },
    children: { Number: '*', Sip: '*', Queue: '?', Conference: '?' },
    minChildren: 1,
    exclusiveChildren: ['Queue', 'Conference'],
    text: 'forbidden',
    inResponse: true,
  },
  Number: {
    attributes: { ...callLeg, sendDigits: dtmfDigits() },
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
      transcriptionEngine: oneOf(['A', 'B']),
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
  Reject: {
    attributes: { reason: oneOf(['rejected', 'busy']) },
    children: noChildren,
    text: 'forbidden',
    inResponse: true,
    mustBeFirst: true,
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
  Connect: { attributes: {}, children: { Stream: '1' }, text: 'forbidden', inResponse: true },
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
    },
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
  AIGather: {
    attributes: { action: text(), method: method() },
    children: { Greeting: '?', Voice: '?', Parameters: '1', MessageHistory: '?' },
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
} as const satisfies Record<ElementName, ElementRule>;

export type TexmlRules = typeof TEXML_RULES;
