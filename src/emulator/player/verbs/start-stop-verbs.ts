import { EmulatorApiError } from '../../errors/emulator-api-error';
import { CallInterrupt } from '../call-interrupt';
import type { PlayCall } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { methodAttribute, oneOfAttribute } from './verb-attributes';

const TRACKS = ['inbound_track', 'outbound_track', 'both_tracks'] as const;

/** `<Start>`: streams and SIPREC sessions become real resources; recording starts one; the rest is noted. */
export async function runStart(element: TexmlElement, call: PlayCall): Promise<void> {
  if (element.children.length === 0) throw CallInterrupt.end('error', 'invalid TeXML: <Start> needs a noun (Stream, Siprec, Transcription, Suppression, Recording)');
  const { state } = call.services;
  for (const noun of element.children) {
    switch (noun.name) {
      case 'Stream': {
        const url = noun.attributes.url ?? '';
        if (!/^wss?:\/\//.test(url)) throw CallInterrupt.end('error', `invalid TeXML: <Stream url="${url}"> must be a ws:// or wss:// URL`);
        const stream = state.streams.start({
          callSid: call.sid,
          url,
          name: noun.attributes.name,
          track: oneOfAttribute(noun, 'track', TRACKS, 'inbound_track'),
          statusCallback: noun.attributes.statusCallback,
          statusCallbackMethod: methodAttribute(noun, 'statusCallbackMethod', 'POST'),
        });
        call.log({ kind: 'verb', verb: 'Start', detail: `media stream ${noun.attributes.name ?? stream.sid} starts (${stream.track}); the emulator connects nowhere`, data: { StreamSid: stream.sid } });
        break;
      }
      case 'Siprec': {
        const session = state.siprec.start({
          callSid: call.sid,
          name: noun.attributes.name,
          connectorName: noun.attributes.connectorName,
          track: oneOfAttribute(noun, 'track', TRACKS, 'both_tracks'),
          statusCallback: noun.attributes.statusCallback,
          statusCallbackMethod: methodAttribute(noun, 'statusCallbackMethod', 'POST'),
        });
        call.log({ kind: 'verb', verb: 'Start', detail: `SIPREC session ${noun.attributes.name ?? session.sid} starts`, data: { SiprecSid: session.sid } });
        break;
      }
      case 'Recording': {
        const recording = state.recordings.create({ accountSid: call.snapshot().accountSid, callSid: call.sid, source: 'StartCallRecordingAPI' });
        call.log({ kind: 'verb', verb: 'Start', detail: `call recording ${recording.sid} starts`, data: { RecordingSid: recording.sid } });
        break;
      }
      case 'Transcription':
      case 'Suppression':
        call.log({ kind: 'note', message: `<Start><${noun.name}> is accepted but not modelled by the emulator` });
        break;
      default:
        throw CallInterrupt.end('error', `invalid TeXML: <Start> does not take <${noun.name}>`);
    }
  }
}

/** `<Stop>`: stops a stream (by name) and notes the rest. */
export async function runStop(element: TexmlElement, call: PlayCall): Promise<void> {
  if (element.children.length === 0) throw CallInterrupt.end('error', 'invalid TeXML: <Stop> needs a noun');
  const { state } = call.services;
  const account = call.snapshot().accountSid;
  for (const noun of element.children) {
    if (noun.name === 'Stream') {
      const name = noun.attributes.name ?? '';
      try {
        const stream = state.streams.require(account, call.sid, name);
        state.streams.stop(stream.sid);
        call.log({ kind: 'verb', verb: 'Stop', detail: `media stream ${name} stops` });
      } catch (error) {
        if (!(error instanceof EmulatorApiError)) throw error;
        call.log({ kind: 'note', message: `<Stop><Stream name="${name}"> names no stream of this call` });
      }
    } else if (['Siprec', 'Transcription', 'Suppression'].includes(noun.name)) {
      call.log({ kind: 'note', message: `<Stop><${noun.name}> is noted; the emulator does not look it up by name` });
    } else {
      throw CallInterrupt.end('error', `invalid TeXML: <Stop> does not take <${noun.name}>`);
    }
  }
}
