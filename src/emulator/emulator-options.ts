import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import type { FaultRuleInput } from './fault-rule';
import type { IdGenerator } from './id-generator';
import type { EmulatorLimits } from './emulator-limits';
import type { PlayerLimits } from './player/player-services';
import type { OutboundRequester } from '../events/outbound-request';

export interface EmulatorOptions {
  /** The Bearer key requests must carry. */
  apiKey: string;
  /**
   * Time source for timestamps, the dial window and played calls; defaults to the wall clock. Played
   * calls move time forward instead of sleeping: a clock with `advance(ms)` (ManualClock) is moved
   * directly; any other clock is wrapped so that the emulator's time runs ahead of it.
   */
  clock?: Clock;
  /** Seed of the RNG that decides probabilistic faults; default 1. */
  seed?: number;
  /** Fault rules installed at start. */
  faults?: FaultRuleInput[];
  /** Dial rate limit and concurrent-call cap; unset fields keep Telnyx's defaults. */
  limits?: Partial<EmulatorLimits>;
  /** Account that connection-scoped and AI calls (whose paths name no account) belong to; default `emulator-account`. */
  defaultAccountSid?: string;
  /** When true, a call create's ApplicationSid must name a TeXML application created here (else 422). */
  strictApplications?: boolean;
  /** Base of recordings' media_url; default `https://media.emulator.invalid/recordings` (not served). */
  mediaBaseUrl?: string;
  /** Where request failures are logged; default silent. */
  logger?: Logger;
  /** Identifier source; tests may pass a deterministic one. */
  ids?: IdGenerator;
  /**
   * Play calls created through the REST API (fetch their TeXML, run it, post callbacks); default
   * true. With false they stay `queued` until something moves them, as the REST-only tests want.
   * Inbound calls (`POST /_emulator/inbound`) are always played.
   */
  playCalls?: boolean;
  /** How long a played call waits for a webhook answer (TeXML fetch, callback); default 10 s. */
  webhookTimeoutMs?: number;
  /** Ed25519 private key that signs webhooks; default a fresh key per emulator. */
  signingKey?: KeyObject;
  /**
   * Performs a played `<HttpRequest>` as Telnyx would. Default: node's HTTP client, allowed to reach
   * loopback and private addresses (the emulator runs beside the backends a developer calls); the
   * simulator passes its scenario's stubs.
   */
  requester?: OutboundRequester;
  /** Guards on played calls (documents per call, speaking rate). */
  playerLimits?: Partial<PlayerLimits>;
  /** startEmulator only: interface to bind (default 127.0.0.1) and port (default 0 = ephemeral). */
  host?: string;
  port?: number;
}
