import { createHash, randomUUID } from 'node:crypto';

const SAFE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The BullMQ job id for a request. A caller's idempotency key becomes the id, so enqueueing the
 * same key twice is one job. BullMQ refuses ids with ':' (call sids have one) and all-digit ids,
 * so such keys are made safe and suffixed with a hash of the original (distinct keys stay distinct).
 * Without a key the id is a random UUID.
 */
export function jobIdFor(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  if (SAFE.test(idempotencyKey) && !/^\d+$/.test(idempotencyKey)) return idempotencyKey;
  const readable = idempotencyKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  const hash = createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 16);
  return `${readable}~${hash}`;
}
