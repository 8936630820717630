/**
 * The Telnyx API error codes the emulator answers with, from Telnyx's public "API error codes"
 * table (and 90103 from the dials-per-second page). Kept in one place so a wrong guess is one edit.
 */
export const TelnyxErrorCodes = {
  invalidUrl: { code: '10003', title: 'Invalid URL' },
  missingParameter: { code: '10004', title: 'Missing required parameter' },
  notFound: { code: '10005', title: 'Resource not found' },
  unexpected: { code: '10007', title: 'Unexpected error' },
  authenticationFailed: { code: '10009', title: 'Authentication failed' },
  authorizationFailed: { code: '10010', title: 'Authorization failed' },
  tooManyRequests: { code: '10011', title: 'Too many requests' },
  duplicate: { code: '10012', title: 'Duplicate resource' },
  badRequest: { code: '10015', title: 'Bad Request' },
  notE164: { code: '10016', title: 'Phone number must be in +E.164 format' },
  associatedMissing: { code: '10017', title: 'Associated resource does not exist' },
  /** The 422 examples of texml-calls.openapi.yml (call-scripting_UnprocessableEntityResponse). */
  invalidType: { code: '10026', title: 'Invalid parameter type' },
  invalidEnum: { code: '10032', title: 'Invalid enumerated value' },
  /** Call Control's code for acting on an ended call; assumed to apply to TeXML too. */
  callEnded: { code: '90018', title: 'Call has already ended' },
  dialRateLimited: { code: '90103', title: 'Dials per second limit exceeded' },
} as const;

export type TelnyxErrorKind = keyof typeof TelnyxErrorCodes;
