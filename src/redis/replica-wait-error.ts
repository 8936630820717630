/** Fewer replicas than required took a write in time: the write stands, but is not acknowledged. */
export class ReplicaWaitError extends Error {
  readonly code = 'REPLICA_WAIT';

  constructor(
    readonly key: string,
    readonly acknowledged: number,
    readonly required: number,
  ) {
    super(`only ${acknowledged} of ${required} Redis replicas took the write of ${key} in time`);
    this.name = 'ReplicaWaitError';
  }
}
