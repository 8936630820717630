import type { OperationDefinition, OperationLane } from './operation-definition';
import { operationNames, type OperationName } from './operation-names';
import { applicationsCreate, applicationsDelete, applicationsUpdate, secretsUpsert } from './operations/account-operations';
import { callRecordingsStart, callRecordingsUpdate, callSiprecStart, callSiprecUpdate, callStreamsStart, callStreamsUpdate } from './operations/call-media-operations';
import { callsCreate, callsFetch, callsList, callsUpdate } from './operations/call-operations';
import { conferencesFetch, conferencesList, conferencesUpdate, participantsDial, participantsRemove, participantsUpdate } from './operations/conference-operations';
import { notify } from './operations/notify-operation';
import { queuesCreate, queuesDelete, queuesFetch, queuesList, queuesUpdate } from './operations/queue-operations';
import { recordingsDelete, recordingsFetch, recordingsList, transcriptionsDelete, transcriptionsFetch, transcriptionsList } from './operations/recording-operations';

/**
 * Every operation a job can run, keyed by its name (which is also the BullMQ job name). The
 * mapped type makes a name in operation-names.ts without a definition a compile error.
 */
export const operationCatalogue = {
  'calls.create': callsCreate,
  'calls.update': callsUpdate,
  'calls.fetch': callsFetch,
  'calls.list': callsList,
  'calls.recordings.start': callRecordingsStart,
  'calls.recordings.update': callRecordingsUpdate,
  'calls.siprec.start': callSiprecStart,
  'calls.siprec.update': callSiprecUpdate,
  'calls.streams.start': callStreamsStart,
  'calls.streams.update': callStreamsUpdate,
  'conferences.fetch': conferencesFetch,
  'conferences.list': conferencesList,
  'conferences.update': conferencesUpdate,
  'participants.dial': participantsDial,
  'participants.update': participantsUpdate,
  'participants.remove': participantsRemove,
  'queues.create': queuesCreate,
  'queues.update': queuesUpdate,
  'queues.delete': queuesDelete,
  'queues.fetch': queuesFetch,
  'queues.list': queuesList,
  'recordings.fetch': recordingsFetch,
  'recordings.list': recordingsList,
  'recordings.delete': recordingsDelete,
  'transcriptions.fetch': transcriptionsFetch,
  'transcriptions.list': transcriptionsList,
  'transcriptions.delete': transcriptionsDelete,
  'secrets.upsert': secretsUpsert,
  'applications.create': applicationsCreate,
  'applications.update': applicationsUpdate,
  'applications.delete': applicationsDelete,
  notify,
} as const satisfies { readonly [K in OperationName]: { readonly op: K; readonly lane: OperationLane } };

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (operationNames as readonly string[]).includes(value);
}

/**
 * The definition of an operation, with its payload type erased: callers validate with its schema
 * and hand the parsed value back to its own `run`, which is the only pairing that is ever made.
 */
export function operationDefinition(op: OperationName): OperationDefinition<unknown> {
  return operationCatalogue[op] as unknown as OperationDefinition<unknown>;
}

export function laneOf(op: OperationName): OperationLane {
  return operationCatalogue[op].lane;
}
