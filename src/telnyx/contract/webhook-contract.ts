import type { ParamSpec, WebhookSpec } from './contract-types';

// Sources, named once. OAS = ../shared/telnyx/texml-calls.openapi.yml (Telnyx's TeXML Calls API).
const OAS = (schema: string) => `texml-calls.openapi.yml components/schemas/${schema}`;
const PAGE = (page: string) => `developers.telnyx.com api-reference/callbacks/${page}`;
const KB = (file: string) => `team-telnyx/knowledge-base wiki/runbooks/${file}`;
const FETCHING = KB('texml-instruction-fetching.md');
const AMD_GUIDE = KB('texml-answering-machine-detection-support.md');

const str = (required: boolean, extra: Omit<ParamSpec, 'type' | 'required'> = {}): ParamSpec => ({ type: 'string', required, ...extra });
const time = (required: boolean, extra: Omit<ParamSpec, 'type' | 'required'> = {}): ParamSpec => ({ type: 'date-time', required, ...extra });
const int = (required: boolean, extra: Omit<ParamSpec, 'type' | 'required'> = {}): ParamSpec => ({ type: 'integer', required, ...extra });
const oneOf = (required: boolean, values: readonly string[], extra: Omit<ParamSpec, 'type' | 'required' | 'enum'> = {}): ParamSpec => ({
  type: 'string',
  required,
  enum: values,
  ...extra,
});

