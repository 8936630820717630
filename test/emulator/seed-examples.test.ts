import { validateRestList, validateRestResource } from '../../src/telnyx/contract';
import { ACCOUNT, placeCall, useFixture } from './support/emulator-fixture';

/**
 * The 38 operations of Telnyx's generated skill page `telnyx-texml-python` ("Auto-generated from
 * Telnyx OpenAPI specs"), run through the official Node SDK with the arguments the page writes
 * (only ids changed: "account_sid", "call_sid", ... become resources the emulator holds).
 * Each response is checked for every field Telnyx's schema documents (present, null when it does
 * not apply) and for ISO-8601 in the fields the schema types `format: date-time`.
 */

/** Field lists of Telnyx's response schemas, as the official SDKs generated from them type them. */
const FIELDS = {
  // CallResource (texml-calls.openapi.yml; telnyx-python types/texml/accounts/call_resource.py)
  call: ['account_sid', 'answered_by', 'caller_name', 'date_created', 'date_updated', 'direction', 'duration', 'end_time', 'from', 'from_formatted', 'price', 'price_unit', 'sid', 'start_time', 'status', 'to', 'to_formatted', 'uri'],
  // CallResourceIndex and its siblings: the page envelope
  page: ['end', 'first_page_uri', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'start', 'uri'],
  // InitiateCallResult
  callCreated: ['from', 'to', 'status'],
  // ConferenceResource (conference_resource.py)
  conference: ['account_sid', 'api_version', 'call_sid_ending_conference', 'date_created', 'date_updated', 'friendly_name', 'reason_conference_ended', 'region', 'sid', 'status', 'subresource_uris', 'uri'],
  // ParticipantResource (participant_resource.py)
  participant: ['account_sid', 'api_version', 'call_sid', 'call_sid_legacy', 'coaching', 'coaching_call_sid', 'coaching_call_sid_legacy', 'conference_sid', 'date_created', 'date_updated', 'end_conference_on_exit', 'hold', 'muted', 'status', 'uri'],
  // ParticipantParticipantsResponse (participant_participants_response.py)
  participantCreated: ['account_sid', 'call_sid', 'coaching', 'coaching_call_sid', 'conference_sid', 'end_conference_on_exit', 'hold', 'muted', 'status', 'uri'],
  // QueueResource (queue_resource.py)
  queue: ['account_sid', 'average_wait_time', 'current_size', 'date_created', 'date_updated', 'max_size', 'sid', 'subresource_uris', 'uri'],
  // TexmlGetCallRecordingResponseBody (texml_get_call_recording_response_body.py)
  recording: ['account_sid', 'call_sid', 'channels', 'conference_sid', 'date_created', 'date_updated', 'duration', 'error_code', 'media_url', 'sid', 'source', 'start_time', 'status', 'subresources_uris', 'uri'],
  // TexmlCreateCallRecordingResponseBody (texml_create_call_recording_response_body.py)
  callRecording: ['account_sid', 'call_sid', 'channels', 'conference_sid', 'date_created', 'date_updated', 'duration', 'error_code', 'price', 'price_unit', 'sid', 'source', 'start_time', 'track', 'uri'],
  // ConferenceRetrieveRecordingsResponse.Recording (conference_retrieve_recordings_response.py)
  conferenceRecording: ['account_sid', 'call_sid', 'channels', 'conference_sid', 'date_created', 'date_updated', 'duration', 'error_code', 'media_url', 'sid', 'source', 'start_time', 'status', 'subresource_uris', 'uri'],
  // TexmlRecordingTranscription (texml_recording_transcription.py)
  transcription: ['account_sid', 'api_version', 'call_sid', 'date_created', 'date_updated', 'duration', 'recording_sid', 'sid', 'status', 'transcription_text', 'uri'],
  // CallSiprecJsonResponse / SiprecSiprecSidJsonResponse
  siprecCreated: ['account_sid', 'call_sid', 'date_created', 'date_updated', 'error_code', 'sid', 'start_time', 'status', 'track', 'uri'],
  siprecUpdated: ['account_sid', 'call_sid', 'date_updated', 'error_code', 'sid', 'status', 'uri'],
  // CallStreamsJsonResponse / StreamStreamingSidJsonResponse
  streamCreated: ['account_sid', 'call_sid', 'date_updated', 'name', 'sid', 'status', 'uri'],
  streamUpdated: ['account_sid', 'call_sid', 'date_updated', 'sid', 'status', 'uri'],
  // TexmlApplication (telnyx-node resources/texml-applications.d.ts)
  application: ['id', 'active', 'anchorsite_override', 'call_cost_in_webhooks', 'created_at', 'dtmf_type', 'first_command_timeout', 'first_command_timeout_secs', 'friendly_name', 'inbound', 'outbound', 'record_type', 'status_callback', 'status_callback_method', 'tags', 'updated_at', 'voice_fallback_url', 'voice_method', 'voice_url'],
} as const;

