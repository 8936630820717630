import { ApplicationAdmission, type ApplicationRefusal } from '../application-admission';
import type { BodyReader } from '../body-reader';
import { dateFilter, presentFilters } from '../date-filter';
import type { DialTicket } from '../dial-admission';
import { isTerminalCallStatus, type CallOrigin, type CallStatus, type EmulatedApplication, type EmulatedCall } from '../emulator-models';
import type { EmulatorState } from '../emulator-state';
import type { NewCallInput } from '../state/call-store';
import { EmulatorConflictError } from '../errors/emulator-conflict-error';
import { EmulatorValidationError } from '../errors/emulator-validation-error';
import { TelnyxErrorCodes } from '../errors/telnyx-error-codes';
import { readTexmlPage, texmlPage } from '../pagination';
import { accountPath, callResource } from '../rest-resources';
import { param, type EmulatorEndpoint, type EndpointServices } from './emulator-endpoint';
import type { EndpointName } from './endpoint-name';

const CALL_STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'];
const STATUS_CALLBACK_EVENTS = [
  'initiated',
  'ringing',
  'answered',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
  'amd',
  'dtmf',
  'analyzed',
] as const;
const RECORDING_EVENTS = ['in-progress', 'completed', 'absent'] as const;

/** SIP 403 / D1: what Telnyx reports for a call past the account's channel limit. */
export const CHANNEL_LIMIT_FAILURE = { sipResponseCode: 403, hangupCause: 'User channel limit exceeded', errorCode: 'D1' } as const;

/** The live call, or 404 / 422 (ended). */
export function requireLiveCall(state: EmulatorState, accountSid: string, callSid: string): EmulatedCall {
  const call = state.calls.require(accountSid, callSid);
  if (isTerminalCallStatus(call.status)) {
    throw new EmulatorConflictError(`Call ${callSid} has already ended (status ${call.status}).`, 'callEnded');
  }
  return call;
}

/** Validates the options shared by every call-creating request; returns them as state input. */
function readDialOptions(body: BodyReader): Omit<NewCallInput, 'accountSid' | 'origin' | 'from' | 'to'> {
  const texml = body.string('Texml');
  const url = body.url('Url');
  return {
    callerId: body.string('CallerId', { maxLength: 128 }),
    texml,
    url: texml === undefined ? url : undefined,
    method: body.method('UrlMethod') ?? body.method('Method'),
    fallbackUrl: body.url('FallbackUrl'),
    ...readCallSettings(body),
  };
}

function readAiOptions(body: BodyReader): Omit<NewCallInput, 'accountSid' | 'origin' | 'from' | 'to'> {
  body.string('AIAssistantId', { required: true });
  for (const forbidden of ['Texml', 'Twiml', 'Url']) {
    if (body.has(forbidden)) body.fail(forbidden, 'badRequest', `'${forbidden}' is not allowed on an AI call.`);
  }
  readRecordingAndAmdOptions(body);
  return {
    callerId: body.string('CallerId', { maxLength: 128 }),
    ...readCallSettings(body),
  };
}

type CallSettings = Pick<
  NewCallInput,
  'statusCallback' | 'statusCallbackMethod' | 'statusCallbackEvents' | 'timeoutSeconds' | 'timeLimitSeconds' | 'machineDetection' | 'record' | 'params'
>;

/** The status callback, timeout, AMD and recording options of both dialled and AI calls. */
function readCallSettings(body: BodyReader): CallSettings {
  return {
    statusCallback: body.url('StatusCallback'),
    statusCallbackMethod: body.method('StatusCallbackMethod'),
    statusCallbackEvents: body.spaceList('StatusCallbackEvent', STATUS_CALLBACK_EVENTS),
    timeoutSeconds: body.integer('Timeout', { min: 5, max: 120 }),
    timeLimitSeconds: body.integer('TimeLimit', { min: 30, max: 14400 }),
    machineDetection: body.oneOf('MachineDetection', ['Enable', 'Disable', 'DetectMessageEnd'] as const),
    record: body.boolean('Record'),
    params: body.raw(),
  };
}

