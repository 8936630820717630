/**
 * Every Telnyx REST operation the service can run as a job. Flows name them in `job: { op }`;
 * the job catalogue gives each one its payload schema and processor.
 */
export const operationNames = [
  'calls.create',
  'calls.update',
  'calls.fetch',
  'calls.list',
  'calls.recordings.start',
  'calls.recordings.update',
  'calls.siprec.start',
  'calls.siprec.update',
  'calls.streams.start',
  'calls.streams.update',
  'conferences.fetch',
  'conferences.list',
  'conferences.update',
  'participants.dial',
  'participants.update',
  'participants.remove',
  'queues.create',
  'queues.update',
  'queues.delete',
  'queues.fetch',
  'queues.list',
  'recordings.fetch',
  'recordings.list',
  'recordings.delete',
  'transcriptions.fetch',
  'transcriptions.list',
  'transcriptions.delete',
  'secrets.upsert',
  'applications.create',
  'applications.update',
  'applications.delete',
  'notify',
] as const;

export type OperationName = (typeof operationNames)[number];