/** Schema fields typed `format: date-time`, per response kind. */
const ISO_FIELDS: Partial<Record<keyof typeof FIELDS, readonly string[]>> = {
  recording: ['date_created', 'date_updated', 'start_time'],
  callRecording: ['date_created', 'date_updated', 'start_time'],
  transcription: ['date_created', 'date_updated'],
  streamCreated: ['date_updated'],
  streamUpdated: ['date_updated'],
  application: ['created_at', 'updated_at'],
};

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function expectShape(kind: keyof typeof FIELDS, value: unknown): void {
  const record = value as Record<string, unknown>;
  const missing = FIELDS[kind].filter((field) => !(field in record));
  expect({ kind, missing }).toEqual({ kind, missing: [] });
  for (const field of ISO_FIELDS[kind] ?? []) {
    const text = record[field];
    if (text === null) continue;
    expect({ kind, field, text }).toEqual({ kind, field, text: expect.stringMatching(ISO_8601) });
    expect(Number.isNaN(Date.parse(text as string))).toBe(false);
  }
}

function expectPage(kind: keyof typeof FIELDS, key: string, value: unknown, minItems = 1): void {
  expectShape('page', value);
  const items = (value as Record<string, unknown>)[key] as unknown[];
  expect(items.length).toBeGreaterThanOrEqual(minItems);
  for (const item of items) expectShape(kind, item);
}

