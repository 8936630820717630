import type { BodyReader } from '../body-reader';
import { dateFilter, presentFilters } from '../date-filter';
import type { ConferenceStatus, EmulatedConference } from '../emulator-models';
import { EmulatorConflictError } from '../errors/emulator-conflict-error';
import { EmulatorValidationError } from '../errors/emulator-validation-error';
import { TelnyxErrorCodes } from '../errors/telnyx-error-codes';
import { readTexmlPage, texmlPage } from '../pagination';
import {
  accountPath,
  conferenceRecordingResource,
  conferenceResource,
  participantResource,
  recordingResource,
} from '../rest-resources';
import { CHANNEL_LIMIT_FAILURE } from './call-endpoints';
import { param, type EmulatorEndpoint, type EndpointRequest, type EndpointServices } from './emulator-endpoint';

const CONFERENCES = '/texml/Accounts/:account_sid/Conferences';
const CONFERENCE = `${CONFERENCES}/:conference_sid`;
const PARTICIPANT = `${CONFERENCE}/Participants/:participant`;
const CONFERENCE_STATUSES: readonly ConferenceStatus[] = ['init', 'in-progress', 'completed'];
/** A participant dial with no To or From: nobody to ring (SIP 404, Telnyx hangup cause `not_found`). */
const NO_DESTINATION = { sipResponseCode: 404, hangupCause: 'not_found' } as const;

function requireConference(request: EndpointRequest, services: EndpointServices): EmulatedConference {
  return services.state.conferences.require(param(request, 'account_sid'), param(request, 'conference_sid'));
}

function recordingsOf(request: EndpointRequest, services: EndpointServices, json: boolean): Record<string, unknown> {
  const { state } = services;
  const conference = requireConference(request, services);
  const transcribed = new Set(state.transcriptions.list(conference.accountSid).map((t) => t.recordingSid));
  const recordings = state
    .recordings.list({ accountSid: conference.accountSid, conferenceSid: conference.sid })
    .map((r) => {
      const duration = state.recordings.durationSeconds(r);
      return json ? recordingResource(r, duration, transcribed.has(r.sid)) : conferenceRecordingResource(r, duration);
    });
  const listPath = `${accountPath(conference.accountSid)}/Conferences/${conference.sid}/Recordings.json`;
  return texmlPage('recordings', recordings, readTexmlPage(request.query), listPath);
}

/** Coaching needs someone to coach, in this conference. */
function checkCoaching(body: BodyReader, services: EndpointServices, conferenceSid: string, coaching: boolean | undefined, callSidToCoach: string | undefined): void {
  if (coaching === true && callSidToCoach === undefined) {
    body.fail('CallSidToCoach', 'missingParameter', "'CallSidToCoach' is required when 'Coaching' is true.");
  }
  if (callSidToCoach !== undefined && services.state.participants.find(conferenceSid, callSidToCoach) === undefined) {
    body.fail('CallSidToCoach', 'associatedMissing', `No participant ${callSidToCoach} in this conference.`);
  }
}

/**
 * The conference a participant dial joins: an existing one by sid, else (Twilio style) the path
 * value is a friendly name: the live conference of that name, or a new one when ApplicationSid is given.
 */
function conferenceForDial(request: EndpointRequest, services: EndpointServices, body: BodyReader): EmulatedConference | undefined {
  const { state } = services;
  const accountSid = param(request, 'account_sid');
  const sidOrName = param(request, 'conference_sid');
  const bySid = state.conferences.get(sidOrName);
  if (bySid && bySid.accountSid === accountSid) {
    if (bySid.status === 'completed') throw new EmulatorConflictError(`Conference ${bySid.sid} has already ended.`);
    return bySid;
  }
  const byName = state.conferences.findActiveByName(accountSid, sidOrName);
  if (byName) return byName;
  if (!body.has('ApplicationSid')) {
    body.fail('ApplicationSid', 'missingParameter', `'ApplicationSid' is required to start conference '${sidOrName}', which does not exist.`);
  }
  return undefined;
}

