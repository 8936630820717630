/** What a dial past the concurrent-call cap does. */
export type ChannelLimitMode =
  /** Like Telnyx: the request succeeds (status queued) and the call fails at once with SIP 403 "User channel limit exceeded". */
  | 'fail-call'
  /** The request itself fails with HTTP 403 (an emulator convenience, not Telnyx behaviour). */
  | 'reject';

export interface EmulatorLimits {
  /** Dials per second averaged over the window; Telnyx's default is 30. null: no limit. */
  dialsPerSecond: number | null;
  /** Length of the rolling window in seconds; Telnyx uses 5. */
  dialWindowSeconds: number;
  /** Calls not yet ended that an account may have; null: no cap. */
  maxConcurrentCalls: number | null;
  channelLimitMode: ChannelLimitMode;
}

export const DEFAULT_EMULATOR_LIMITS: Readonly<EmulatorLimits> = {
  dialsPerSecond: 30,
  dialWindowSeconds: 5,
  maxConcurrentCalls: null,
  channelLimitMode: 'fail-call',
};