/**
 * The AMD, recording and SIP options of a call create, typed and bounded as Telnyx's
 * InitiateCallRequest schema (texml-calls.openapi.yml) and the telnyx-node CallCallsParams types
 * (MachineDetectionBeep*, which the OpenAPI copy predates) say. A bad value is a 422 whose error
 * names the field; values are kept on the call (`params`) for the player, which acts on
 * MachineDetectionTimeout and the Record* options.
 */
function readRecordingAndAmdOptions(body: BodyReader): void {
  body.oneOf('DetectionMode', ['Premium', 'Regular', 'PremiumCallScreening'] as const);
  body.boolean('AsyncAmd');
  body.url('AsyncAmdStatusCallback');
  body.method('AsyncAmdStatusCallbackMethod');
  // InitiateCallRequest: "Maximum timeout threshold in milliseconds for overall detection", 500..60000, default 30000.
  body.integer('MachineDetectionTimeout', { min: 500, max: 60_000 });
  // "Used when DetectionMode is PremiumCallScreening", 1000..120000 ms.
  body.integer('MachineDetectionPromptEndTimeout', { min: 1000, max: 120_000 });
  // Millisecond thresholds with defaults (3500, 800, 3500) and no documented bounds: integers, not negative.
  body.integer('MachineDetectionSpeechThreshold', { min: 0 });
  body.integer('MachineDetectionSpeechEndThreshold', { min: 0 });
  body.integer('MachineDetectionSilenceTimeout', { min: 0 });
  body.boolean('CancelPlaybackOnMachineDetection');
  body.boolean('CancelPlaybackOnDetectMessageEnd');
  // Beep tuning (telnyx-node CallCallsParams): Hz and ms numbers; purity "from 0 to 1".
  body.number('MachineDetectionBeepMaxFrequency', { min: 0 });
  body.number('MachineDetectionBeepMinFrequency', { min: 0 });
  body.number('MachineDetectionBeepMinToneDuration', { min: 0 });
  body.oneOf('MachineDetectionBeepProfile', ['both', 'freq_only'] as const);
  body.boolean('MachineDetectionBeepSpectralConfirmation');
  body.number('MachineDetectionBeepSpectralMinPurity', { min: 0, max: 1 });
  body.boolean('MachineDetectionBeepSpectralRejectFaxCng');
  body.number('MachineDetectionBeepSpectralWindow', { min: 0 });
  body.oneOf('DeepfakeDetection', ['Enable'] as const);
  body.url('DeepfakeDetectionCallbackUrl');
  body.method('DeepfakeDetectionCallbackMethod');
  body.oneOf('RecordingChannels', ['mono', 'dual'] as const);
  body.oneOf('RecordingTrack', ['inbound', 'outbound', 'both'] as const);
  body.url('RecordingStatusCallback');
  body.method('RecordingStatusCallbackMethod');
  body.spaceList('RecordingStatusCallbackEvent', RECORDING_EVENTS);
  body.integer('RecordingTimeout', { min: 0 });
  body.oneOf('Trim', ['trim-silence', 'do-not-trim'] as const);
  body.boolean('SendRecordingUrl');
  // InitiateCallRequest: "The list of comma-separated codecs to be offered on a call."
  const codecs = body.string('PreferredCodecs');
  if (codecs !== undefined && !/^[A-Za-z0-9.\-/]+(,[A-Za-z0-9.\-/]+)*$/.test(codecs)) {
    body.fail('PreferredCodecs', 'badRequest', "'PreferredCodecs' must be a comma-separated list of codec names, e.g. PCMA,PCMU.");
  }
  body.string('SipAuthUsername');
  body.string('SipAuthPassword');
  // CustomHeaders: an array of {name, value}, both required strings.
  body.objectArray('CustomHeaders', ['name', 'value'] as const);
}

/**
 * Creates the admitted call and, past the account's channel cap or its application's
 * `outbound.channel_limit`, fails it at once like Telnyx does.
 */
export function placeCall(services: EndpointServices, input: NewCallInput, ticket: DialTicket, refusal?: ApplicationRefusal): EmulatedCall {
  const call = services.state.calls.create(input);
  if (refusal) {
    const { sipResponseCode, hangupCause, errorCode } = refusal;
    return services.state.calls.setStatus(call.sid, 'failed', { sipResponseCode, hangupCause, ...(errorCode ? { errorCode } : {}) });
  }
  if (!ticket.channelLimited) return call;
  return services.state.calls.setStatus(call.sid, 'failed', CHANNEL_LIMIT_FAILURE);
}

