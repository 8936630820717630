import { EmulatorConflictError } from '../errors/emulator-conflict-error';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import { readTexmlPage, texmlPage } from '../pagination';
import { accountPath, callRecordingResource, recordingResource, siprecResource, streamResource } from '../rest-resources';
import { requireLiveCall } from './call-endpoints';
import { param, type EmulatorEndpoint } from './emulator-endpoint';

const CALL = '/texml/Accounts/:account_sid/Calls/:call_sid';
const TRACKS = ['both_tracks', 'inbound_track', 'outbound_track'] as const;

/** Recordings, SIPREC sessions and media streams of one call. */
export const callMediaEndpoints: readonly EmulatorEndpoint[] = [
  {
    name: 'calls.recordings.list',
    method: 'GET',
    path: `${CALL}/Recordings`,
    handle(request, services) {
      const { state } = services;
      const call = state.calls.require(param(request, 'account_sid'), param(request, 'call_sid'));
      const transcribed = new Set(state.transcriptions.list(call.accountSid).map((t) => t.recordingSid));
      const recordings = state
        .recordings.list({ accountSid: call.accountSid, callSid: call.sid })
        .map((r) => recordingResource(r, state.recordings.durationSeconds(r), transcribed.has(r.sid)));
      const listPath = `${accountPath(call.accountSid)}/Calls/${call.sid}/Recordings.json`;
      return { body: texmlPage('recordings', recordings, readTexmlPage(request.query), listPath) };
    },
  },
  {
    name: 'calls.recordings.start',
    method: 'POST',
    path: `${CALL}/Recordings`,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const call = requireLiveCall(state, param(request, 'account_sid'), param(request, 'call_sid'));
      const playBeep = body.boolean('PlayBeep');
      const channels = body.oneOf('RecordingChannels', ['single', 'dual', 'mono'] as const);
      const statusCallback = body.url('RecordingStatusCallback');
      const statusCallbackEvents = body.spaceList('RecordingStatusCallbackEvent', ['in-progress', 'completed', 'absent']);
      const statusCallbackMethod = body.method('RecordingStatusCallbackMethod');
      const track = body.oneOf('RecordingTrack', ['inbound', 'outbound', 'both'] as const);
      body.boolean('SendRecordingUrl');
      body.assertValid();
      const recording = state.recordings.create({
        accountSid: call.accountSid,
        callSid: call.sid,
        source: 'StartCallRecordingAPI',
        channels: channels === 'dual' ? 2 : 1,
        track,
        playBeep,
        statusCallback,
        statusCallbackMethod,
        statusCallbackEvents,
      });
      return { status: 201, body: callRecordingResource(recording, 0) };
    },
  },
  {
    name: 'calls.recordings.update',
    method: 'POST',
    path: `${CALL}/Recordings/:recording_sid`,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const call = state.calls.require(param(request, 'account_sid'), param(request, 'call_sid'));
      const existing = state.recordings.require(call.accountSid, param(request, 'recording_sid'));
      if (existing.callSid !== call.sid) throw new EmulatorNotFoundError('recording');
      // Status is optional (telnyx-python RecordingRecordingSidJsonParams, telnyx-node
      // RecordingRecordingSidJsonParams.Status); without it the recording is left as it is.
      const status = body.oneOf('Status', ['in-progress', 'paused', 'stopped'] as const);
      body.assertValid();
      if (status === undefined) return { body: callRecordingResource(existing, state.recordings.durationSeconds(existing)) };
      if (existing.status === 'completed' && status !== 'stopped') {
        throw new EmulatorConflictError(`Recording ${existing.sid} has already ended.`, 'badRequest', '/Status');
      }
      const recording = state.recordings.setStatus(existing.sid, status);
      return { body: callRecordingResource(recording, state.recordings.durationSeconds(recording)) };
    },
  },
  {
    name: 'calls.siprec.start',
    method: 'POST',
    path: `${CALL}/Siprec`,
    handle(request, services) {
      const { body } = request;
      const call = requireLiveCall(services.state, param(request, 'account_sid'), param(request, 'call_sid'));
      const connectorName = body.string('ConnectorName');
      const name = body.string('Name');
      const track = body.oneOf('Track', TRACKS);
      body.boolean('IncludeMetadataCustomHeaders');
      body.boolean('Secure');
      const sessionTimeout = body.integer('SessionTimeoutSecs', { min: 0 });
      if (sessionTimeout !== undefined && sessionTimeout > 0 && sessionTimeout < 90) {
        body.fail('SessionTimeoutSecs', 'badRequest', "'SessionTimeoutSecs' must be 0 (off) or at least 90.");
      }
      body.oneOf('SipTransport', ['udp', 'tcp', 'tls'] as const);
      const statusCallback = body.url('StatusCallback');
      const statusCallbackMethod = body.method('StatusCallbackMethod');
      body.assertValid();
      const session = services.state.siprec.start({ callSid: call.sid, connectorName, name, track, statusCallback, statusCallbackMethod });
      return { status: 201, body: siprecResource(session) };
    },
  },
  {
    name: 'calls.siprec.update',
    method: 'POST',
    path: `${CALL}/Siprec/:siprec_sid`,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const accountSid = param(request, 'account_sid');
      const call = state.calls.require(accountSid, param(request, 'call_sid'));
      const session = state.siprec.require(accountSid, call.sid, param(request, 'siprec_sid'));
      // Status is optional (SiprecSiprecSidJsonParams.Status, enum `stopped`); without it nothing changes.
      const status = body.oneOf('Status', ['stopped'] as const);
      body.assertValid();
      return { body: siprecResource(status === undefined ? session : state.siprec.stop(session.sid)) };
    },
  },
  {
    name: 'calls.streams.start',
    method: 'POST',
    path: `${CALL}/Streams`,
    handle(request, services) {
      const { body } = request;
      const call = requireLiveCall(services.state, param(request, 'account_sid'), param(request, 'call_sid'));
      // Url is optional (telnyx-node CallStreamsJsonParams.Url, "the destination WebSocket address");
      // Telnyx does not say what a stream without one does: it is started and sends nothing.
      const url = body.url('Url', { schemes: ['ws:', 'wss:'] });
      const name = body.string('Name');
      const track = body.oneOf('Track', TRACKS);
      const bidirectionalMode = body.oneOf('BidirectionalMode', ['mp3', 'rtp'] as const);
      const bidirectionalCodec = body.oneOf('BidirectionalCodec', ['PCMU', 'PCMA', 'G722'] as const);
      const statusCallback = body.url('StatusCallback');
      const statusCallbackMethod = body.method('StatusCallbackMethod');
      body.assertValid();
      const stream = services.state.streams.start({
        callSid: call.sid,
        url,
        name,
        track,
        bidirectionalMode,
        bidirectionalCodec,
        statusCallback,
        statusCallbackMethod,
      });
      return { status: 201, body: streamResource(stream) };
    },
  },
  {
    name: 'calls.streams.update',
    method: 'POST',
    path: `${CALL}/Streams/:streaming_sid`,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const accountSid = param(request, 'account_sid');
      const call = state.calls.require(accountSid, param(request, 'call_sid'));
      const stream = state.streams.require(accountSid, call.sid, param(request, 'streaming_sid'));
      // Status is optional (StreamStreamingSidJsonParams.Status, enum `stopped`); without it nothing changes.
      const status = body.oneOf('Status', ['stopped'] as const);
      body.assertValid();
      return { body: streamResource(status === undefined ? stream : state.streams.stop(stream.sid)) };
    },
  },
];
