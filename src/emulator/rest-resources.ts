import type {
  EmulatedApplication,
  EmulatedCall,
  EmulatedConference,
  EmulatedParticipant,
  EmulatedQueue,
  EmulatedRecording,
  EmulatedSiprecSession,
  EmulatedStream,
  EmulatedTranscription,
} from './emulator-models';

/**
 * Wire shapes of the TeXML REST API, field for field as Telnyx's OpenAPI schemas (through the
 * official SDKs generated from them: telnyx-python `src/telnyx/types/texml/**`, telnyx-node
 * `resources/texml/**`) name them. Every documented field is present; one that does not apply
 * is null; nothing else is sent (a queue's name and a participant's label stay in the emulator's
 * state: Telnyx's QueueResource and ParticipantResource have no such field). Date fields follow each schema's type: `format: date-time` (recordings,
 * transcriptions, streams: the Python SDK parses them as `datetime`) is ISO-8601; plain strings
 * (calls, conferences, participants, queues, SIPREC) keep the RFC 2822 text of Telnyx's examples.
 */

const API_VERSION = '2010-04-01';

/** Schemas typed `string` carry RFC 2822 dates, as Telnyx's examples show: "Thu, 15 Jun 2023 09:56:45 +0000" (CallResource). */
export function formatTexmlDate(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** Schemas typed `format: date-time` carry ISO-8601 (TexmlGetCallRecordingResponseBody, TexmlRecordingTranscription, stream responses). */
export function formatIsoDate(ms: number): string {
  return new Date(ms).toISOString();
}

export function accountPath(accountSid: string): string {
  return `/v2/texml/Accounts/${accountSid}`;
}

/** North American numbers as "(312) 345-6789"; anything else unchanged. */
export function formatNumber(address: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(address);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : address;
}

function durationSeconds(from: number | undefined, to: number | undefined, now: number): number {
  if (from === undefined) return 0;
  return Math.max(0, Math.round(((to ?? now) - from) / 1000));
}

export function callUri(call: EmulatedCall): string {
  return `${accountPath(call.accountSid)}/Calls/${call.sid}.json`;
}

export function callResource(call: EmulatedCall, now: number): Record<string, unknown> {
  return {
    account_sid: call.accountSid,
    answered_by: call.answeredBy ?? null,
    caller_name: call.callerId ?? call.from,
    date_created: formatTexmlDate(call.createdAt),
    date_updated: formatTexmlDate(call.updatedAt),
    direction: call.direction,
    duration: String(durationSeconds(call.answeredAt, call.endedAt, now)),
    end_time: call.endedAt !== undefined ? formatTexmlDate(call.endedAt) : null,
    from: call.from,
    from_formatted: formatNumber(call.from),
    // CallResource: "Only populated when the call cost feature is enabled"; the emulator has none.
    price: null,
    price_unit: null,
    sid: call.sid,
    start_time: formatTexmlDate(call.createdAt),
    status: call.status,
    to: call.to,
    to_formatted: formatNumber(call.to),
    uri: callUri(call),
  };
}

export function conferenceUri(conference: EmulatedConference): string {
  return `${accountPath(conference.accountSid)}/Conferences/${conference.sid}.json`;
}

export function conferenceResource(conference: EmulatedConference): Record<string, unknown> {
  const base = `${accountPath(conference.accountSid)}/Conferences/${conference.sid}`;
  return {
    account_sid: conference.accountSid,
    api_version: API_VERSION,
    call_sid_ending_conference: conference.callSidEndingConference ?? null,
    date_created: formatTexmlDate(conference.createdAt),
    date_updated: formatTexmlDate(conference.updatedAt),
    friendly_name: conference.friendlyName,
    reason_conference_ended: conference.endReason ?? null,
    region: conference.region,
    sid: conference.sid,
    status: conference.status,
    subresource_uris: { participants: `${base}/Participants.json`, recordings: `${base}/Recordings.json` },
    uri: conferenceUri(conference),
  };
}

export function participantResource(participant: EmulatedParticipant): Record<string, unknown> {
  return {
    account_sid: participant.accountSid,
    api_version: API_VERSION,
    call_sid: participant.callSid,
    call_sid_legacy: participant.callSid,
    coaching: participant.coaching,
    coaching_call_sid: participant.callSidToCoach ?? null,
    coaching_call_sid_legacy: participant.callSidToCoach ?? null,
    conference_sid: participant.conferenceSid,
    date_created: formatTexmlDate(participant.createdAt),
    date_updated: formatTexmlDate(participant.updatedAt),
    end_conference_on_exit: participant.endConferenceOnExit,
    hold: participant.hold,
    muted: participant.muted,
    status: participant.status,
    uri: `${accountPath(participant.accountSid)}/Conferences/${participant.conferenceSid}/Participants/${participant.callSid}.json`,
  };
}

export function queueResource(queue: EmulatedQueue, now: number): Record<string, unknown> {
  const waitingMs = queue.members.reduce((sum, m) => sum + (now - m.enqueuedAt), 0);
  const counted = queue.completedMembers + queue.members.length;
  const average = counted === 0 ? 0 : Math.round((queue.completedWaitMs + waitingMs) / counted / 1000);
  const base = `${accountPath(queue.accountSid)}/Queues/${queue.sid}`;
  return {
    account_sid: queue.accountSid,
    average_wait_time: average,
    current_size: queue.members.length,
    date_created: formatTexmlDate(queue.createdAt),
    date_updated: formatTexmlDate(queue.updatedAt),
    max_size: queue.maxSize,
    sid: queue.sid,
    subresource_uris: { members: `${base}/Members.json` },
    uri: `${base}.json`,
  };
}

/** The account-level shape (TexmlGetCallRecordingResponseBody). */
export function recordingResource(recording: EmulatedRecording, duration: number, hasTranscriptions: boolean): Record<string, unknown> {
  const uri = `${accountPath(recording.accountSid)}/Recordings/${recording.sid}.json`;
  return {
    account_sid: recording.accountSid,
    call_sid: recording.callSid ?? null,
    channels: recording.channels,
    conference_sid: recording.conferenceSid ?? null,
    date_created: formatIsoDate(recording.createdAt),
    date_updated: formatIsoDate(recording.updatedAt),
    duration: recording.status === 'completed' ? String(duration) : null,
    error_code: recording.errorCode ?? null,
    media_url: recording.mediaUrl,
    sid: recording.sid,
    source: recording.source,
    start_time: formatIsoDate(recording.startedAt),
    status: recording.status,
    subresources_uris: {
      transcriptions: hasTranscriptions ? `${accountPath(recording.accountSid)}/Recordings/${recording.sid}/Transcriptions.json` : null,
    },
    uri,
  };
}

/** The shape returned when a call recording is started or updated (TexmlCreateCallRecordingResponseBody). */
export function callRecordingResource(recording: EmulatedRecording, duration: number): Record<string, unknown> {
  return {
    account_sid: recording.accountSid,
    call_sid: recording.callSid ?? null,
    channels: recording.channels,
    conference_sid: recording.conferenceSid ?? null,
    date_created: formatIsoDate(recording.createdAt),
    date_updated: formatIsoDate(recording.updatedAt),
    duration: recording.status === 'completed' ? String(duration) : null,
    error_code: recording.errorCode ?? null,
    price: null,
    price_unit: null,
    sid: recording.sid,
    source: recording.source,
    start_time: formatIsoDate(recording.startedAt),
    status: recording.status,
    track: recording.track ?? null,
    uri: `${accountPath(recording.accountSid)}/Calls/${recording.callSid}/Recordings/${recording.sid}.json`,
  };
}

/** The shape of GET .../Conferences/{sid}/Recordings (ConferenceRetrieveRecordingsResponse.Recording). */
export function conferenceRecordingResource(recording: EmulatedRecording, duration: number): Record<string, unknown> {
  return {
    account_sid: recording.accountSid,
    call_sid: recording.callSid ?? null,
    channels: recording.channels,
    conference_sid: recording.conferenceSid,
    date_created: formatTexmlDate(recording.createdAt),
    date_updated: formatTexmlDate(recording.updatedAt),
    duration,
    error_code: recording.errorCode ?? null,
    media_url: recording.mediaUrl,
    sid: recording.sid,
    source: recording.source,
    start_time: formatTexmlDate(recording.startedAt),
    status: recording.status === 'completed' ? 'completed' : 'processing',
    subresource_uris: {},
    uri: `${accountPath(recording.accountSid)}/Conferences/${recording.conferenceSid}/Recordings/${recording.sid}.json`,
  };
}

export function transcriptionResource(transcription: EmulatedTranscription): Record<string, unknown> {
  return {
    account_sid: transcription.accountSid,
    api_version: API_VERSION,
    call_sid: transcription.callSid ?? null,
    date_created: formatIsoDate(transcription.createdAt),
    date_updated: formatIsoDate(transcription.updatedAt),
    duration: transcription.durationSeconds === undefined ? null : String(transcription.durationSeconds),
    recording_sid: transcription.recordingSid,
    sid: transcription.sid,
    status: transcription.status,
    // TexmlRecordingTranscription: "available only when the status is completed".
    transcription_text: transcription.status === 'completed' ? transcription.text : null,
    uri: `${accountPath(transcription.accountSid)}/Transcriptions/${transcription.sid}.json`,
  };
}

export function siprecResource(session: EmulatedSiprecSession): Record<string, unknown> {
  return {
    account_sid: session.accountSid,
    call_sid: session.callSid,
    date_created: formatTexmlDate(session.createdAt),
    date_updated: formatTexmlDate(session.updatedAt),
    error_code: null,
    sid: session.sid,
    start_time: formatTexmlDate(session.createdAt),
    status: session.status,
    track: session.track,
    uri: `${accountPath(session.accountSid)}/Calls/${session.callSid}/Siprec/${session.sid}.json`,
  };
}

export function streamResource(stream: EmulatedStream): Record<string, unknown> {
  return {
    account_sid: stream.accountSid,
    call_sid: stream.callSid,
    date_updated: formatIsoDate(stream.updatedAt),
    name: stream.name ?? null,
    sid: stream.sid,
    status: stream.status,
    uri: `${accountPath(stream.accountSid)}/Calls/${stream.callSid}/Streams/${stream.sid}.json`,
  };
}

/** TeXML applications live in the JSON:API-ish part of the API: snake_case, ISO dates, `data` wrapper. */
export function applicationResource(application: EmulatedApplication): Record<string, unknown> {
  return {
    id: application.id,
    record_type: 'texml_application',
    active: application.active,
    anchorsite_override: application.anchorsiteOverride,
    call_cost_in_webhooks: application.callCostInWebhooks,
    created_at: new Date(application.createdAt).toISOString(),
    dtmf_type: application.dtmfType,
    first_command_timeout: application.firstCommandTimeout,
    first_command_timeout_secs: application.firstCommandTimeoutSecs,
    friendly_name: application.friendlyName,
    inbound: {
      channel_limit: application.inbound.channelLimit ?? null,
      shaken_stir_enabled: application.inbound.shakenStirEnabled,
      sip_subdomain: application.inbound.sipSubdomain ?? null,
      sip_subdomain_receive_settings: application.inbound.sipSubdomainReceiveSettings,
    },
    outbound: {
      channel_limit: application.outbound.channelLimit ?? null,
      outbound_voice_profile_id: application.outbound.outboundVoiceProfileId ?? null,
    },
    status_callback: application.statusCallback ?? null,
    status_callback_method: application.statusCallbackMethod,
    tags: [...application.tags],
    updated_at: new Date(application.updatedAt).toISOString(),
    voice_fallback_url: application.voiceFallbackUrl ?? null,
    voice_method: application.voiceMethod,
    voice_url: application.voiceUrl,
  };
}