function dialParticipant(): EmulatorEndpoint {
  return {
    name: 'participants.dial',
    method: 'POST',
    path: `${CONFERENCE}/Participants`,
    dial: true,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const accountSid = param(request, 'account_sid');
      const existing = conferenceForDial(request, services, body);
      // To and From are optional (telnyx-node ParticipantParticipantsParams, telnyx-python
      // participant_participants_params). Telnyx does not say what a dial without them does; the
      // emulator accepts it and the leg fails at once (NO_DESTINATION), as a dial nobody can ring.
      const to = body.address('To');
      const from = body.address('From');
      const applicationSid = body.string('ApplicationSid');
      const label = body.string('Label');
      const muted = body.boolean('Muted');
      const coaching = body.boolean('Coaching');
      const callSidToCoach = body.string('CallSidToCoach');
      const beep = body.oneOf('Beep', ['true', 'false', 'onEnter', 'onExit'] as const);
      const startConferenceOnEnter = body.boolean('StartConferenceOnEnter');
      const endConferenceOnExit = body.boolean('EndConferenceOnExit');
      const maxParticipants = body.integer('MaxParticipants', { min: 2, max: 800 });
      const waitUrl = body.url('WaitUrl');
      const statusCallback = body.url('StatusCallback');
      const statusCallbackMethod = body.method('StatusCallbackMethod');
      const statusCallbackEvents = body.spaceList('StatusCallbackEvent', ['initiated', 'ringing', 'answered', 'completed']);
      const conferenceCallback = body.url('ConferenceStatusCallback');
      const conferenceCallbackMethod = body.method('ConferenceStatusCallbackMethod');
      const conferenceEvents = body.spaceList('ConferenceStatusCallbackEvent', ['start', 'end', 'join', 'leave', 'speaker', 'mute', 'hold']);
      const timeoutSeconds = body.integer('Timeout', { min: 5, max: 120 });
      const timeLimitSeconds = body.integer('TimeLimit', { min: 1 });
      const machineDetection = body.oneOf('MachineDetection', ['Enable', 'DetectMessageEnd'] as const);
      const record = body.boolean('Record');
      body.string('CallerId', { maxLength: 128 });
      body.boolean('EarlyMedia');
      body.oneOf('ConferenceRecord', ['true', 'false', 'record-from-start', 'do-not-record'] as const);
      body.url('ConferenceRecordingStatusCallback');
      body.method('ConferenceRecordingStatusCallbackMethod');
      body.oneOf('ConferenceTrim', ['trim-silence', 'do-not-trim'] as const);
      body.oneOf('RecordingChannels', ['mono', 'dual'] as const);
      body.oneOf('RecordingTrack', ['inbound', 'outbound', 'both'] as const);
      body.url('RecordingStatusCallback');
      body.url('AmdStatusCallback');
      body.oneOf('Trim', ['trim-silence', 'do-not-trim'] as const);
      if (existing) {
        checkCoaching(body, services, existing.sid, coaching, callSidToCoach);
        if (label !== undefined && state.participants.find(existing.sid, label) !== undefined) {
          body.fail('Label', 'duplicate', `A participant labelled '${label}' is already in the conference.`);
        }
        if (state.participants.list(existing.sid).length >= existing.maxParticipants) {
          body.fail('To', 'badRequest', `The conference is full (${existing.maxParticipants} participants).`);
        }
      } else if (coaching === true) {
        body.fail('Coaching', 'badRequest', 'A new conference has nobody to coach.');
      }
      body.assertValid();
      const ticket = services.dials.admit();
      const conference =
        existing ??
        state.conferences.create({
          accountSid,
          friendlyName: param(request, 'conference_sid'),
          applicationSid,
          maxParticipants,
          statusCallback: conferenceCallback,
          statusCallbackMethod: conferenceCallbackMethod,
          statusCallbackEvents: conferenceEvents,
        });
      const call = state.calls.create({
        accountSid,
        applicationSid: applicationSid ?? conference.applicationSid,
        origin: 'participant',
        from: from ?? '',
        to: to ?? '',
        statusCallback,
        statusCallbackMethod,
        statusCallbackEvents,
        timeoutSeconds,
        timeLimitSeconds,
        machineDetection,
        record,
        params: body.raw(),
      });
      let participant = state.participants.add(conference.sid, {
        callSid: call.sid,
        label,
        muted,
        coaching,
        callSidToCoach,
        startConferenceOnEnter,
        endConferenceOnExit,
        beep,
        waitUrl,
      });
      if (ticket.channelLimited) {
        // Like Telnyx past the channel cap: the leg fails at once with SIP 403.
        state.calls.setStatus(call.sid, 'failed', CHANNEL_LIMIT_FAILURE);
        participant = { ...participant, status: 'completed' };
      } else if (to === undefined || from === undefined) {
        state.calls.setStatus(call.sid, 'failed', NO_DESTINATION);
        participant = { ...participant, status: 'completed' };
      }
      return { status: 201, body: participantResource(participant), headers: ticket.headers };
    },
  };
}

