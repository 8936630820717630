import type { OperationName } from '../../jobs/operation-names';

/**
 * Operations the emulator serves that no job runs: reads the service never queues, and the
 * connection-scoped and AI call creates.
 */
type EmulatorOnlyOperationName =
  | 'calls.createForConnection'
  | 'calls.createAi'
  | 'calls.recordings.list'
  | 'conferences.recordings.list'
  | 'conferences.recordings.listJson'
  | 'participants.fetch'
  | 'participants.list'
  | 'applications.fetch'
  | 'applications.list';

/**
 * The name of an emulated REST operation (what fault rules match). One vocabulary with the job
 * catalogue: an operation a job can run has the job's name (`notify` is ours, not Telnyx's).
 */
export type EndpointName = Exclude<OperationName, 'notify'> | EmulatorOnlyOperationName;

/**
 * Names the emulator used before it took the job catalogue's: fault rules may still name them,
 * as aliases (an exact name only; a wildcard matches the current names).
 */
export const endpointNameAliases: ReadonlyMap<string, EndpointName> = new Map<string, EndpointName>([
  ['calls.recordings.create', 'calls.recordings.start'],
  ['calls.siprec.create', 'calls.siprec.start'],
  ['calls.streams.create', 'calls.streams.start'],
  ['participants.create', 'participants.dial'],
  ['participants.delete', 'participants.remove'],
  ['secrets.create', 'secrets.upsert'],
]);