/** AnsweredBy: the OpenAPI schema's vocabulary and the AMD guide's, merged (they disagree). */
export const answeredByValues = ['human', 'machine', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'] as const;
const answeredByNote =
  'TexmlCallAmdWebhookSchema lists human, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax, unknown; the AMD guide lists human, machine, fax, unknown. Both are accepted; every machine_* value and machine mean a machine.';

/** The account and call identity most webhooks open with. */
const identity = (source: string): Record<string, ParamSpec> => ({
  AccountSid: str(true, { source }),
  CallSid: str(true, { source }),
  CallSidLegacy: str(true, { source }),
});

/**
 * What every instruction fetch carries (the voice URL, and the action, redirect and waitUrl requests
 * that fetch the next TeXML). The page calls all ten "always included", yet its own example omits
 * CallerId, CallingPartyType, FromSipUri and ToSipUri: only the six in both are required here.
 */
const instructionFetch = (requireConnection: boolean): Record<string, ParamSpec> => ({
  ...identity(FETCHING),
  From: str(true, { source: FETCHING }),
  To: str(true, { source: FETCHING }),
  ConnectionId: str(requireConnection, { source: FETCHING }),
  CallerId: str(false, { source: FETCHING, note: 'listed as always included, absent from the page\'s example: optional' }),
  CallingPartyType: str(false, {
    source: FETCHING,
    note: 'the fetching page says sip or pstn; the conference callback example shows "customer": any text is accepted',
  }),
  FromSipUri: str(false, { source: FETCHING }),
  ToSipUri: str(false, { source: FETCHING }),
  CallStatus: str(false, { source: `${FETCHING} (example request)`, note: 'only in the page\'s example (in-progress); no vocabulary is given' }),
});

/** The fields the four call-progress schemas share (initiated, ringing, answered, completed; DTMF too). */
const callProgress = (schema: string, statuses: readonly string[]): Record<string, ParamSpec> => {
  const source = OAS(schema);
  return {
    ...identity(source),
    CallInitiatedAt: time(true, { source }),
    CallStatus: oneOf(true, statuses, { source }),
    CallbackSource: oneOf(true, ['call-progress-events'], { source }),
    CallerId: str(false, { source }),
    ConnectionId: str(true, { source }),
    ErrorCode: str(false, { source }),
    ErrorMessage: str(false, { source }),
    From: str(true, { source }),
    To: str(true, { source }),
    ParentCallSid: str(false, { source }),
    ParentCallSidLegacy: str(false, { source }),
    SequenceNumber: int(true, { source }),
    ShakenStirAttestation: str(false, { source }),
    ShakenStirValidated: { type: 'boolean', required: false, source },
    Timestamp: time(true, { source }),
  };
};

const syncAmdParams = (): Record<string, ParamSpec> => ({
  AnsweredBy: oneOf(false, answeredByValues, { source: AMD_GUIDE, note: `${answeredByNote} The guide puts it on the StatusCallback request (synchronous detection); which status callbacks carry it is not said.` }),
  MachineDetectionDuration: str(false, { source: OAS('TexmlCallAmdWebhookSchema') }),
});

const completedSource = OAS('TexmlCallCompletedWebhookSchema');
const endStatuses = ['completed', 'busy', 'no-answer', 'canceled', 'failed'] as const;
const completedOnly = (): Record<string, ParamSpec> => ({
  AnsweredTime: time(false, { source: completedSource }),
  CallControlId: str(false, { source: completedSource }),
  CallDuration: str(false, { source: completedSource }),
  CallLegId: str(false, { source: completedSource }),
  CallQualityStats: str(false, { source: completedSource }),
  CallSessionId: str(false, { source: completedSource }),
  DialCallDuration: str(false, { source: completedSource }),
  DialCallSid: str(false, { source: completedSource }),
  DialCallSidLegacy: str(false, { source: completedSource }),
  DialCallStatus: oneOf(false, endStatuses, { source: completedSource }),
  EndTime: time(false, { source: completedSource }),
  HangupCause: str(false, { source: completedSource }),
  HangupSource: str(false, { source: completedSource }),
  OccurredAt: time(false, { source: completedSource }),
  OrganizationId: str(false, { source: completedSource }),
  RecordingDuration: str(false, { source: completedSource }),
  RecordingUrl: str(false, { source: completedSource }),
  SipHangupCause: str(false, { source: completedSource }),
  StartTime: time(false, { source: completedSource }),
  UserId: str(false, { source: completedSource }),
});

const recordingSource = PAGE('texml-recording-completed');
const recordingParams = (): Record<string, ParamSpec> => ({
  ...identity(recordingSource),
  ConnectionId: str(false, { source: recordingSource }),
  RecordingChannels: int(false, { source: recordingSource }),
  RecordingDuration: str(false, { source: recordingSource, note: 'in the completed callback only' }),
  RecordingSid: str(true, { source: recordingSource }),
  RecordingSource: str(false, { source: recordingSource, note: 'the example shows DialVerb; no vocabulary is given' }),
  RecordingStatus: oneOf(false, ['in-progress', 'completed', 'absent'], {
    source: `${recordingSource}; ${PAGE('texml-recording-in-progress')}; docs texml-verbs/recording (absent)`,
  }),
  RecordingUrl: str(false, { source: recordingSource, note: 'in the completed callback only' }),
});

const conferenceSource = PAGE('texml-conference-start');
const streamSource = PAGE('texml-stream');
const queueSource = PAGE('texml-queue');
const transcriptionSource = PAGE('texml-transcription');
const siprecSource = `${KB('siprec.md')} (Expected callbacks); ${PAGE('texml-siprec')}`;
const realtimeSource = 'developers.telnyx.com docs texml-verbs/transcription (older page: Transcript, IsFinal, Confidence)';

/** Every request Telnyx makes to this service, by kind. */
export const webhookContract = {
  'voice-fetch': {
    title: 'Voice URL fetch',
    when: 'A call reaches the TeXML application (inbound), or a call created with Url is answered; GET (query) or POST (form) as voice_method says.',
    endpoint: 'voice',
    sources: [FETCHING],
    params: instructionFetch(true),
    notes: [
      'No AnsweredBy and no Direction: neither appears in the fetching page nor in any webhook schema.',
      'The page lists ten parameters as always included, but its example request omits four; the six in both are required.',
    ],
  },
  'gather-action': {
    title: 'Gather action',
    when: '<Gather> ends (digits, speech or timeout); the action URL, with the application\'s voice method.',
    endpoint: 'voice-step',
    sources: [OAS('TexmlGatherWebhookSchema'), KB('gather.md'), FETCHING],
    params: {
      ...instructionFetch(false),
      ...identity(OAS('TexmlGatherWebhookSchema')),
      Digits: str(false, { source: OAS('TexmlGatherWebhookSchema') }),
      SpeechResult: str(false, { source: OAS('TexmlGatherWebhookSchema') }),
      Confidence: { type: 'number', required: false, source: OAS('TexmlGatherWebhookSchema') },
    },
    notes: ['The action request fetches the next TeXML, so the instruction-fetch parameters are accepted with it.'],
  },
  'dial-action': {
    title: 'Dial action',
    when: 'The dialled call ends; the Dial action URL. dial.md points at the call-completed schema for its body.',
    endpoint: 'voice-step',
    sources: [KB('dial.md') + ' (Dial Action Callback -> texml-call-completed)', completedSource, FETCHING],
    params: {
      ...instructionFetch(false),
      ...identity(completedSource),
      ...completedOnly(),
      CallStatus: oneOf(false, ['in-progress', ...endStatuses], {
        source: completedSource,
        note: 'the completed schema lists the end statuses; the calling leg is still up when its Dial ends, so in-progress is accepted too',
      }),
      CallbackSource: oneOf(false, ['call-progress-events'], { source: completedSource }),
      CallInitiatedAt: time(false, { source: completedSource }),
      SequenceNumber: int(false, { source: completedSource }),
      Timestamp: time(false, { source: completedSource }),
      ErrorCode: str(false, { source: completedSource }),
      ErrorMessage: str(false, { source: completedSource }),
      ParentCallSid: str(false, { source: completedSource }),
      ParentCallSidLegacy: str(false, { source: completedSource }),
      ShakenStirAttestation: str(false, { source: completedSource }),
      ShakenStirValidated: { type: 'boolean', required: false, source: completedSource },
    },
    notes: ['DialCallStatus is optional in the schema; without it the service takes the dial as failed.'],
  },
  'record-action': {
    title: 'Record action',
    when: '<Record> ends; the action URL.',
    endpoint: 'voice-step',
    sources: [KB('record.md'), recordingSource, FETCHING],
    params: { ...instructionFetch(false), ...recordingParams(), Digits: str(false, { source: KB('record.md'), note: 'the key that ended the recording (finishOnKey)' }) },
    notes: ['record.md sends recording callbacks to the action URL; their body is the recording callback\'s.'],
  },
  'enqueue-action': {
    title: 'Enqueue action',
    when: 'The call leaves the queue: at once after <Leave>, after the bridged calls hang up when an agent took it, or when maxWaitTimeSecs runs out.',
    endpoint: 'voice-step',
    sources: [KB('enqueue.md'), FETCHING],
    params: {
      ...instructionFetch(false),
      QueueResult: str(false, { documented: false, note: 'TwiML\'s; Telnyx documents no QueueResult. Read only when present, never needed.' }),
      QueueSid: str(false, { documented: false, note: 'documented on the waitUrl request, not on the action' }),
      QueueTime: str(false, { documented: false, note: 'documented on the waitUrl request, not on the action' }),
    },
    notes: ['Telnyx documents no parameters of its own for the Enqueue action: only the instruction-fetch ones are certain (docs/telnyx-contract.md, open questions).'],
  },
  'pay-action': {
    title: 'Pay action',
    when: '<Pay> completes; the action URL.',
    endpoint: 'voice-step',
    sources: ['developers.telnyx.com docs/voice/programmable-voice/texml-verbs/pay (action)', FETCHING],
    params: {
      ...instructionFetch(false),
      PayResult: str(false, { source: 'developers.telnyx.com texml-verbs/pay (action)', note: 'the normalised result; the page lists no values, so flows read it as input.pay_result' }),
      Result: str(false, { source: 'developers.telnyx.com texml-verbs/pay (action)', note: 'the raw result' }),
    },
    openEnded: true,
    notes: ['The Pay page adds "available payment result fields" without naming them: other parameters are tolerated, none is read.'],
  },
  'httprequest-action': {
    title: 'HttpRequest action',
    when: '<HttpRequest async="false"> has its answer; the action URL, with fields mapped out of the response.',
    endpoint: 'voice-step',
    sources: [OAS('TexmlHttpRequestWebhookSchema'), KB('httprequest.md'), 'developers.telnyx.com texml-verbs/httprequest and texml-sending-http-requests (the element names the knowledge-base copy lost)'],
    params: {
      ...identity(OAS('TexmlHttpRequestWebhookSchema')),
      CallerId: str(false, { source: OAS('TexmlHttpRequestWebhookSchema') }),
      ConnectionId: str(true, { source: OAS('TexmlHttpRequestWebhookSchema') }),
      From: str(true, { source: OAS('TexmlHttpRequestWebhookSchema') }),
      To: str(true, { source: OAS('TexmlHttpRequestWebhookSchema') }),
    },
    openEnded: true,
    notes: [
      'additionalProperties: true: the response mapping adds parameters the author names. Each <Field> maps <Name> (a JSON path in the answer, e.g. records[0].Name) to a parameter named by <Value> (the tutorial reads {{caller_name}} after mapping records[0].Name to caller_name); the flows name it after the variable.',
      'No CallStatus, no status code of the answer and no error: a field the answer lacked is simply absent, which the flows read as their error branch.',
      'async: the verb page says the default is false (wait), the tutorial that requests are asynchronous by default; the flows always write it, the emulator follows the verb page.',
    ],
  },
  'aigather-action': {
    title: 'AIGather action',
    when: '<AIGather> completes; the action URL.',
    endpoint: 'voice-step',
    sources: [OAS('TexmlAiGatherWebhookSchema'), KB('aigather.md')],
    params: {
      ...identity(OAS('TexmlAiGatherWebhookSchema')),
      Base64MessageHistory: str(false, { source: OAS('TexmlAiGatherWebhookSchema') }),
      Base64Result: str(false, { source: OAS('TexmlAiGatherWebhookSchema') }),
      ConnectionId: str(true, { source: OAS('TexmlAiGatherWebhookSchema') }),
      From: str(true, { source: OAS('TexmlAiGatherWebhookSchema') }),
      Status: str(true, { source: OAS('TexmlAiGatherWebhookSchema'), note: 'no vocabulary is given' }),
      To: str(true, { source: OAS('TexmlAiGatherWebhookSchema') }),
    },
  },
  'refer-action': {
    title: 'Refer status (Refer action)',
    when: '<Refer> finishes; the action URL.',
    endpoint: 'voice-step',
    sources: [OAS('TexmlReferStatusWebhookSchema'), KB('refer.md')],
    params: {
      ...identity(OAS('TexmlReferStatusWebhookSchema')),
      NotifySipResponseCode: str(false, { source: OAS('TexmlReferStatusWebhookSchema') }),
      ReferCallStatus: oneOf(true, ['failed', 'in-progress', 'busy', 'canceled'], { source: OAS('TexmlReferStatusWebhookSchema') }),
      ReferSipResponseCode: str(false, { source: OAS('TexmlReferStatusWebhookSchema') }),
      Timestamp: time(true, { source: OAS('TexmlReferStatusWebhookSchema') }),
    },
  },
  'queue-wait': {
    title: 'Queue waitUrl',
    when: 'While the call waits in a queue; the Enqueue waitUrl, requested again each time its TeXML ends.',
    endpoint: 'queue-wait',
    sources: [queueSource, KB('enqueue.md'), FETCHING],
    params: {
      ...instructionFetch(true),
      AvgQueueTime: str(true, { source: queueSource, note: 'seconds, as text' }),
      CurrentQueueSize: str(true, { source: queueSource }),
      QueuePosition: str(true, { source: queueSource }),
      QueueSid: str(true, { source: queueSource, note: 'the example shows the queue name' }),
      QueueTime: str(true, { source: queueSource, note: 'seconds, as text' }),
    },
    notes: ['The queue page lists eleven parameters; the waitUrl request fetches TeXML, so the other instruction-fetch parameters are accepted too.'],
  },
  'call-initiated': {
    title: 'Status callback: initiated',
    when: 'StatusCallbackEvent includes initiated; the call\'s StatusCallback.',
    endpoint: 'callbacks/call-status',
    sources: [OAS('TexmlCallInitiatedWebhookSchema')],
    params: callProgress('TexmlCallInitiatedWebhookSchema', ['initiated']),
  },
  'call-ringing': {
    title: 'Status callback: ringing',
    when: 'StatusCallbackEvent includes ringing.',
    endpoint: 'callbacks/call-status',
    sources: [OAS('TexmlCallRingingWebhookSchema')],
    params: { ...callProgress('TexmlCallRingingWebhookSchema', ['ringing']), CallDuration: str(false, { source: OAS('TexmlCallRingingWebhookSchema') }) },
  },
  'call-answered': {
    title: 'Status callback: answered',
    when: 'StatusCallbackEvent includes answered; CallStatus is in-progress.',
    endpoint: 'callbacks/call-status',
    sources: [OAS('TexmlCallAnsweredWebhookSchema'), AMD_GUIDE],
    params: {
      ...callProgress('TexmlCallAnsweredWebhookSchema', ['in-progress']),
      CallDuration: str(false, { source: OAS('TexmlCallAnsweredWebhookSchema') }),
      Codec: str(false, { source: OAS('TexmlCallAnsweredWebhookSchema') }),
      SamplingRate: str(false, { source: OAS('TexmlCallAnsweredWebhookSchema') }),
      ...syncAmdParams(),
    },
    notes: ['AnsweredBy: the AMD guide says synchronous detection puts it on the StatusCallback request; the schema does not list it. Accepted when present.'],
  },
  'call-completed': {
    title: 'Status callback: completed',
    when: 'The call ends (completed, busy, no-answer, canceled, failed).',
    endpoint: 'callbacks/call-status',
    sources: [completedSource],
    params: { ...callProgress('TexmlCallCompletedWebhookSchema', endStatuses), ...completedOnly(), ...syncAmdParams() },
    notes: ['AnsweredBy on the completed callback: as on answered, from the AMD guide, accepted when present.'],
  },
  'amd-sync': {
    title: 'AMD verdict, synchronous (on the StatusCallback)',
    when: 'MachineDetection on, AsyncAmd false: Telnyx holds the TeXML until detection ends, then posts the verdict to StatusCallback; TeXML in the answer runs next.',
    endpoint: 'callbacks/call-status',
    sources: [OAS('TexmlCallAmdWebhookSchema'), AMD_GUIDE, KB('dial.md') + ' (AMD Callback)'],
    params: amdParams(),
    notes: ['No CallStatus: the AMD webhook schema has none, and the status-callback endpoint accepts it without one.'],
  },
  'amd-async': {
    title: 'AMD verdict, asynchronous (AsyncAmdStatusCallback)',
    when: 'AsyncAmd true: TeXML runs at once; the verdict goes to AsyncAmdStatusCallback.',
    endpoint: 'callbacks/amd',
    sources: [OAS('TexmlCallAmdWebhookSchema'), AMD_GUIDE],
    params: amdParams(),
    notes: ['The guide lists AnsweredBy, CallSid and AccountSid; the schema adds CallSidLegacy, ConnectionId and MachineDetectionDuration as required. The guide\'s three are required here, the rest accepted.'],
  },
  dtmf: {
    title: 'Status callback: DTMF',
    when: 'StatusCallbackEvent includes dtmf; one callback per key.',
    endpoint: 'callbacks/call-status',
    sources: [OAS('TexmlCallDtmfWebhookSchema')],
    params: { ...callProgress('TexmlCallDtmfWebhookSchema', ['dtmf']), Digit: str(true, { source: OAS('TexmlCallDtmfWebhookSchema') }) },
  },
  recording: {
    title: 'Recording status callback',
    when: 'recordingStatusCallbackEvent (in-progress, completed, absent) on Record, Dial, Conference or <Start><Recording>.',
    endpoint: 'callbacks/recording',
    sources: [recordingSource, PAGE('texml-recording-in-progress')],
    params: recordingParams(),
    notes: ['RecordingStatus is absent from no example; the service takes a recording callback without one as completed.'],
  },
  'recording-transcription': {
    title: 'Recording transcription callback',
    when: '<Record transcription="true" transcriptionCallback=...>: once the recording is transcribed.',
    endpoint: 'callbacks/transcription',
    sources: [transcriptionSource, KB('record.md')],
    params: {
      ...identity(transcriptionSource),
      CallStatus: str(false, { source: transcriptionSource }),
      From: str(false, { source: transcriptionSource }),
      To: str(false, { source: transcriptionSource }),
      RecordingSid: str(false, { source: transcriptionSource }),
      RecordingUrl: str(false, { source: transcriptionSource }),
      TranscriptionSid: str(true, { source: transcriptionSource }),
      TranscriptionStatus: str(false, { source: transcriptionSource, note: 'the example shows completed; no vocabulary is given' }),
      TranscriptionText: str(false, { source: transcriptionSource }),
    },
    notes: ['Shares its URL attribute name (transcriptionCallback) with the real-time shape; the service tells them apart by TranscriptionSid.'],
  },
  'realtime-transcription': {
    title: 'Real-time transcription callback (<Start><Transcription>)',
    when: 'Each interim or final result of <Start><Transcription transcriptionCallback=...>.',
    endpoint: 'callbacks/transcription',
    sources: [realtimeSource, KB('transcription.md')],
    params: {
      AccountSid: str(false, { source: realtimeSource }),
      CallSid: str(true, { source: realtimeSource, note: 'needed to put the result on the call\'s timeline' }),
      CallSidLegacy: str(false, { source: realtimeSource }),
      Transcript: str(true, { source: realtimeSource }),
      IsFinal: { type: 'boolean', required: false, source: realtimeSource },
      Confidence: { type: 'number', required: false, source: realtimeSource },
      Timestamp: time(false, { source: realtimeSource }),
    },
    notes: [
      'Telnyx\'s pages disagree: transcription.md points at the texml-transcription page (the recording shape, with TranscriptionSid), the older verb page documents Transcript, IsFinal and Confidence without a TranscriptionSid. Both shapes are accepted on the same endpoint and both are stored.',
    ],
  },
  conference: {
    title: 'Conference status callback',
    when: 'statusCallbackEvent on <Conference> (start, end, join, leave, speaker).',
    endpoint: 'callbacks/conference',
    sources: [conferenceSource, PAGE('texml-conference-join'), PAGE('texml-conference-leave'), KB('conference.md')],
    params: {
      ...identity(conferenceSource),
      ConferenceSid: str(true, { source: conferenceSource }),
      ConnectionId: str(false, { source: conferenceSource }),
      FriendlyName: str(false, { source: conferenceSource }),
      SequenceNumber: int(false, { source: conferenceSource }),
      StatusCallbackEvent: oneOf(true, ['conference-start', 'conference-end', 'participant-join', 'participant-leave', 'participant-speech-start', 'participant-speech-stop'], {
        source: conferenceSource,
        note: 'start/end/join/leave from the callback pages; the speaker event\'s value is not in what we read, so any other value is accepted as well (open vocabulary)',
      }),
      Timestamp: time(false, { source: conferenceSource }),
      CallingPartyType: str(false, { source: conferenceSource }),
      From: str(false, { source: conferenceSource }),
      FromSipUri: str(false, { source: conferenceSource }),
      ParticipantLabel: str(false, { source: conferenceSource }),
      To: str(false, { source: conferenceSource }),
      ToSipUri: str(false, { source: conferenceSource }),
    },
  },
  siprec: {
    title: 'SIPREC status callback',
    when: '<Start><Siprec statusCallback=...>: siprec-started, siprec-stopped, siprec-failed.',
    endpoint: 'callbacks/siprec',
    sources: [siprecSource],
    params: {
      AccountSid: str(false, { source: siprecSource }),
      CallSid: str(false, { source: siprecSource }),
      CallSidLegacy: str(false, { source: siprecSource }),
      SiprecEvent: oneOf(true, ['siprec-started', 'siprec-stopped', 'siprec-failed'], { source: siprecSource }),
      SiprecSid: str(true, { source: siprecSource }),
      SiprecName: str(false, { source: siprecSource }),
      SiprecError: str(false, { source: siprecSource, note: 'on siprec-failed' }),
      Timestamp: time(false, { source: siprecSource }),
    },
    notes: ['siprec.md names the three events and the texml-siprec page; only SiprecEvent and SiprecSid are taken as certain, the call identity is accepted when present.'],
  },
  stream: {
    title: 'Media stream status callback',
    when: '<Start><Stream statusCallback=...>: stream-started, stream-stopped, stream-failed.',
    endpoint: 'callbacks/stream',
    sources: [streamSource, KB('stream.md')],
    params: {
      ...identity(streamSource),
      StreamEvent: oneOf(true, ['stream-started', 'stream-stopped', 'stream-failed'], { source: streamSource }),
      StreamName: str(false, { source: streamSource }),
      StreamSid: str(true, { source: streamSource }),
      Timestamp: time(false, { source: streamSource }),
      StreamError: str(false, { source: streamSource, note: 'on stream-failed' }),
    },
  },
} as const satisfies Record<string, WebhookSpec>;

function amdParams(): Record<string, ParamSpec> {
  const source = OAS('TexmlCallAmdWebhookSchema');
  return {
    AccountSid: str(true, { source }),
    AnsweredBy: oneOf(true, answeredByValues, { source, note: answeredByNote }),
    CallSid: str(true, { source }),
    CallSidLegacy: str(false, { source, note: 'required in the schema, absent from the AMD guide\'s list' }),
    ConnectionId: str(false, { source, note: 'required in the schema, absent from the AMD guide\'s list' }),
    MachineDetectionDuration: str(false, { source, note: 'required in the schema, absent from the AMD guide\'s list' }),
  };
}

export type WebhookKind = keyof typeof webhookContract;
export const webhookKinds = Object.keys(webhookContract) as WebhookKind[];

/** Kinds whose StatusCallbackEvent vocabulary is open (values beyond the listed ones are accepted). */
export const openVocabularies: ReadonlySet<string> = new Set(['conference.StatusCallbackEvent']);