export const conferenceEndpoints: readonly EmulatorEndpoint[] = [
  {
    name: 'conferences.list',
    method: 'GET',
    path: CONFERENCES,
    handle(request, services) {
      const { query } = request;
      const accountSid = param(request, 'account_sid');
      const status = query.get('Status');
      if (status && !CONFERENCE_STATUSES.includes(status as ConferenceStatus)) {
        throw new EmulatorValidationError([
          { ...TelnyxErrorCodes.badRequest, detail: `'Status' must be one of: ${CONFERENCE_STATUSES.join(', ')}.`, source: { parameter: 'Status' } },
        ]);
      }
      const name = query.get('FriendlyName');
      const created = dateFilter(query, 'DateCreated');
      const updated = dateFilter(query, 'DateUpdated');
      const page = readTexmlPage(query);
      const conferences = services.state
        .conferences.list(accountSid)
        .filter((c) => (!status || c.status === status) && (!name || c.friendlyName === name) && created(c.createdAt) && updated(c.updatedAt))
        .map(conferenceResource);
      const filters = [
        ...['FriendlyName', 'Status'].flatMap((k): Array<[string, string]> => (query.get(k) ? [[k, query.get(k) as string]] : [])),
        ...presentFilters(query, ['DateCreated', 'DateUpdated']),
      ];
      return { body: texmlPage('conferences', conferences, page, `${accountPath(accountSid)}/Conferences.json`, filters) };
    },
  },
  {
    name: 'conferences.fetch',
    method: 'GET',
    path: CONFERENCE,
    handle(request, services) {
      return { body: conferenceResource(requireConference(request, services)) };
    },
  },
  {
    name: 'conferences.update',
    method: 'POST',
    path: CONFERENCE,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const conference = requireConference(request, services);
      const status = body.oneOf('Status', ['completed'] as const);
      const announceUrl = body.url('AnnounceUrl');
      const announceMethod = body.method('AnnounceMethod');
      body.assertValid();
      if (conference.status === 'completed' && announceUrl !== undefined) {
        throw new EmulatorConflictError(`Conference ${conference.sid} has already ended.`);
      }
      if (announceUrl !== undefined) state.conferences.setAnnouncement(conference.sid, announceUrl, announceMethod);
      if (status === 'completed') state.conferences.end(conference.sid, 'conference-ended-via-api');
      return { body: conferenceResource(state.conferences.require(conference.accountSid, conference.sid)) };
    },
  },
  {
    name: 'conferences.recordings.list',
    method: 'GET',
    path: `${CONFERENCE}/Recordings`,
    suffix: 'none',
    handle(request, services) {
      return { body: recordingsOf(request, services, false) };
    },
  },
  {
    name: 'conferences.recordings.listJson',
    method: 'GET',
    path: `${CONFERENCE}/Recordings`,
    suffix: 'json',
    handle(request, services) {
      return { body: recordingsOf(request, services, true) };
    },
  },
  {
    name: 'participants.list',
    method: 'GET',
    path: `${CONFERENCE}/Participants`,
    handle(request, services) {
      const conference = requireConference(request, services);
      const participants = services.state.participants.list(conference.sid).map(participantResource);
      const listPath = `${accountPath(conference.accountSid)}/Conferences/${conference.sid}/Participants.json`;
      return { body: texmlPage('participants', participants, readTexmlPage(request.query), listPath) };
    },
  },
  dialParticipant(),
  {
    name: 'participants.fetch',
    method: 'GET',
    path: PARTICIPANT,
    handle(request, services) {
      const participant = services.state.participants.require(
        param(request, 'account_sid'),
        param(request, 'conference_sid'),
        param(request, 'participant'),
      );
      return { body: participantResource(participant) };
    },
  },
  {
    name: 'participants.update',
    method: 'POST',
    path: PARTICIPANT,
    handle(request, services) {
      const { body } = request;
      const { state } = services;
      const existing = state.participants.require(param(request, 'account_sid'), param(request, 'conference_sid'), param(request, 'participant'));
      const coaching = body.boolean('Coaching');
      const callSidToCoach = body.string('CallSidToCoach');
      const change = {
        muted: body.boolean('Muted'),
        hold: body.boolean('Hold'),
        holdUrl: body.url('HoldUrl'),
        holdMethod: body.method('HoldMethod'),
        coaching,
        callSidToCoach,
        endConferenceOnExit: body.boolean('EndConferenceOnExit'),
        beepOnExit: body.boolean('BeepOnExit'),
        waitUrl: body.url('WaitUrl'),
        announceUrl: body.url('AnnounceUrl'),
        announceMethod: body.method('AnnounceMethod'),
      };
      checkCoaching(body, services, existing.conferenceSid, coaching, callSidToCoach ?? (coaching ? existing.callSidToCoach : undefined));
      body.assertValid();
      return { body: participantResource(state.participants.update(existing.conferenceSid, existing.callSid, change)) };
    },
  },
  {
    name: 'participants.remove',
    method: 'DELETE',
    path: PARTICIPANT,
    handle(request, services) {
      const existing = services.state.participants.require(
        param(request, 'account_sid'),
        param(request, 'conference_sid'),
        param(request, 'participant'),
      );
      services.state.participants.remove(existing.conferenceSid, existing.callSid);
      return { status: 204 };
    },
  },
];
