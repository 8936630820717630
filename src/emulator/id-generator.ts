import { randomBytes, randomUUID } from 'node:crypto';

/** Identifiers shaped like Telnyx's: `v3:` call sids, UUIDs for TeXML sub-resources, numeric application ids. */
export class IdGenerator {
  callSid(): string {
    return `v3:${randomBytes(30).toString('base64url')}`;
  }

  uuid(): string {
    return randomUUID();
  }

  /** TeXML application ids are 19-digit decimal strings. */
  applicationId(): string {
    const digits = Array.from(randomBytes(18), (b) => String(b % 10)).join('');
    return `1${digits}`;
  }
}
