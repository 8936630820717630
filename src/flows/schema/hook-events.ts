/**
 * Call events a flow can hook with `on:`. The names are the event types the callback ingestion
 * produces (src/events/normalise-callback.ts): `call.<status>`, `recording.completed`,
 * `transcription.completed`, `amd.<verdict>`, `conference.<StatusCallbackEvent>`, `queue.left`.
 */
export const hookEventNames = [
  'call.completed',
  'call.busy',
  'call.no-answer',
  'call.failed',
  'call.canceled',
  'recording.completed',
  'transcription.completed',
  'amd.human',
  'amd.machine',
  'amd.fax',
  'amd.unknown',
  'conference.participant-join',
  'conference.participant-leave',
  'conference.conference-start',
  'conference.conference-end',
  'queue.left',
] as const;

export type HookEventName = (typeof hookEventNames)[number];
