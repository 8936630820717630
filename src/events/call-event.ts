/** The kinds of callback Telnyx sends, each on its own endpoint. */
export const callbackKinds = ['call-status', 'amd', 'recording', 'transcription', 'conference', 'queue', 'stream', 'siprec'] as const;
export type CallbackKind = (typeof callbackKinds)[number];
/** Events the service records itself: the steps a flow rendered, notifications delivered. */
export type EventKind = CallbackKind | 'flow' | 'notify';

/** One normalised callback: what happened to which call, and the identity that makes it unique. */
export interface CallEvent {
  /** Natural identity: a repeated delivery of the same event has the same id. */
  id: string;
  kind: EventKind;
  /** e.g. `call.completed`, `recording.completed`, `amd.machine`, `conference.participant-join`. */
  type: string;
  callSid: string;
  /** ISO time Telnyx stamped on the event (or when we received it, if it had none). */
  occurredAt: string;
  receivedAt: string;
  /** Telnyx's SequenceNumber where it sends one: orders events with the same timestamp. */
  sequence: number | null;
  /** The flow named on the callback URL (`?flow=`), if any. */
  flow: string | null;
  /** The fields of the callback worth keeping, snake_case. */
  data: Record<string, string>;
}

/** Call statuses by progress. A call never moves back down this order; terminal ones never change. */
export const callStatusRank: Readonly<Record<string, number>> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  'in-progress': 3,
  answered: 3,
  completed: 4,
  busy: 4,
  'no-answer': 4,
  canceled: 4,
  failed: 4,
};

export const TERMINAL_RANK = 4;
