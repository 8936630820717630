import { z } from 'zod';
import type Telnyx from 'telnyx';
import { compact } from '../compact';
import { statusCallbackOf } from '../flow-urls';
import { defineOperation } from '../operation-definition';
import { OperationPreconditionError } from '../operation-precondition-error';
import { address, callbackEvents, flag, httpMethod, httpUrl, integer, isoDate, pageFields, sid, text } from '../payload-fields';

type DialParticipantParams = Parameters<Telnyx['texml']['accounts']['conferences']['participants']['participants']>[1];

export const conferencesFetch = defineOperation({
  op: 'conferences.fetch',
  summary: 'Read one conference',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Conferences/{ConferenceSid}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ conference_sid: sid }),
  run: (params, context) => context.telnyx.texml.accounts.conferences.retrieve(params.conference_sid, { account_sid: context.settings.accountSid }),
});

export const conferencesList = defineOperation({
  op: 'conferences.list',
  summary: 'List conferences, by name, status and dates',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Conferences',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({
    friendly_name: text(256).optional(),
    status: z.enum(['init', 'in-progress', 'completed']).optional(),
    date_created: isoDate.optional(),
    date_updated: isoDate.optional(),
    ...pageFields,
  }),
  run: (params, context) =>
    context.telnyx.texml.accounts.conferences.retrieveConferences(
      context.settings.accountSid,
      compact({ FriendlyName: params.friendly_name, Status: params.status, DateCreated: params.date_created, DateUpdated: params.date_updated, Page: params.page, PageSize: params.page_size }),
    ),
});

export const conferencesUpdate = defineOperation({
  op: 'conferences.update',
  summary: 'End a conference or play an announcement to it',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Conferences/{ConferenceSid}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z
    .strictObject({ conference_sid: sid, status: z.literal('completed').optional(), announce_url: httpUrl.optional(), announce_method: httpMethod.optional() })
    .refine((p) => p.status !== undefined || p.announce_url !== undefined, { message: 'nothing to update: give status or announce_url', path: ['status'] }),
  run: (params, context) =>
    context.telnyx.texml.accounts.conferences.update(
      params.conference_sid,
      compact({ account_sid: context.settings.accountSid, Status: params.status, AnnounceUrl: params.announce_url, AnnounceMethod: params.announce_method }),
    ),
});

export const participantsDial = defineOperation({
  op: 'participants.dial',
  summary: 'Dial a number into a conference (by sid, or by name: created when new)',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants',
  lane: 'dials',
  ambiguity: 'fail',
  schema: z.strictObject({
    /** A conference sid, or a conference name (a new conference by that name is created). */
    conference: text(256),
    to: address,
    from: address,
    label: text(128).optional(),
    application_sid: sid.optional(),
    muted: flag.optional(),
    beep: z.enum(['true', 'false', 'onEnter', 'onExit']).optional(),
    start_conference_on_enter: flag.optional(),
    end_conference_on_exit: flag.optional(),
    early_media: flag.optional(),
    timeout: integer(5, 120).optional(),
    time_limit: integer(30, 14400).optional(),
    max_participants: integer(2, 250).optional(),
    wait_url: httpUrl.optional(),
    caller_id: text(128).optional(),
    coaching: flag.optional(),
    call_sid_to_coach: sid.optional(),
    machine_detection: z.enum(['Enable', 'DetectMessageEnd']).optional(),
    status_callback: httpUrl.optional(),
    status_callback_events: callbackEvents.optional(),
    conference_status_callback: httpUrl.optional(),
    conference_status_callback_events: callbackEvents.optional(),
  }),
  run: (params, context) => {
    const applicationSid = params.application_sid ?? context.settings.applicationSid;
    if (!applicationSid) throw new OperationPreconditionError('participants.dial', 'no application_sid in the job and TELNYX_APPLICATION_SID is not set');
    const statusCallback = statusCallbackOf(context, 'call-status', { url: params.status_callback });
    const conferenceCallback = statusCallbackOf(context, 'conference', { url: params.conference_status_callback });
    const body: DialParticipantParams = compact({
      account_sid: context.settings.accountSid,
      To: params.to,
      From: params.from,
      ApplicationSid: applicationSid,
      Label: params.label,
      Muted: params.muted,
      Beep: params.beep,
      StartConferenceOnEnter: params.start_conference_on_enter,
      EndConferenceOnExit: params.end_conference_on_exit,
      EarlyMedia: params.early_media,
      timeout_seconds: params.timeout,
      TimeLimit: params.time_limit,
      MaxParticipants: params.max_participants,
      WaitUrl: params.wait_url,
      CallerId: params.caller_id,
      Coaching: params.coaching,
      CallSidToCoach: params.call_sid_to_coach,
      MachineDetection: params.machine_detection,
      StatusCallback: statusCallback.url,
      StatusCallbackMethod: statusCallback.method,
      StatusCallbackEvent: params.status_callback_events ?? (statusCallback.url ? 'initiated ringing answered completed' : undefined),
      ConferenceStatusCallback: conferenceCallback.url,
      ConferenceStatusCallbackMethod: conferenceCallback.method,
      ConferenceStatusCallbackEvent: params.conference_status_callback_events ?? (conferenceCallback.url ? 'start end join leave' : undefined),
    });
    return context.telnyx.texml.accounts.conferences.participants.participants(params.conference, body);
  },
});

export const participantsUpdate = defineOperation({
  op: 'participants.update',
  summary: 'Mute, hold, coach or announce to a participant (by call sid or label)',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSidOrLabel}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({
    conference_sid: sid,
    participant: text(128),
    muted: flag.optional(),
    hold: flag.optional(),
    hold_url: httpUrl.optional(),
    hold_method: httpMethod.optional(),
    announce_url: httpUrl.optional(),
    announce_method: httpMethod.optional(),
    wait_url: httpUrl.optional(),
    beep_on_exit: flag.optional(),
    end_conference_on_exit: flag.optional(),
    coaching: flag.optional(),
    call_sid_to_coach: sid.optional(),
  }),
  run: (params, context) =>
    context.telnyx.texml.accounts.conferences.participants.update(
      params.participant,
      compact({
        account_sid: context.settings.accountSid,
        conference_sid: params.conference_sid,
        Muted: params.muted,
        Hold: params.hold,
        HoldUrl: params.hold_url,
        HoldMethod: params.hold_method,
        AnnounceUrl: params.announce_url,
        AnnounceMethod: params.announce_method,
        WaitUrl: params.wait_url,
        BeepOnExit: params.beep_on_exit,
        EndConferenceOnExit: params.end_conference_on_exit,
        Coaching: params.coaching,
        CallSidToCoach: params.call_sid_to_coach,
      }),
    ),
});

export const participantsRemove = defineOperation({
  op: 'participants.remove',
  summary: 'Remove a participant from a conference (hangs up its call)',
  endpoint: 'DELETE /texml/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSidOrLabel}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ conference_sid: sid, participant: text(128) }),
  run: async (params, context) => {
    await context.telnyx.texml.accounts.conferences.participants.delete(params.participant, { account_sid: context.settings.accountSid, conference_sid: params.conference_sid });
    return { removed: true, conference_sid: params.conference_sid, participant: params.participant };
  },
});
