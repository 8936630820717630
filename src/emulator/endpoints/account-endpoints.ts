import { dateFilter, presentFilters } from '../date-filter';
import { EmulatorConflictError } from '../errors/emulator-conflict-error';
import { EmulatorValidationError } from '../errors/emulator-validation-error';
import { TelnyxErrorCodes } from '../errors/telnyx-error-codes';
import { readTexmlPage, texmlPage } from '../pagination';
import { accountPath, queueResource, recordingResource, transcriptionResource } from '../rest-resources';
import { param, type EmulatorEndpoint } from './emulator-endpoint';

const ACCOUNT = '/texml/Accounts/:account_sid';
/** Twilio's bounds for a queue's size. */
const MAX_QUEUE_SIZE = 5000;
const DEFAULT_QUEUE_SIZE = 100;

/** Queues, and the account-wide recording and transcription collections. */
export const accountEndpoints: readonly EmulatorEndpoint[] = [
  {
    name: 'queues.list',
    method: 'GET',
    path: `${ACCOUNT}/Queues`,
    handle(request, services) {
      const { query } = request;
      const accountSid = param(request, 'account_sid');
      const created = dateFilter(query, 'DateCreated');
      const updated = dateFilter(query, 'DateUpdated');
      const page = readTexmlPage(query, 'sdk-paginated');
      const now = services.clock.now();
      const queues = services.state
        .queues.list(accountSid)
        .filter((q) => created(q.createdAt) && updated(q.updatedAt))
        .map((q) => queueResource(q, now));
      const filters = presentFilters(query, ['DateCreated', 'DateUpdated']);
      return { body: texmlPage('queues', queues, page, `${accountPath(accountSid)}/Queues.json`, filters) };
    },
  },
  {
    name: 'queues.create',
    method: 'POST',
    path: `${ACCOUNT}/Queues`,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const accountSid = param(request, 'account_sid');
      const friendlyName = body.string('FriendlyName', { maxLength: 64 });
      const maxSize = body.integer('MaxSize', { min: 1, max: MAX_QUEUE_SIZE });
      if (friendlyName !== undefined && state.queues.findByName(accountSid, friendlyName)) {
        body.fail('FriendlyName', 'duplicate', `A queue named '${friendlyName}' already exists.`);
      }
      body.assertValid();
      const queue = state.queues.create(accountSid, { friendlyName, maxSize: maxSize ?? DEFAULT_QUEUE_SIZE });
      return { status: 201, body: queueResource(queue, services.clock.now()) };
    },
  },
  {
    name: 'queues.fetch',
    method: 'GET',
    path: `${ACCOUNT}/Queues/:queue_sid`,
    handle(request, services) {
      const queue = services.state.queues.require(param(request, 'account_sid'), param(request, 'queue_sid'));
      return { body: queueResource(queue, services.clock.now()) };
    },
  },
  {
    name: 'queues.update',
    method: 'POST',
    path: `${ACCOUNT}/Queues/:queue_sid`,
    handle(request, services) {
      const { body } = request;
      const queue = services.state.queues.require(param(request, 'account_sid'), param(request, 'queue_sid'));
      const maxSize = body.integer('MaxSize', { min: 1, max: MAX_QUEUE_SIZE });
      body.assertValid();
      return { body: queueResource(services.state.queues.update(queue.sid, { maxSize }), services.clock.now()) };
    },
  },
  {
    name: 'queues.delete',
    method: 'DELETE',
    path: `${ACCOUNT}/Queues/:queue_sid`,
    handle(request, services) {
      const queue = services.state.queues.require(param(request, 'account_sid'), param(request, 'queue_sid'));
      if (queue.members.length > 0) {
        throw new EmulatorConflictError(`Queue ${queue.sid} still holds ${queue.members.length} call(s); it cannot be deleted.`);
      }
      services.state.queues.delete(queue.sid);
      return { status: 204 };
    },
  },
  {
    name: 'recordings.list',
    method: 'GET',
    path: `${ACCOUNT}/Recordings`,
    handle(request, services) {
      const { query } = request;
      const { state } = services;
      const accountSid = param(request, 'account_sid');
      const created = dateFilter(query, 'DateCreated');
      const page = readTexmlPage(query);
      const transcribed = new Set(state.transcriptions.list(accountSid).map((t) => t.recordingSid));
      const recordings = state
        .recordings.list({ accountSid })
        .filter((r) => created(r.createdAt))
        .map((r) => recordingResource(r, state.recordings.durationSeconds(r), transcribed.has(r.sid)));
      const filters = presentFilters(query, ['DateCreated']);
      return { body: texmlPage('recordings', recordings, page, `${accountPath(accountSid)}/Recordings.json`, filters) };
    },
  },
  {
    name: 'recordings.fetch',
    method: 'GET',
    path: `${ACCOUNT}/Recordings/:recording_sid`,
    handle(request, services) {
      const { state } = services;
      const recording = state.recordings.require(param(request, 'account_sid'), param(request, 'recording_sid'));
      const transcribed = state.transcriptions.list(recording.accountSid).some((t) => t.recordingSid === recording.sid);
      return { body: recordingResource(recording, state.recordings.durationSeconds(recording), transcribed) };
    },
  },
  {
    name: 'recordings.delete',
    method: 'DELETE',
    path: `${ACCOUNT}/Recordings/:recording_sid`,
    handle(request, services) {
      const recording = services.state.recordings.require(param(request, 'account_sid'), param(request, 'recording_sid'));
      if (recording.status === 'in-progress' || recording.status === 'paused') {
        throw new EmulatorConflictError(`Recording ${recording.sid} is still ${recording.status}; stop it before deleting it.`);
      }
      services.state.recordings.delete(recording.sid);
      return { status: 204 };
    },
  },
  {
    name: 'transcriptions.list',
    method: 'GET',
    path: `${ACCOUNT}/Transcriptions`,
    handle(request, services) {
      const accountSid = param(request, 'account_sid');
      const transcriptions = services.state.transcriptions.list(accountSid).map(transcriptionResource);
      const listPath = `${accountPath(accountSid)}/Transcriptions.json`;
      return { body: texmlPage('transcriptions', transcriptions, readTexmlPage(request.query), listPath) };
    },
  },
  {
    name: 'transcriptions.fetch',
    method: 'GET',
    path: `${ACCOUNT}/Transcriptions/:transcription_sid`,
    handle(request, services) {
      const transcription = services.state.transcriptions.require(param(request, 'account_sid'), param(request, 'transcription_sid'));
      return { body: transcriptionResource(transcription) };
    },
  },
  {
    name: 'transcriptions.delete',
    method: 'DELETE',
    path: `${ACCOUNT}/Transcriptions/:transcription_sid`,
    handle(request, services) {
      const transcription = services.state.transcriptions.require(param(request, 'account_sid'), param(request, 'transcription_sid'));
      services.state.transcriptions.delete(transcription.sid);
      return { status: 204 };
    },
  },
  {
    name: 'secrets.upsert',
    method: 'POST',
    path: '/texml/secrets',
    handle(request, services) {
      const { body } = request;
      const name = body.string('name', { required: true, maxLength: 256 });
      const value = body.string('value', { required: true });
      body.assertValid();
      if (name !== undefined && /[{}]/.test(name)) {
        throw new EmulatorValidationError([
          { ...TelnyxErrorCodes.badRequest, detail: "A secret's name cannot contain '{' or '}'.", source: { pointer: '/name' } },
        ]);
      }
      services.state.secrets.save(name as string, value as string);
      return { status: 201, body: { data: { name, value: 'REDACTED' } } };
    },
  },
];
