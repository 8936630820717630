import pino, { type Logger } from 'pino';
import { toAdvancingClock, type AdvancingClock } from './advancing-clock';
import { systemClock } from './clock';
import { DelayScheduler } from './delay-scheduler';
import { DialAdmission } from './dial-admission';
import { EmulatorControl } from './emulator-control';
import { DEFAULT_EMULATOR_LIMITS } from './emulator-limits';
import type { EmulatorOptions } from './emulator-options';
import { EmulatorState } from './emulator-state';
import { EmulatorConfigError } from './errors/emulator-config-error';
import { FaultInjector } from './fault-injector';
import { IdGenerator } from './id-generator';
import { CallDirector } from './player/call-director';
import { HttpRequester } from '../events/http-requester';
import { SeededRandom } from './seeded-random';
import { VirtualScheduler } from './virtual-scheduler';
import { WebhookSender } from './webhook-sender';
import { WebhookSigner } from './webhook-signer';

/** Account that connection-scoped and AI calls belong to (their paths name no account). */
export const DEFAULT_EMULATOR_ACCOUNT_SID = 'emulator-account';

/** The parts one emulator instance is made of; the app and the server share one. */
export interface EmulatorContext {
  apiKey: string;
  clock: AdvancingClock;
  state: EmulatorState;
  faults: FaultInjector;
  dials: DialAdmission;
  control: EmulatorControl;
  delays: DelayScheduler;
  logger: Logger;
  strictApplications: boolean;
  defaultAccountSid: string;
  /** Signs outgoing webhooks; its public key is what the service verifies with. */
  signer: WebhookSigner;
  sender: WebhookSender;
  /** Simulated time for played calls. */
  scheduler: VirtualScheduler;
  /** Plays calls and keeps their transcripts. */
  calls: CallDirector;
}

export function createEmulatorContext(options: EmulatorOptions): EmulatorContext {
  if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) {
    throw new EmulatorConfigError('The emulator needs a non-empty apiKey.');
  }
  const clock = toAdvancingClock(options.clock ?? systemClock);
  const state = new EmulatorState(clock, options.ids ?? new IdGenerator(), options.mediaBaseUrl);
  const faults = new FaultInjector(new SeededRandom(options.seed ?? 1));
  const dials = new DialAdmission(clock, state, { ...DEFAULT_EMULATOR_LIMITS });
  const logger = options.logger ?? pino({ level: 'silent' });
  const defaultAccountSid = options.defaultAccountSid ?? DEFAULT_EMULATOR_ACCOUNT_SID;
  const signer = new WebhookSigner(options.signingKey);
  const sender = new WebhookSender(signer, options.webhookTimeoutMs ?? 10_000);
  const scheduler = new VirtualScheduler(clock);
  const calls = new CallDirector({
    state,
    clock,
    scheduler,
    sender,
    dials,
    logger,
    requester: options.requester ?? new HttpRequester({ allowPrivate: true }),
    defaultAccountSid,
    playCalls: options.playCalls ?? true,
    ...(options.playerLimits ? { limits: options.playerLimits } : {}),
  });
  const control = new EmulatorControl(state, faults, dials, calls);
  if (options.limits) control.setLimits(options.limits);
  if (options.faults) control.addFaults(options.faults);
  return {
    apiKey: options.apiKey,
    clock,
    state,
    faults,
    dials,
    control,
    delays: new DelayScheduler(),
    logger,
    strictApplications: options.strictApplications ?? false,
    defaultAccountSid,
    signer,
    sender,
    scheduler,
    calls,
  };
}