/** An inactive application refuses the create itself (422 on the field that names it). */
function applicationRefusal(body: BodyReader, field: string, application: EmulatedApplication | undefined, services: EndpointServices): ApplicationRefusal | undefined {
  const refusal = new ApplicationAdmission(services.state).refusal(application, 'outbound');
  if (refusal?.reason === 'inactive') {
    body.fail(field, 'badRequest', refusal.detail);
    return undefined;
  }
  return refusal;
}

function createAccountCall(): EmulatorEndpoint {
  return {
    name: 'calls.create',
    method: 'POST',
    path: '/texml/Accounts/:account_sid/Calls',
    dial: true,
    handle(request, services) {
      const { body } = request;
      const accountSid = param(request, 'account_sid');
      const to = body.address('To', { required: true });
      const from = body.address('From', { required: true });
      const applicationSid = body.string('ApplicationSid', { required: true });
      const options = readDialOptions(body);
      readRecordingAndAmdOptions(body);
      body.oneOf('MediaEncryption', ['disabled', 'SRTP', 'DTLS'] as const);
      body.oneOf('SipRegion', ['US', 'Europe', 'Canada', 'Australia', 'Middle East'] as const);
      body.oneOf('SupervisingRole', ['barge', 'whisper', 'monitor'] as const);
      const superviseCallSid = body.string('SuperviseCallSid');
      if (superviseCallSid !== undefined && services.state.calls.get(superviseCallSid)?.accountSid !== accountSid) {
        body.fail('SuperviseCallSid', 'associatedMissing', `No call ${superviseCallSid} to supervise.`);
      }
      const application = applicationSid === undefined ? undefined : services.state.applications.get(applicationSid);
      if (applicationSid !== undefined && services.strictApplications && application === undefined) {
        body.fail('ApplicationSid', 'associatedMissing', `No TeXML application ${applicationSid}.`);
      }
      const refusal = applicationRefusal(body, 'ApplicationSid', application, services);
      body.assertValid();
      const ticket = services.dials.admit();
      const useApplication = options.url === undefined && options.texml === undefined && application !== undefined;
      const call = placeCall(
        services,
        {
          ...options,
          accountSid,
          origin: 'rest',
          applicationSid,
          from: from as string,
          to: to as string,
          url: useApplication ? application.voiceUrl : options.url,
          method: useApplication ? (application.voiceMethod.toUpperCase() as 'GET' | 'POST') : options.method,
          fallbackUrl: options.fallbackUrl ?? (useApplication ? application.voiceFallbackUrl : undefined),
          statusCallback: options.statusCallback ?? application?.statusCallback,
          parentCallSid: superviseCallSid,
        },
        ticket,
        refusal,
      );
      // Telnyx answers with these three fields only (see docs/emulator.md); the sid arrives by callback.
      return { status: 200, body: { from: call.from, to: call.to, status: 'queued' }, headers: ticket.headers };
    },
  };
}

function createScopedCall(name: EndpointName, path: string, origin: CallOrigin, ai: boolean): EmulatorEndpoint {
  return {
    name,
    method: 'POST',
    path,
    dial: true,
    handle(request, services) {
      const { body } = request;
      const connectionId = param(request, 'connection_id');
      const to = body.address('To', { required: true });
      const from = body.address('From', { required: true });
      const options = ai ? readAiOptions(body) : readDialOptions(body);
      const application = services.state.applications.get(connectionId);
      const refusal = applicationRefusal(body, 'connection_id', application, services);
      body.assertValid();
      const ticket = services.dials.admit();
      const call = placeCall(
        services,
        {
          ...options,
          accountSid: services.defaultAccountSid,
          origin,
          applicationSid: connectionId,
          from: from as string,
          to: to as string,
          url: options.url ?? (options.texml === undefined ? application?.voiceUrl : undefined),
        },
        ticket,
        refusal,
      );
      return { status: 200, body: { call_sid: call.sid, from: call.from, status: 'queued', to: call.to }, headers: ticket.headers };
    },
  };
}

