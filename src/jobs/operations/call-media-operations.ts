import { z } from 'zod';
import { compact } from '../compact';
import { statusCallbackOf } from '../flow-urls';
import { defineOperation } from '../operation-definition';
import { callbackEvents, flag, httpMethod, httpUrl, integer, sid, text, wsUrl } from '../payload-fields';

export const callRecordingsStart = defineOperation({
  op: 'calls.recordings.start',
  summary: 'Start recording a live call',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({
    call_sid: sid,
    channels: z.enum(['single', 'dual']).optional(),
    track: z.enum(['inbound', 'outbound', 'both']).optional(),
    play_beep: flag.optional(),
    /** Default: PUBLIC_BASE_URL's recording callback, when PUBLIC_BASE_URL is set. */
    recording_status_callback: httpUrl.optional(),
    recording_status_callback_event: callbackEvents.optional(),
  }),
  run: (params, context) => {
    const callback = statusCallbackOf(context, 'recording', { url: params.recording_status_callback });
    return context.telnyx.texml.accounts.calls.recordingsJson.recordingsJson(
      params.call_sid,
      compact({
        account_sid: context.settings.accountSid,
        RecordingChannels: params.channels,
        RecordingTrack: params.track,
        PlayBeep: params.play_beep,
        RecordingStatusCallback: callback.url,
        RecordingStatusCallbackMethod: callback.method,
        RecordingStatusCallbackEvent: params.recording_status_callback_event ?? (callback.url ? 'in-progress completed absent' : undefined),
      }),
    );
  },
});

export const callRecordingsUpdate = defineOperation({
  op: 'calls.recordings.update',
  summary: 'Pause, resume or stop a call recording',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{RecordingSid}.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ call_sid: sid, recording_sid: sid, status: z.enum(['in-progress', 'paused', 'stopped']) }),
  run: (params, context) =>
    context.telnyx.texml.accounts.calls.recordings.recordingSidJson(params.recording_sid, {
      account_sid: context.settings.accountSid,
      call_sid: params.call_sid,
      Status: params.status,
    }),
});

export const callSiprecStart = defineOperation({
  op: 'calls.siprec.start',
  summary: 'Start a SIPREC session on a live call',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls/{CallSid}/Siprec.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({
    call_sid: sid,
    connector_name: text(256).optional(),
    name: text(256).optional(),
    track: z.enum(['both_tracks', 'inbound_track', 'outbound_track']).optional(),
    session_timeout_secs: integer(1, 14400).optional(),
    sip_transport: z.enum(['udp', 'tcp', 'tls']).optional(),
    secure: flag.optional(),
    status_callback: httpUrl.optional(),
    status_callback_method: httpMethod.optional(),
  }),
  run: (params, context) =>
    context.telnyx.texml.accounts.calls.siprecJson(
      params.call_sid,
      compact({
        account_sid: context.settings.accountSid,
        ConnectorName: params.connector_name,
        Name: params.name,
        Track: params.track,
        SessionTimeoutSecs: params.session_timeout_secs,
        SipTransport: params.sip_transport,
        Secure: params.secure,
        ...statusCallbackFields(statusCallbackOf(context, 'siprec', { url: params.status_callback, method: params.status_callback_method })),
      }),
    ),
});

export const callSiprecUpdate = defineOperation({
  op: 'calls.siprec.update',
  summary: 'Stop a SIPREC session',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls/{CallSid}/Siprec/{SiprecSid}.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ call_sid: sid, siprec_sid: sid, status: z.literal('stopped').default('stopped') }),
  run: (params, context) =>
    context.telnyx.texml.accounts.calls.siprec.siprecSidJson(params.siprec_sid, {
      account_sid: context.settings.accountSid,
      call_sid: params.call_sid,
      Status: params.status,
    }),
});

export const callStreamsStart = defineOperation({
  op: 'calls.streams.start',
  summary: 'Start streaming a live call’s media to a WebSocket',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls/{CallSid}/Streams.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({
    call_sid: sid,
    url: wsUrl,
    name: text(256).optional(),
    track: z.enum(['inbound_track', 'outbound_track', 'both_tracks']).optional(),
    bidirectional_mode: z.enum(['mp3', 'rtp']).optional(),
    bidirectional_codec: z.enum(['PCMU', 'PCMA', 'G722']).optional(),
    status_callback: httpUrl.optional(),
    status_callback_method: httpMethod.optional(),
  }),
  run: (params, context) =>
    context.telnyx.texml.accounts.calls.streamsJson(
      params.call_sid,
      compact({
        account_sid: context.settings.accountSid,
        Url: params.url,
        Name: params.name,
        Track: params.track,
        BidirectionalMode: params.bidirectional_mode,
        BidirectionalCodec: params.bidirectional_codec,
        ...statusCallbackFields(statusCallbackOf(context, 'stream', { url: params.status_callback, method: params.status_callback_method })),
      }),
    ),
});

export const callStreamsUpdate = defineOperation({
  op: 'calls.streams.update',
  summary: 'Stop a media stream (by sid or name)',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls/{CallSid}/Streams/{StreamSid}.json',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ call_sid: sid, stream_sid: sid, status: z.literal('stopped').default('stopped') }),
  run: (params, context) =>
    context.telnyx.texml.accounts.calls.streams.streamingSidJson(params.stream_sid, {
      account_sid: context.settings.accountSid,
      call_sid: params.call_sid,
      Status: params.status,
    }),
});

function statusCallbackFields<M extends string>(callback: { url: string | undefined; method: M | undefined }): { StatusCallback: string | undefined; StatusCallbackMethod: M | undefined } {
  return { StatusCallback: callback.url, StatusCallbackMethod: callback.method };
}
