/**
 * Call events a flow can hook with `on:`. The names are the event types the callback ingestion
 * produces (src/events/normalise-callback.ts): `call.<status>`, `recording.completed`,
 * `transcription.completed`, `transcription.final` (a final real-time result), `amd.<verdict>`,
 * `conference.<StatusCallbackEvent>`, `queue.left`, `siprec.started|stopped|failed`.
 */
export const hookEventNames = [
  'call.completed',
  'call.busy',
  'call.no-answer',
  'call.failed',
  'call.canceled',
  'recording.completed',
  'transcription.completed',
  'transcription.final',
  'amd.human',
  'amd.machine',
  'amd.fax',
  'amd.unknown',
  'conference.participant-join',
  'conference.participant-leave',
  'conference.conference-start',
  'conference.conference-end',
  'queue.left',
  'siprec.started',
  'siprec.stopped',
  'siprec.failed',
] as const;

export type HookEventName = (typeof hookEventNames)[number];
