import type { Logger } from 'pino';
import type { OutboundRequester } from '../../events/outbound-request';
import type { AdvancingClock } from '../advancing-clock';
import type { DialAdmission } from '../dial-admission';
import type { EmulatorState } from '../emulator-state';
import type { VirtualScheduler } from '../virtual-scheduler';
import type { WebhookSender } from '../webhook-sender';
import type { CallScript } from './call-script';

/** A call another call's verbs may talk to: a queue member being bridged, for one. */
export interface PlayedCallHandle {
  /** An agent's `<Dial><Queue>` took this caller out of its queue; they talk for `talkSeconds`. */
  bridgeFromQueue(bridge: QueueBridge): void;
}

export interface QueueBridge {
  agentCallSid: string;
  talkSeconds: number;
}

/** What a call player uses of the emulator. */
export interface PlayerServices {
  state: EmulatorState;
  clock: AdvancingClock;
  scheduler: VirtualScheduler;
  sender: WebhookSender;
  dials: DialAdmission;
  logger: Logger;
  /** Performs `<HttpRequest>` (the network, or a scenario's stubs). */
  requester: OutboundRequester;
  /** The played call with this sid, if it is being played. */
  playedCall(sid: string): PlayedCallHandle | undefined;
  /** The script for a call the emulator places to this number (REST calls, participants). */
  scriptFor(number: string): CallScript;
  limits: PlayerLimits;
  /** The next SequenceNumber of a conference's status callbacks. */
  conferenceSequence(conferenceSid: string): number;
}

export interface PlayerLimits {
  /** TeXML documents one call may fetch (voice URL, actions, redirects), not counting queue waits. */
  maxDocuments: number;
  /** waitUrl documents one queue wait may fetch. */
  maxWaitDocuments: number;
  /** Speaking rate used to estimate how long a `<Say>` lasts. */
  wordsPerMinute: number;
  /** How long an `<HttpRequest>` may take (Telnyx documents no limit). */
  httpRequestTimeoutMs: number;
}

export const DEFAULT_PLAYER_LIMITS: Readonly<PlayerLimits> = { maxDocuments: 200, maxWaitDocuments: 1000, wordsPerMinute: 160, httpRequestTimeoutMs: 10_000 };
