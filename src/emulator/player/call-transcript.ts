import type { CallStatus } from '../emulator-models';
import type { EndedBy, TranscriptEvent, TranscriptEventBody } from './transcript-event';

/** A played call's summary and every event, as `GET /_emulator/calls/:sid/transcript` serves it. */
export interface CallTranscriptSnapshot {
  callSid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound';
  startedAt: number;
  ended: boolean;
  endedBy: EndedBy | undefined;
  status: CallStatus | undefined;
  events: TranscriptEvent[];
}

/** The per-call log the player writes: what was requested, heard, done, and how it ended. */
export class CallTranscript {
  private readonly events: TranscriptEvent[] = [];
  private endedEvent: Extract<TranscriptEvent, { kind: 'ended' }> | undefined;

  constructor(
    readonly callSid: string,
    private readonly info: { from: string; to: string; direction: 'inbound' | 'outbound'; startedAt: number },
    private readonly onEvent: (event: TranscriptEvent) => void = () => undefined,
  ) {}

  add(body: TranscriptEventBody, at: number): TranscriptEvent {
    const event = {
      ...body,
      seq: this.events.length + 1,
      at,
      elapsedSeconds: Math.round((at - this.info.startedAt) / 100) / 10,
    } as TranscriptEvent;
    this.events.push(event);
    if (event.kind === 'ended') this.endedEvent = event;
    this.onEvent(event);
    return event;
  }

  get ended(): boolean {
    return this.endedEvent !== undefined;
  }

  get endedBy(): EndedBy | undefined {
    return this.endedEvent?.by;
  }

  list(): TranscriptEvent[] {
    return structuredClone(this.events);
  }

  snapshot(): CallTranscriptSnapshot {
    return {
      callSid: this.callSid,
      ...this.info,
      ended: this.ended,
      endedBy: this.endedEvent?.by,
      status: this.endedEvent?.status,
      events: this.list(),
    };
  }
}