describe("seed: the telnyx-texml-python page's 38 operations through the official Node SDK", () => {
  const fx = useFixture();
  const texml = () => fx.client.texml;
  const account_sid = ACCOUNT;

  /** A conference with one participant (dialled with To/From) and a recording of it. */
  async function conferenceWithParticipant(): Promise<{ conference_sid: string; call_sid: string; recording_sid: string }> {
    const app = await fx.client.texmlApplications.create({ friendly_name: 'call-router', voice_url: 'https://example.com' });
    const joined = await texml().accounts.conferences.participants.participants('room-1', {
      account_sid,
      ApplicationSid: app.data?.id as string,
      To: '+13121230000',
      From: '+13120001234',
      Label: 'customer',
    });
    const conference_sid = joined.conference_sid as string;
    const recording = fx.emulator.state.recordings.create({ accountSid: ACCOUNT, conferenceSid: conference_sid, source: 'StartConferenceRecordingAPI' });
    fx.emulator.state.recordings.setStatus(recording.sid, 'stopped');
    return { conference_sid, call_sid: joined.call_sid as string, recording_sid: recording.sid };
  }

  /** A call with a finished recording and its transcription. */
  async function callWithRecording(): Promise<{ call_sid: string; recording_sid: string; transcription_sid: string }> {
    const call_sid = await placeCall(fx);
    const started = await texml().accounts.calls.recordingsJson.recordingsJson(call_sid, { account_sid });
    fx.emulator.state.recordings.setStatus(started.sid as string, 'stopped');
    const transcription = fx.emulator.state.transcriptions.create({ recordingSid: started.sid as string, text: 'Call me back.' });
    return { call_sid, recording_sid: started.sid as string, transcription_sid: transcription.sid };
  }

  it('TeXML applications: list, create, retrieve, update, delete (5)', async () => {
    const created = await fx.client.texmlApplications.create({ friendly_name: 'call-router', voice_url: 'https://example.com' });
    expectShape('application', created.data);
    const id = created.data?.id as string;
    const page = await fx.client.texmlApplications.list();
    expectShape('application', page.data[0]);
    expectShape('application', (await fx.client.texmlApplications.retrieve(id)).data);
    expectShape('application', (await fx.client.texmlApplications.update(id, { friendly_name: 'call-router', voice_url: 'https://example.com' })).data);
    expectShape('application', (await fx.client.texmlApplications.delete(id)).data);
  });

  it('calls: retrieve_calls, calls, retrieve, update (4)', async () => {
    const app = await fx.client.texmlApplications.create({ friendly_name: 'call-router', voice_url: 'https://example.com' });
    const created = await texml().accounts.calls.calls(account_sid, {
      body: { ApplicationSid: app.data?.id as string, From: '+13120001234', To: '+13121230000' },
    });
    expectShape('callCreated', created);
    expect(created.from).toBe('+13120001234');
    const list = await texml().accounts.calls.retrieveCalls(account_sid);
    expectPage('call', 'calls', list);
    const call_sid = list.calls?.[0]?.sid as string;
    expectShape('call', await texml().accounts.calls.retrieve(call_sid, { account_sid }));
    expectShape('call', await texml().accounts.calls.update(call_sid, { account_sid }));
  });

  it('conference participants: retrieve_participants, participants, retrieve, update, delete (5)', async () => {
    const { conference_sid, call_sid } = await conferenceWithParticipant();
    const participants = texml().accounts.conferences.participants;
    expectPage('participant', 'participants', await participants.retrieveParticipants(conference_sid, { account_sid }));
    // As the seed writes it: no To, no From (both optional in ParticipantParticipantsParams).
    expectShape('participantCreated', await participants.participants(conference_sid, { account_sid }));
    expectShape('participant', await participants.retrieve(call_sid, { account_sid, conference_sid }));
    expectShape('participant', await participants.update(call_sid, { account_sid, conference_sid }));
    await participants.delete(call_sid, { account_sid, conference_sid });
  });

  it('conferences: retrieve_conferences, retrieve, update (3)', async () => {
    const { conference_sid } = await conferenceWithParticipant();
    expectPage('conference', 'conferences', await texml().accounts.conferences.retrieveConferences(account_sid));
    expectShape('conference', await texml().accounts.conferences.retrieve(conference_sid, { account_sid }));
    expectShape('conference', await texml().accounts.conferences.update(conference_sid, { account_sid }));
  });

  it('queues: list, create, retrieve, update, delete (5)', async () => {
    // The Node SDK's create takes a body argument where the Python one takes none: an empty one.
    const queue = await texml().accounts.queues.create(account_sid, {});
    expectShape('queue', queue);
    const page = await texml().accounts.queues.list(account_sid);
    expectShape('queue', page.queues[0]);
    const queue_sid = queue.sid as string;
    expectShape('queue', await texml().accounts.queues.retrieve(queue_sid, { account_sid }));
    expectShape('queue', await texml().accounts.queues.update(queue_sid, { account_sid }));
    await texml().accounts.queues.delete(queue_sid, { account_sid });
  });

  it('account recordings: retrieve_recordings_json, retrieve_recording_sid_json, delete_recording_sid_json (3)', async () => {
    const { recording_sid } = await callWithRecording();
    expectPage('recording', 'recordings', await texml().accounts.retrieveRecordingsJson(account_sid));
    expectShape('recording', await texml().accounts.recordings.json.retrieveRecordingSidJson(recording_sid, { account_sid }));
    await texml().accounts.recordings.json.deleteRecordingSidJson(recording_sid, { account_sid });
  });

  it('call recordings: retrieve_recordings_json, recordings_json, recording_sid_json (3)', async () => {
    const call_sid = await placeCall(fx);
    const started = await texml().accounts.calls.recordingsJson.recordingsJson(call_sid, { account_sid });
    expectShape('callRecording', started);
    expectPage('recording', 'recordings', await texml().accounts.calls.recordingsJson.retrieveRecordingsJson(call_sid, { account_sid }));
    // As the seed writes it: no Status (optional in RecordingRecordingSidJsonParams).
    const updated = await texml().accounts.calls.recordings.recordingSidJson(started.sid as string, { account_sid, call_sid });
    expectShape('callRecording', updated);
  });

  it('conference recordings: retrieve_recordings, retrieve_recordings_json (2)', async () => {
    const { conference_sid } = await conferenceWithParticipant();
    expectPage('conferenceRecording', 'recordings', await texml().accounts.conferences.retrieveRecordings(conference_sid, { account_sid }));
    expectPage('recording', 'recordings', await texml().accounts.conferences.retrieveRecordingsJson(conference_sid, { account_sid }));
  });

  it('secrets (1)', async () => {
    expect(await texml().secrets({ name: 'My Secret Name', value: 'My Secret Value' })).toEqual({
      data: { name: 'My Secret Name', value: 'REDACTED' },
    });
  });

  it('SIPREC: siprec_json, siprec_sid_json (2)', async () => {
    const call_sid = await placeCall(fx);
    const started = await texml().accounts.calls.siprecJson(call_sid, { account_sid });
    expectShape('siprecCreated', started);
    // As the seed writes it: no Status (optional in SiprecSiprecSidJsonParams).
    expectShape('siprecUpdated', await texml().accounts.calls.siprec.siprecSidJson(started.sid as string, { account_sid, call_sid }));
  });

  it('streams: streams_json, streaming_sid_json (2)', async () => {
    const call_sid = await placeCall(fx);
    // As the seed writes it: no Url (optional in CallStreamsJsonParams), no Status on the update.
    const started = await texml().accounts.calls.streamsJson(call_sid, { account_sid });
    expectShape('streamCreated', started);
    expectShape('streamUpdated', await texml().accounts.calls.streams.streamingSidJson(started.sid as string, { account_sid, call_sid }));
  });

  it('transcriptions: retrieve_transcriptions_json, retrieve_recording_transcription_sid_json, delete (3)', async () => {
    const { transcription_sid } = await callWithRecording();
    expectPage('transcription', 'transcriptions', await texml().accounts.retrieveTranscriptionsJson(account_sid));
    const json = texml().accounts.transcriptions.json;
    expectShape('transcription', await json.retrieveRecordingTranscriptionSidJson(transcription_sid, { account_sid }));
    await json.deleteRecordingTranscriptionSidJson(transcription_sid, { account_sid });
  });

  describe('against the project contract (src/telnyx/contract)', () => {
    it('when each resource kind and list is fetched, then the contract finds nothing wrong', async () => {
      const { conference_sid, call_sid: participantSid } = await conferenceWithParticipant();
      const { call_sid, recording_sid, transcription_sid } = await callWithRecording();
      const queue = await texml().accounts.queues.create(account_sid, {});
      const siprec = await texml().accounts.calls.siprecJson(call_sid, { account_sid });
      const stream = await texml().accounts.calls.streamsJson(call_sid, { account_sid, Url: 'wss://media.example/s' });
      const app = await fx.client.texmlApplications.create({ friendly_name: 'call-router', voice_url: 'https://example.com' });
      const problems = [
        ...validateRestResource('call', await texml().accounts.calls.retrieve(call_sid, { account_sid })),
        ...validateRestResource('conference', await texml().accounts.conferences.retrieve(conference_sid, { account_sid })),
        ...validateRestResource('participant', await texml().accounts.conferences.participants.retrieve(participantSid, { account_sid, conference_sid })),
        ...validateRestResource('queue', queue),
        ...validateRestResource('recording', await texml().accounts.recordings.json.retrieveRecordingSidJson(recording_sid, { account_sid })),
        ...validateRestResource('transcription', await texml().accounts.transcriptions.json.retrieveRecordingTranscriptionSidJson(transcription_sid, { account_sid })),
        ...validateRestResource('siprec', siprec),
        ...validateRestResource('stream', stream),
        ...validateRestResource('application', app.data),
        ...validateRestList('calls', await texml().accounts.calls.retrieveCalls(account_sid)),
        ...validateRestList('conferences', await texml().accounts.conferences.retrieveConferences(account_sid)),
        ...validateRestList('participants', await texml().accounts.conferences.participants.retrieveParticipants(conference_sid, { account_sid })),
        ...validateRestList('recordings', await texml().accounts.retrieveRecordingsJson(account_sid)),
        ...validateRestList('transcriptions', await texml().accounts.retrieveTranscriptionsJson(account_sid)),
      ];
      expect(problems).toEqual([]);
    });
  });

  describe('paginators', () => {
    it('when the queue list is walked by the Node SDK from no Page or Page 1, then every queue comes once', async () => {
      const names = ['q1', 'q2', 'q3', 'q4', 'q5'];
      for (const name of names) await texml().accounts.queues.create(account_sid, { FriendlyName: name });
      for (const start of [{}, { Page: 1 }]) {
        const seen: string[] = [];
        for await (const queue of texml().accounts.queues.list(account_sid, { PageSize: 2, ...start })) seen.push(queue.sid as string);
        expect(new Set(seen).size).toBe(names.length);
        expect(seen).toHaveLength(names.length);
      }
    });

    it('when a list is walked through next_page_uri, then every item comes once and the last page says null', async () => {
      for (let i = 0; i < 5; i += 1) await placeCall(fx);
      const seen: string[] = [];
      let page = await texml().accounts.calls.retrieveCalls(account_sid, { PageSize: 2 });
      for (;;) {
        seen.push(...(page.calls ?? []).map((c) => c.sid as string));
        if (page.next_page_uri === null) break;
        const query = Object.fromEntries(new URL(page.next_page_uri as string, 'http://x').searchParams);
        page = await texml().accounts.calls.retrieveCalls(account_sid, { Page: Number(query.Page), PageSize: 2, PageToken: query.PageToken });
      }
      expect(new Set(seen).size).toBe(5);
      expect(seen).toHaveLength(5);
      expect((page as Record<string, unknown>).previous_page_uri).toEqual(expect.stringContaining('Page=1'));
    });
  });
});
