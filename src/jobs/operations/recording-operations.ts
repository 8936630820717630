import { z } from 'zod';
import { compact } from '../compact';
import { defineOperation } from '../operation-definition';
import { isoDate, pageFields, sid } from '../payload-fields';

export const recordingsFetch = defineOperation({
  op: 'recordings.fetch',
  summary: 'Read one recording (media URL, duration)',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Recordings/{RecordingSid}.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ recording_sid: sid }),
  run: (params, context) => context.telnyx.texml.accounts.recordings.json.retrieveRecordingSidJson(params.recording_sid, { account_sid: context.settings.accountSid }),
});

export const recordingsList = defineOperation({
  op: 'recordings.list',
  summary: 'List the account’s recordings',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Recordings.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ date_created: isoDate.optional(), ...pageFields }),
  run: (params, context) =>
    context.telnyx.texml.accounts.retrieveRecordingsJson(context.settings.accountSid, compact({ DateCreated: params.date_created, Page: params.page, PageSize: params.page_size })),
});

export const recordingsDelete = defineOperation({
  op: 'recordings.delete',
  summary: 'Delete a finished recording',
  endpoint: 'DELETE /texml/Accounts/{AccountSid}/Recordings/{RecordingSid}.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ recording_sid: sid }),
  run: async (params, context) => {
    await context.telnyx.texml.accounts.recordings.json.deleteRecordingSidJson(params.recording_sid, { account_sid: context.settings.accountSid });
    return { deleted: true, recording_sid: params.recording_sid };
  },
});

export const transcriptionsFetch = defineOperation({
  op: 'transcriptions.fetch',
  summary: 'Read one recording transcription',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Transcriptions/{TranscriptionSid}.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ transcription_sid: sid }),
  run: (params, context) =>
    context.telnyx.texml.accounts.transcriptions.json.retrieveRecordingTranscriptionSidJson(params.transcription_sid, { account_sid: context.settings.accountSid }),
});

export const transcriptionsList = defineOperation({
  op: 'transcriptions.list',
  summary: 'List the account’s transcriptions',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Transcriptions.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ page_size: pageFields.page_size }),
  run: (params, context) => context.telnyx.texml.accounts.retrieveTranscriptionsJson(context.settings.accountSid, compact({ PageSize: params.page_size })),
});

export const transcriptionsDelete = defineOperation({
  op: 'transcriptions.delete',
  summary: 'Delete a transcription',
  endpoint: 'DELETE /texml/Accounts/{AccountSid}/Transcriptions/{TranscriptionSid}.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ transcription_sid: sid }),
  run: async (params, context) => {
    await context.telnyx.texml.accounts.transcriptions.json.deleteRecordingTranscriptionSidJson(params.transcription_sid, { account_sid: context.settings.accountSid });
    return { deleted: true, transcription_sid: params.transcription_sid };
  },
});
