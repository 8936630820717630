import type { Clock } from '../clock';
import type { EmulatedStream, HttpMethod, TrackName } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import type { CallStore } from './call-store';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

export interface NewStreamInput {
  callSid: string;
  url: string | undefined;
  name?: string;
  track?: TrackName;
  bidirectionalMode?: string;
  bidirectionalCodec?: string;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
}

/** Media streams of live calls. */
export class StreamStore {
  private readonly streams = new Map<string, EmulatedStream>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly calls: CallStore,
  ) {}

  start(input: NewStreamInput): EmulatedStream {
    const call = this.calls.live(input.callSid);
    const now = this.clock.now();
    const stream: EmulatedStream = {
      sid: this.ids.uuid(),
      accountSid: call.accountSid,
      callSid: call.sid,
      name: input.name,
      url: input.url,
      track: input.track ?? 'inbound_track',
      status: 'in-progress',
      bidirectionalMode: input.bidirectionalMode,
      bidirectionalCodec: input.bidirectionalCodec,
      statusCallback: input.statusCallback,
      statusCallbackMethod: input.statusCallbackMethod,
      createdAt: now,
      updatedAt: now,
    };
    this.streams.set(stream.sid, stream);
    this.events.emit('stream.created', snapshot(stream));
    return snapshot(stream);
  }

  /** By sid, or by the user-given Name within the call (TeXML's `<Stop><Stream name>` addresses it so). */
  require(accountSid: string, callSid: string, sidOrName: string): EmulatedStream {
    const stream =
      this.streams.get(sidOrName) ??
      [...this.streams.values()].find((s) => s.callSid === callSid && s.name !== undefined && s.name === sidOrName);
    if (!stream || stream.accountSid !== accountSid || stream.callSid !== callSid) throw new EmulatorNotFoundError('stream');
    return snapshot(stream);
  }

  stop(sid: string): EmulatedStream {
    const stream = this.streams.get(sid);
    if (!stream) throw new EmulatorNotFoundError('stream');
    if (stream.status !== 'stopped') {
      stream.status = 'stopped';
      stream.updatedAt = this.clock.now();
      this.events.emit('stream.updated', snapshot(stream));
    }
    return snapshot(stream);
  }

  /** An ended call stops its streams. */
  stopForCall(callSid: string): void {
    for (const stream of this.streams.values()) {
      if (stream.callSid === callSid && stream.status !== 'stopped') this.stop(stream.sid);
    }
  }

  clear(): void {
    this.streams.clear();
  }
}
