import type { EmulatedRecording, HttpMethod } from '../emulator-models';
import type { PlayCall } from './play-call';
import { recordingStatusCallback } from './verbs/recording-callbacks';

const RECORDING_EVENTS = ['in-progress', 'completed', 'absent'] as const;

/**
 * `Record=true` on a call create (InitiateCallRequest: "Whether to record the entire participant's
 * call leg"; the same on a participant dial): the call leg is recorded from its answer to its end.
 * Its options, as InitiateCallRequest documents them: RecordingChannels (mono, the default, or
 * dual), RecordingTrack (both, the default), RecordingStatusCallback(+Method, default POST) and
 * RecordingStatusCallbackEvent (space-separated in-progress completed absent, default
 * `completed`). The recording's source is `OutboundAPI` (RecordingSource enum). RecordingTimeout
 * and Trim are accepted and change nothing here (the emulator has no audio to find silence in).
 */
export class RecordOnCreate {
  private recordingSid: string | undefined;

  constructor(private readonly call: PlayCall) {}

  /** Starts the recording once the call is answered; posts `in-progress` when asked for. */
  async start(): Promise<void> {
    const call = this.call.snapshot();
    if (!call.record || call.origin === 'inbound' || this.recordingSid !== undefined) return;
    const params = call.params;
    const text = (name: string): string | undefined => (typeof params[name] === 'string' && params[name] !== '' ? (params[name] as string) : undefined);
    const events = (text('RecordingStatusCallbackEvent') ?? 'completed').split(/[\s,]+/).filter((e) => (RECORDING_EVENTS as readonly string[]).includes(e));
    const method: HttpMethod = text('RecordingStatusCallbackMethod')?.toUpperCase() === 'GET' ? 'GET' : 'POST';
    const track = text('RecordingTrack');
    const recording = this.call.services.state.recordings.create({
      accountSid: call.accountSid,
      callSid: call.sid,
      source: 'OutboundAPI',
      channels: text('RecordingChannels') === 'dual' ? 2 : 1,
      track: track === 'inbound' || track === 'outbound' ? track : 'both',
      statusCallback: text('RecordingStatusCallback'),
      statusCallbackMethod: method,
      statusCallbackEvents: events,
    });
    this.recordingSid = recording.sid;
    this.call.log({ kind: 'note', message: `Record=true: recording ${recording.sid} starts (${recording.channels === 2 ? 'dual' : 'mono'}, ${recording.track})` });
    await recordingStatusCallback(this.call, recording.sid, 'in-progress');
  }

  /** After the call ended (the state completes its recordings): posts `completed` when asked for. */
  async finish(): Promise<void> {
    if (this.recordingSid === undefined) return;
    const sid = this.recordingSid;
    this.recordingSid = undefined;
    const recording: EmulatedRecording | undefined = this.call.services.state.recordings.list({ callSid: this.call.sid }).find((r) => r.sid === sid);
    if (!recording) return;
    if (recording.status !== 'completed') this.call.services.state.recordings.setStatus(sid, 'stopped');
    await recordingStatusCallback(this.call, sid, 'completed');
  }
}
