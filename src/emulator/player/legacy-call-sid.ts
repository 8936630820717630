import { createHash } from 'node:crypto';

/** The CallSidLegacy Telnyx sends next to a call's CallSid (every webhook schema requires it): stable per call. */
export function legacyCallSid(sid: string): string {
  return `v2:${createHash('sha256').update(sid).digest('base64url').slice(0, 40)}`;
}
