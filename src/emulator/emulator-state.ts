import { EventEmitter } from 'node:events';
import type { Clock } from './clock';
import { IdGenerator } from './id-generator';
import { isTerminalCallStatus, type CallStatus, type EmulatedCall, type EmulatorEventName, type EmulatorEvents } from './emulator-models';
import { ApplicationStore } from './state/application-store';
import { CallStore } from './state/call-store';
import { ConferenceStore } from './state/conference-store';
import { DialLog } from './state/dial-log';
import { ParticipantStore } from './state/participant-store';
import { QueueStore } from './state/queue-store';
import { RecordingStore } from './state/recording-store';
import { SecretStore } from './state/secret-store';
import { SiprecStore } from './state/siprec-store';
import { StreamStore } from './state/stream-store';
import { TranscriptionStore } from './state/transcription-store';

/**
 * All emulated Telnyx state, one store per resource (`state.calls`, `state.conferences`, ...),
 * and the only place it changes. REST handlers and the call player drive it through the stores'
 * methods; every change is announced on this emitter as an event carrying a snapshot, so tests
 * and the player can wait on "call created" instead of polling.
 *
 * Getters return snapshots: mutate through the methods, never through a returned object.
 */
export class EmulatorState extends EventEmitter<EmulatorEvents> {
  /** Every call leg created through the REST API or by dialing, oldest first. */
  readonly dialLog = new DialLog();
  readonly calls: CallStore;
  readonly conferences: ConferenceStore;
  readonly participants: ParticipantStore;
  readonly queues: QueueStore;
  readonly recordings: RecordingStore;
  readonly transcriptions: TranscriptionStore;
  readonly siprec: SiprecStore;
  readonly streams: StreamStore;
  readonly applications: ApplicationStore;
  readonly secrets: SecretStore;

  constructor(clock: Clock, ids: IdGenerator = new IdGenerator(), mediaBaseUrl: string = 'https://media.emulator.invalid/recordings') {
    super();
    // Many concurrent waitFor() calls in a test are normal, not a leak.
    this.setMaxListeners(0);
    this.calls = new CallStore(this, clock, ids, this.dialLog, (call, previousStatus) => this.afterCallStatusChange(call, previousStatus));
    this.conferences = new ConferenceStore(this, clock, ids, (conferenceSid) => this.participants.releaseAll(conferenceSid));
    this.participants = new ParticipantStore(this, clock, this.calls, this.conferences, this.dialLog);
    this.queues = new QueueStore(this, clock, ids, this.calls);
    this.recordings = new RecordingStore(this, clock, ids, mediaBaseUrl);
    this.transcriptions = new TranscriptionStore(this, clock, ids, this.recordings);
    this.siprec = new SiprecStore(this, clock, ids, this.calls);
    this.streams = new StreamStore(this, clock, ids, this.calls);
    this.applications = new ApplicationStore(this, clock, ids);
    this.secrets = new SecretStore(this, clock);
  }

  /** Forget everything (not fault rules or limits, which live elsewhere). */
  reset(): void {
    for (const store of [
      this.calls,
      this.conferences,
      this.participants,
      this.queues,
      this.recordings,
      this.transcriptions,
      this.siprec,
      this.streams,
      this.applications,
      this.secrets,
      this.dialLog,
    ]) {
      store.clear();
    }
  }

  /** Resolves with the first event of this name whose payload passes `predicate`. */
  waitFor<K extends EmulatorEventName>(
    event: K,
    predicate: (...args: EmulatorEvents[K]) => boolean = () => true,
    options: { timeoutMs?: number } = {},
  ): Promise<EmulatorEvents[K]> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      // The generic EventEmitter types listeners per event; a local alias keeps this one readable.
      const emitter = this as unknown as EventEmitter<Record<string, unknown[]>>;
      const name: string = event;
      const listener = (...args: unknown[]): void => {
        const typed = args as EmulatorEvents[K];
        if (!predicate(...typed)) return;
        emitter.off(name, listener);
        if (timer) clearTimeout(timer);
        resolve(typed);
      };
      emitter.on(name, listener);
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          emitter.off(name, listener);
          reject(new Error(`Timed out after ${options.timeoutMs} ms waiting for emulator event ${event}`));
        }, options.timeoutMs);
        timer.unref();
      }
    });
  }

  /**
   * What a call's new status does to the other resources: its participant connects or leaves
   * first; then an ended call leaves its queues and stops its recordings, streams and SIPREC.
   */
  private afterCallStatusChange(call: Readonly<EmulatedCall>, previousStatus: CallStatus): void {
    this.participants.afterCallStatusChange(call, previousStatus);
    if (!isTerminalCallStatus(call.status)) return;
    this.queues.removeCall(call.sid);
    this.recordings.stopForCall(call.sid);
    this.streams.stopForCall(call.sid);
    this.siprec.stopForCall(call.sid);
  }
}