function listCalls(): EmulatorEndpoint {
  return {
    name: 'calls.list',
    method: 'GET',
    path: '/texml/Accounts/:account_sid/Calls',
    handle(request, services) {
      const { query } = request;
      const accountSid = param(request, 'account_sid');
      const status = query.get('Status');
      if (status && !CALL_STATUSES.includes(status as CallStatus)) {
        throw new EmulatorValidationError([
          { ...TelnyxErrorCodes.badRequest, detail: `'Status' must be one of: ${CALL_STATUSES.join(', ')}.`, source: { parameter: 'Status' } },
        ]);
      }
      const started = dateFilter(query, 'StartTime');
      const ended = dateFilter(query, 'EndTime');
      const page = readTexmlPage(query);
      const now = services.clock.now();
      const calls = services.state
        .calls.list({
          accountSid,
          to: query.get('To') || undefined,
          from: query.get('From') || undefined,
          status: (status || undefined) as CallStatus | undefined,
        })
        .filter((c) => started(c.createdAt) && ended(c.endedAt))
        .map((c) => callResource(c, now));
      const filters = [
        ...['To', 'From', 'Status'].flatMap((k): Array<[string, string]> => (query.get(k) ? [[k, query.get(k) as string]] : [])),
        ...presentFilters(query, ['StartTime', 'EndTime']),
      ];
      return { body: texmlPage('calls', calls, page, `${accountPath(accountSid)}/Calls.json`, filters) };
    },
  };
}

function fetchCall(): EmulatorEndpoint {
  return {
    name: 'calls.fetch',
    method: 'GET',
    path: '/texml/Accounts/:account_sid/Calls/:call_sid',
    handle(request, services) {
      const call = services.state.calls.require(param(request, 'account_sid'), param(request, 'call_sid'));
      return { body: callResource(call, services.clock.now()) };
    },
  };
}

function updateCall(): EmulatorEndpoint {
  return {
    name: 'calls.update',
    method: 'POST',
    path: '/texml/Accounts/:account_sid/Calls/:call_sid',
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const call = state.calls.require(param(request, 'account_sid'), param(request, 'call_sid'));
      const status = body.oneOf('Status', ['completed', 'canceled'] as const);
      const texml = body.string('Texml');
      const url = body.url('Url');
      const method = body.method('Method');
      const fallbackUrl = body.url('FallbackUrl');
      const fallbackMethod = body.method('FallbackMethod');
      const statusCallback = body.url('StatusCallback');
      const statusCallbackMethod = body.method('StatusCallbackMethod');
      body.assertValid();
      const ended = isTerminalCallStatus(call.status);
      const redirects = texml !== undefined || url !== undefined;
      if (ended && (redirects || statusCallback !== undefined) && status === undefined) {
        throw new EmulatorConflictError(`Call ${call.sid} has already ended (status ${call.status}); it cannot be redirected.`, 'callEnded');
      }
      if (!ended && (statusCallback !== undefined || statusCallbackMethod !== undefined)) {
        state.calls.setCallback(call.sid, { statusCallback, statusCallbackMethod });
      }
      if (status === 'completed') {
        state.calls.setStatus(call.sid, 'completed', { hangupCause: 'normal_clearing' });
      } else if (status === 'canceled') {
        // Twilio semantics: cancel only affects a call not yet answered.
        if (call.status === 'queued' || call.status === 'ringing') state.calls.setStatus(call.sid, 'canceled', { hangupCause: 'originator_cancel' });
      } else if (redirects && !ended) {
        state.calls.redirect(call.sid, { texml, url: texml === undefined ? url : undefined, method, fallbackUrl, fallbackMethod });
      }
      return { body: callResource(state.calls.require(call.accountSid, call.sid), services.clock.now()) };
    },
  };
}

export const callEndpoints: readonly EmulatorEndpoint[] = [
  listCalls(),
  createAccountCall(),
  fetchCall(),
  updateCall(),
  createScopedCall('calls.createForConnection', '/texml/calls/:connection_id', 'connection', false),
  createScopedCall('calls.createAi', '/texml/ai_calls/:connection_id', 'ai', true),
];
