import type { RestFieldSpec, RestFieldType, RestResourceSpec } from './contract-types';

// Sources. OAS = ../shared/telnyx/texml-calls.openapi.yml; PY = team-telnyx/telnyx-python (the official SDK).
const OAS = (schema: string) => `texml-calls.openapi.yml components/schemas/${schema}`;
const PY = (file: string) => `telnyx-python src/telnyx/types/${file}`;
const PAGE = (page: string) => `developers.telnyx.com api-reference/texml-rest-commands/${page}`;

type FieldOptions = Omit<RestFieldSpec, 'type' | 'required' | 'nullable'> & { nullable?: boolean };
/** A documented field: always in the body, null when it does not apply (every SDK field is Optional). */
const field = (type: RestFieldType, options: FieldOptions = {}): RestFieldSpec => ({ type, required: true, nullable: options.nullable ?? true, ...options });
const text = (options: FieldOptions = {}) => field('string', options);
const oneOf = (values: readonly string[], options: FieldOptions = {}) => field('string', { ...options, enum: values });

const rfc2822Note = 'RFC 2822 in Telnyx\'s examples (Thu, 15 Jun 2023 09:56:45 +0000); the SDK types it as text';
const isoNote = 'the SDK parses it as a datetime: ISO 8601';

/** The REST resources Telnyx answers (and the emulator must answer the same way). */
export const restContract = {
  call: {
    title: 'Call',
    paths: ['/texml/Accounts/{account_sid}/Calls/{call_sid}', '/texml/Accounts/{account_sid}/Calls/{call_sid} (POST update)'],
    sources: [OAS('CallResource'), PY('texml/accounts/call_resource.py')],
    fields: {
      account_sid: text({ nullable: false }),
      answered_by: oneOf(['human', 'machine', 'not_sure'], { note: 'the REST vocabulary differs from the webhooks\' (not_sure, no machine_*)' }),
      caller_name: text(),
      date_created: field('rfc2822', { note: rfc2822Note }),
      date_updated: field('rfc2822', { note: rfc2822Note }),
      direction: oneOf(['inbound', 'outbound'], { note: 'in the REST resource only; no webhook carries it' }),
      duration: text({ note: 'seconds, as text' }),
      end_time: field('rfc2822', { note: rfc2822Note }),
      from: text(),
      from_formatted: text(),
      price: text(),
      price_unit: text(),
      sid: text({ nullable: false }),
      start_time: field('rfc2822', { note: rfc2822Note }),
      status: oneOf(['queued', 'ringing', 'in-progress', 'canceled', 'completed', 'failed', 'busy', 'no-answer'], {
        note: 'the schema lists ringing..no-answer; queued is the create answer\'s status (InitiateCallResult) and is accepted too',
      }),
      to: text(),
      to_formatted: text(),
      uri: text({ nullable: false }),
    },
  },
  'call-created': {
    title: 'Initiate call result',
    paths: ['/texml/calls/{application_id} (POST)', '/texml/Accounts/{account_sid}/Calls (POST)'],
    sources: [OAS('InitiateCallResult')],
    fields: {
      from: text(),
      status: text({ note: 'queued' }),
      to: text(),
    },
    notes: ['The create answer is small; the Calls.json create of the Twilio-style path answers a Call resource instead (both accepted: validate with "call" there).'],
  },
  conference: {
    title: 'Conference',
    paths: ['/texml/Accounts/{account_sid}/Conferences/{conference_sid}'],
    sources: [PY('texml/accounts/conference_resource.py'), PAGE('fetch-a-conference-resource')],
    fields: {
      account_sid: text({ nullable: false }),
      api_version: text(),
      call_sid_ending_conference: text(),
      date_created: text({ note: 'format not documented; the SDK types it as text' }),
      date_updated: text({ note: 'format not documented; the SDK types it as text' }),
      friendly_name: text(),
      reason_conference_ended: oneOf(['participant-with-end-conference-on-exit-left', 'last-participant-left', 'conference-ended-via-api', 'time-exceeded']),
      region: text(),
      sid: text({ nullable: false }),
      status: oneOf(['init', 'in-progress', 'completed']),
      subresource_uris: field('object'),
      uri: text({ nullable: false }),
    },
  },
  participant: {
    title: 'Conference participant',
    paths: ['/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Participants/{call_sid_or_label}'],
    sources: [PY('texml/accounts/conferences/participant_resource.py')],
    fields: {
      account_sid: text({ nullable: false }),
      api_version: text(),
      call_sid: text({ nullable: false }),
      call_sid_legacy: text(),
      coaching: field('boolean'),
      coaching_call_sid: text(),
      coaching_call_sid_legacy: text(),
      conference_sid: text({ nullable: false }),
      date_created: text({ note: 'format not documented; the SDK types it as text' }),
      date_updated: text({ note: 'format not documented; the SDK types it as text' }),
      end_conference_on_exit: field('boolean'),
      hold: field('boolean'),
      muted: field('boolean'),
      status: oneOf(['connecting', 'connected', 'completed']),
      uri: text({ nullable: false }),
    },
  },
  queue: {
    title: 'Queue',
    paths: ['/texml/Accounts/{account_sid}/Queues/{queue_sid}'],
    sources: [PY('texml/accounts/queue_resource.py'), PAGE('fetch-a-queue-resource')],
    fields: {
      account_sid: text({ nullable: false }),
      average_wait_time: field('integer'),
      current_size: field('integer'),
      date_created: text({ note: 'format not documented; the SDK types it as text' }),
      date_updated: text({ note: 'format not documented; the SDK types it as text' }),
      max_size: field('integer'),
      sid: text({ nullable: false }),
      subresource_uris: field('object'),
      uri: text({ nullable: false }),
    },
  },
  recording: {
    title: 'Recording',
    paths: [
      '/texml/Accounts/{account_sid}/Recordings/{recording_sid}.json',
      '/texml/Accounts/{account_sid}/Calls/{call_sid}/Recordings.json (items)',
      '/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Recordings.json (items)',
    ],
    sources: [PY('texml/texml_get_call_recording_response_body.py'), PY('texml/accounts/calls/texml_create_call_recording_response_body.py')],
    fields: {
      account_sid: text({ nullable: false }),
      call_sid: text(),
      channels: field('integer', { enum: ['1', '2'] }),
      conference_sid: text(),
      date_created: field('date-time', { note: isoNote }),
      date_updated: field('date-time', { note: isoNote }),
      duration: text({ note: 'seconds, as text' }),
      error_code: text(),
      media_url: text(),
      sid: text({ nullable: false }),
      source: oneOf(['StartCallRecordingAPI', 'StartConferenceRecordingAPI', 'OutboundAPI', 'DialVerb', 'Conference', 'RecordVerb', 'Trunking']),
      start_time: field('date-time', { note: isoNote }),
      status: oneOf(['in-progress', 'completed', 'paused', 'stopped']),
      subresources_uris: field('object'),
      uri: text({ nullable: false }),
    },
    notes: ['The create and update answers (Calls/{sid}/Recordings.json POST, Recordings/{sid}.json POST) add price, price_unit and track (inbound, outbound, both); those are accepted as well.'],
  },
  transcription: {
    title: 'Recording transcription',
    paths: ['/texml/Accounts/{account_sid}/Transcriptions/{recording_transcription_sid}.json'],
    sources: [PY('texml/accounts/transcriptions/texml_recording_transcription.py')],
    fields: {
      account_sid: text({ nullable: false }),
      api_version: text(),
      call_sid: text(),
      date_created: field('date-time', { note: isoNote }),
      date_updated: field('date-time', { note: isoNote }),
      duration: text(),
      recording_sid: text(),
      sid: text({ nullable: false }),
      status: oneOf(['in-progress', 'completed']),
      transcription_text: text(),
      uri: text({ nullable: false }),
    },
  },
  stream: {
    title: 'Stream',
    paths: ['/texml/Accounts/{account_sid}/Calls/{call_sid}/Streams.json (POST)', '/texml/Accounts/{account_sid}/Calls/{call_sid}/Streams/{streaming_sid}.json (POST)'],
    sources: [PY('texml/accounts/call_streams_json_response.py'), PY('texml/accounts/calls/stream_streaming_sid_json_response.py')],
    fields: {
      account_sid: text({ nullable: false }),
      call_sid: text({ nullable: false }),
      date_updated: field('date-time', { note: isoNote }),
      name: text({ note: 'in the start answer' }),
      sid: text({ nullable: false }),
      status: oneOf(['in-progress', 'stopped'], { note: 'in-progress after a start, stopped after an update' }),
      uri: text({ nullable: false }),
    },
  },
  siprec: {
    title: 'SIPREC session',
    paths: ['/texml/Accounts/{account_sid}/Calls/{call_sid}/Siprec.json (POST)', '/texml/Accounts/{account_sid}/Calls/{call_sid}/Siprec/{siprec_sid}.json (POST)'],
    sources: [PY('texml/accounts/call_siprec_json_response.py'), PY('texml/accounts/calls/siprec_siprec_sid_json_response.py'), PAGE('request-siprec-session-for-a-call')],
    fields: {
      account_sid: text({ nullable: false }),
      call_sid: text({ nullable: false }),
      date_created: text({ note: `${rfc2822Note} (request-siprec-session example)` }),
      date_updated: text({ note: `${rfc2822Note} (request-siprec-session example)` }),
      error_code: text(),
      sid: text({ nullable: false }),
      start_time: text({ note: `${rfc2822Note} (request-siprec-session example)` }),
      status: oneOf(['in-progress', 'stopped']),
      track: oneOf(['both_tracks', 'inbound_track', 'outbound_track']),
      uri: text({ nullable: false }),
    },
  },
  application: {
    title: 'TeXML application',
    paths: ['/texml_applications/{id} (inside data)'],
    sources: [PY('texml_application.py')],
    fields: {
      id: text({ nullable: false }),
      active: field('boolean'),
      anchorsite_override: text(),
      call_cost_in_webhooks: field('boolean'),
      created_at: text(),
      dtmf_type: text(),
      first_command_timeout: field('boolean'),
      first_command_timeout_secs: field('integer'),
      friendly_name: text(),
      inbound: field('object', { note: 'channel_limit, shaken_stir_enabled, sip_subdomain, sip_subdomain_receive_settings' }),
      outbound: field('object', { note: 'channel_limit, outbound_voice_profile_id' }),
      record_type: text({ note: 'texml_application' }),
      status_callback: text(),
      status_callback_method: oneOf(['get', 'post']),
      tags: field('array'),
      updated_at: text(),
      voice_fallback_url: text(),
      voice_method: oneOf(['get', 'post']),
      voice_url: text(),
    },
  },
  secret: {
    title: 'TeXML secret (inside data)',
    paths: ['/texml/secrets (POST)'],
    sources: [PY('texml_secrets_response.py')],
    fields: {
      name: text({ nullable: false }),
      value: oneOf(['REDACTED'], { nullable: false, note: 'the value is never returned' }),
    },
  },
} as const satisfies Record<string, RestResourceSpec>;

