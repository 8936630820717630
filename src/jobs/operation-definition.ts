import type { ServiceUrls } from '../urls/service-urls';
import type { z } from 'zod';
import type Telnyx from 'telnyx';
import type { TelnyxSettings } from '../telnyx/telnyx-settings';
import type { OperationName } from './operation-names';
import type { SecretsManifest } from './secrets-manifest';

/** Which queue runs an operation: dials go through the shared dial-rate limiter. */
export type OperationLane = 'ops' | 'dials';

/**
 * What a retry may do after an ambiguous failure (a timeout or a reset after the request was sent):
 * - `retry`: reads and updates that are safe to send again;
 * - `reconcile`: look at Telnyx first (calls.create lists recent calls to the number);
 * - `fail`: do not send again (participants.dial: a second dial is worse than none).
 */
export type AmbiguityPolicy = 'retry' | 'reconcile' | 'fail';

/** Everything a processor needs besides the payload; built once per worker. */
export interface OperationContext {
  telnyx: Telnyx;
  settings: TelnyxSettings;
  /** PUBLIC_BASE_URL without a trailing slash: base of the Url a call runs and of callbacks. */
  publicBaseUrl: string | undefined;
  /** Builds the sealed URLs handed to Telnyx (src/urls); absent only where no flow URL is built. */
  urls?: ServiceUrls;
  /** Reads an environment variable at processing time (secret values never travel in a job). */
  readEnv(name: string): string | undefined;
  /** The secrets manifest (read when asked): secrets.upsert reads only a variable it declares. */
  secretsManifest?: () => Promise<SecretsManifest>;
  /** The BullMQ job id. */
  jobId: string;
  /** Delivers `notify` jobs (signed POSTs) and records them on the call's timeline. */
  notify?: NotifyService;
}

/** What the `notify` operation needs; built once per worker. */
export interface NotifyService {
  send(request: { url: string; payload: unknown }): Promise<{ status: number; deliveredAt: string }>;
  /** NOTIFY_URL: where a notify without its own url goes. */
  defaultUrl: string | undefined;
  /** Records the delivery on the call's timeline (best effort: the delivery already happened). */
  recordDelivery?(delivery: { callSid: string; flow?: string; event: string; url: string; status: number; deliveredAt: string; jobId: string }): Promise<void>;
}

/** A call found when reconciling an ambiguous dial. */
export interface ReconciledCall {
  sid: string | undefined;
  status: string | undefined;
  to: string | undefined;
  from: string | undefined;
  startTime: string | undefined;
}

/** Where a dial went, for at-most-once bookkeeping. */
export interface DialTarget {
  to: string;
  from: string;
}

/**
 * One Telnyx operation: its payload schema (snake_case keys, as flows write them), the REST
 * endpoint it calls and the function that calls it through the SDK.
 */
export interface OperationDefinition<P = unknown, N extends OperationName = OperationName> {
  readonly op: N;
  readonly summary: string;
  /** `METHOD /path` relative to /v2, for docs and logs. */
  readonly endpoint: string;
  readonly lane: OperationLane;
  readonly ambiguity: AmbiguityPolicy;
  readonly schema: z.ZodType<P, unknown>;
  run(params: P, context: OperationContext): Promise<unknown>;
  /** For `reconcile` operations: where the dial goes. */
  dialTarget?(params: P, context: OperationContext): DialTarget;
  /** For `reconcile` operations: calls to the target started at or after `since`. */
  reconcile?(params: P, context: OperationContext, since: Date): Promise<ReconciledCall[]>;
}

/** Keeps the payload type of one definition while the catalogue stores them side by side. */
export function defineOperation<P, const N extends OperationName>(definition: OperationDefinition<P, N>): OperationDefinition<P, N> {
  return definition;
}
