import type { EmulatedRecording, HttpMethod } from '../../emulator-models';
import type { PlayCall } from '../play-call';

/** The parameters Telnyx sends about a recording (action and recording status callback). */
export function recordingParams(call: PlayCall, recording: EmulatedRecording): Record<string, string> {
  return {
    RecordingSid: recording.sid,
    RecordingUrl: recording.mediaUrl,
    RecordingDuration: String(call.services.state.recordings.durationSeconds(recording)),
    RecordingStatus: recording.status === 'completed' ? 'completed' : 'in-progress',
    RecordingChannels: String(recording.channels),
    RecordingSource: recording.source,
  };
}

/** Posts the recording status callback for `event` when the recording asked for that event. */
export async function recordingStatusCallback(call: PlayCall, recordingSid: string, event: 'in-progress' | 'completed' | 'absent'): Promise<void> {
  const recording = call.services.state.recordings.list({ callSid: call.sid }).find((r) => r.sid === recordingSid);
  if (!recording?.statusCallback || !recording.statusCallbackEvents.includes(event)) return;
  // texml-recording-completed / texml-recording-in-progress: the call's identity, ConnectionId and the Recording* fields only.
  const params = { ...call.identityParams(), ConnectionId: call.snapshot().applicationSid ?? '', ...recordingParams(call, recording), RecordingStatus: event };
  await call.callback('recording', recording.statusCallback, recording.statusCallbackMethod as HttpMethod | undefined, params);
}