export type RestResourceKind = keyof typeof restContract;
export const restResourceKinds = Object.keys(restContract) as RestResourceKind[];

/** The Twilio-style list envelope every TeXML list answers with, by the key holding its items. */
export const listEnvelope: RestResourceSpec = {
  title: 'List envelope',
  paths: ['Calls.json', 'Conferences.json', 'Participants.json', 'Queues', 'Recordings.json', 'Transcriptions.json'],
  sources: [OAS('CallResourceIndex'), PY('texml/accounts/calls/texml_get_call_recordings_response_body.py'), PY('texml/account_retrieve_transcriptions_json_response.py')],
  fields: {
    end: field('integer', { nullable: false }),
    first_page_uri: text({ nullable: false }),
    next_page_uri: text({ note: 'null on the last page' }),
    page: field('integer', { nullable: false }),
    page_size: field('integer', { nullable: false }),
    previous_page_uri: text({ note: 'null on the first page' }),
    start: field('integer', { nullable: false }),
    uri: text({ nullable: false }),
  },
  notes: [
    'CallResourceIndex lists no previous_page_uri, the SDK\'s recording and transcription lists do: it is present everywhere, null when there is none.',
    'The Python SDK pages queues by Page starting from 1 (SyncDefaultPaginationForQueues: next page = Page + 1, first request without Page).',
  ],
};

/** Which list holds which resource, under which key. */
export const restLists = {
  calls: 'call',
  conferences: 'conference',
  participants: 'participant',
  queues: 'queue',
  recordings: 'recording',
  transcriptions: 'transcription',
} as const satisfies Record<string, RestResourceKind>;
export type RestListKey = keyof typeof restLists;
