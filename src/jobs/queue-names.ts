import type { OperationLane } from './operation-definition';

/**
 * BullMQ queue names (under QUEUE_PREFIX). `dials` holds the call-creating operations and runs
 * behind the shared dial-rate limiter; everything else runs on `ops`.
 */
export const queueNames: { readonly [L in OperationLane]: string } = { ops: 'ops', dials: 'dials' };

export const lanes: readonly OperationLane[] = ['ops', 'dials'];
