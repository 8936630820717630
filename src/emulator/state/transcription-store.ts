import type { Clock } from '../clock';
import type { EmulatedTranscription } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import type { RecordingStore } from './recording-store';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

export interface NewTranscriptionInput {
  recordingSid: string;
  text: string;
  status?: EmulatedTranscription['status'];
}

/** The transcriptions of recordings. */
export class TranscriptionStore {
  private readonly transcriptions = new Map<string, EmulatedTranscription>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly recordings: RecordingStore,
  ) {}

  create(input: NewTranscriptionInput): EmulatedTranscription {
    const recording = this.recordings.live(input.recordingSid);
    const now = this.clock.now();
    const transcription: EmulatedTranscription = {
      sid: this.ids.uuid(),
      accountSid: recording.accountSid,
      callSid: recording.callSid,
      recordingSid: recording.sid,
      status: input.status ?? 'completed',
      text: input.text,
      durationSeconds: this.recordings.durationSeconds(recording),
      createdAt: now,
      updatedAt: now,
    };
    this.transcriptions.set(transcription.sid, transcription);
    this.events.emit('transcription.created', snapshot(transcription));
    return snapshot(transcription);
  }

  require(accountSid: string, sid: string): EmulatedTranscription {
    const transcription = this.transcriptions.get(sid);
    if (!transcription || transcription.accountSid !== accountSid) throw new EmulatorNotFoundError('transcription');
    return snapshot(transcription);
  }

  list(accountSid?: string): EmulatedTranscription[] {
    return [...this.transcriptions.values()]
      .filter((t) => accountSid === undefined || t.accountSid === accountSid)
      .reverse()
      .map(snapshot);
  }

  delete(sid: string): EmulatedTranscription {
    const transcription = this.transcriptions.get(sid);
    if (!transcription) throw new EmulatorNotFoundError('transcription');
    this.transcriptions.delete(sid);
    this.events.emit('transcription.deleted', snapshot(transcription));
    return snapshot(transcription);
  }

  clear(): void {
    this.transcriptions.clear();
  }
}
