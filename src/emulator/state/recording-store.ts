import type { Clock } from '../clock';
import type { EmulatedRecording, HttpMethod, RecordingSource } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

export interface NewRecordingInput {
  accountSid: string;
  callSid?: string;
  conferenceSid?: string;
  source: RecordingSource;
  channels?: 1 | 2;
  track?: EmulatedRecording['track'];
  playBeep?: boolean;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  statusCallbackEvents?: string[];
}

/** The emulated recordings: started, paused, resumed, stopped by the emulator's clock. */
export class RecordingStore {
  private readonly recordings = new Map<string, EmulatedRecording>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly mediaBaseUrl: string,
  ) {}

  create(input: NewRecordingInput): EmulatedRecording {
    const now = this.clock.now();
    const sid = this.ids.uuid();
    const recording: EmulatedRecording = {
      sid,
      accountSid: input.accountSid,
      callSid: input.callSid,
      conferenceSid: input.conferenceSid,
      status: 'in-progress',
      source: input.source,
      channels: input.channels ?? 1,
      track: input.track ?? 'both',
      playBeep: input.playBeep ?? true,
      statusCallback: input.statusCallback,
      statusCallbackMethod: input.statusCallbackMethod,
      statusCallbackEvents: input.statusCallbackEvents ?? ['completed'],
      createdAt: now,
      updatedAt: now,
      startedAt: now,
      endedAt: undefined,
      accumulatedMs: 0,
      runningSince: now,
      errorCode: undefined,
      mediaUrl: `${this.mediaBaseUrl}/${sid}.mp3`,
    };
    this.recordings.set(sid, recording);
    this.events.emit('recording.created', snapshot(recording));
    return snapshot(recording);
  }

  require(accountSid: string, sid: string): EmulatedRecording {
    const recording = this.recordings.get(sid);
    if (!recording || recording.accountSid !== accountSid) throw new EmulatorNotFoundError('recording');
    return snapshot(recording);
  }

  list(filter: { accountSid?: string; callSid?: string; conferenceSid?: string } = {}): EmulatedRecording[] {
    return [...this.recordings.values()]
      .filter(
        (r) =>
          (filter.accountSid === undefined || r.accountSid === filter.accountSid) &&
          (filter.callSid === undefined || r.callSid === filter.callSid) &&
          (filter.conferenceSid === undefined || r.conferenceSid === filter.conferenceSid),
      )
      .reverse()
      .map(snapshot);
  }

  /** in-progress / paused / stopped. Stopping completes the recording; an ended one never changes. */
  setStatus(sid: string, status: 'in-progress' | 'paused' | 'stopped'): EmulatedRecording {
    const recording = this.mutable(sid);
    if (recording.status === 'completed' || recording.status === 'stopped') return snapshot(recording);
    const now = this.clock.now();
    if (recording.runningSince !== undefined && status !== 'in-progress') {
      recording.accumulatedMs += now - recording.runningSince;
      recording.runningSince = undefined;
    }
    if (status === 'in-progress' && recording.runningSince === undefined) recording.runningSince = now;
    if (status === 'stopped') {
      recording.status = 'completed';
      recording.endedAt = now;
    } else {
      recording.status = status;
    }
    recording.updatedAt = now;
    this.events.emit('recording.updated', snapshot(recording));
    return snapshot(recording);
  }

  /** Seconds recorded so far (pauses excluded), by the emulator's clock. */
  durationSeconds(recording: Readonly<EmulatedRecording>): number {
    const running = recording.runningSince === undefined ? 0 : this.clock.now() - recording.runningSince;
    return Math.round((recording.accumulatedMs + running) / 1000);
  }

  delete(sid: string): EmulatedRecording {
    const recording = this.mutable(sid);
    this.recordings.delete(sid);
    this.events.emit('recording.deleted', snapshot(recording));
    return snapshot(recording);
  }

  /** An ended call stops its recordings. */
  stopForCall(callSid: string): void {
    for (const recording of this.recordings.values()) {
      if (recording.callSid === callSid && recording.status !== 'completed') this.setStatus(recording.sid, 'stopped');
    }
  }

  /** The recording, not a copy, for the transcriptions to read; a 404 when there is none. */
  live(sid: string): Readonly<EmulatedRecording> {
    return this.mutable(sid);
  }

  clear(): void {
    this.recordings.clear();
  }

  private mutable(sid: string): EmulatedRecording {
    const recording = this.recordings.get(sid);
    if (!recording) throw new EmulatorNotFoundError('recording');
    return recording;
  }
}
