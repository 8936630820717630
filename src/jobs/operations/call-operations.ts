import { z } from 'zod';
import type Telnyx from 'telnyx';
import { compact } from '../compact';
import type { CampaignAttemptRef } from '../../urls/link-sealer';
import { callbackUrl, flowUrl, requirePublicBaseUrl } from '../flow-urls';
import { defineOperation, type OperationContext, type ReconciledCall } from '../operation-definition';
import { OperationPreconditionError } from '../operation-precondition-error';
import { address, callbackEvents, flag, flowName, flowVars, httpMethod, httpUrl, integer, isoDate, pageFields, sid, text } from '../payload-fields';

type CreateCallBody = Parameters<Telnyx['texml']['accounts']['calls']['calls']>[1]['body'];
type UpdateCallBody = Omit<Parameters<Telnyx['texml']['accounts']['calls']['update']>[1], 'account_sid'>;

/** Events a created call reports to the status callback unless the job names others. */
export const DEFAULT_STATUS_CALLBACK_EVENTS = 'initiated ringing answered completed';

const createCallSchema = z
  .strictObject({
    to: address,
    from: address,
    /** Run this flow when the call is answered (Url = PUBLIC_BASE_URL/voice?flow=NAME&var.K=V). */
    flow: flowName.optional(),
    vars: flowVars.optional(),
    /** Or fetch TeXML from this URL instead of a flow. Neither: the application's voice_url. */
    url: httpUrl.optional(),
    application_sid: sid.optional(),
    caller_id: text(128).optional(),
    machine_detection: z.enum(['Enable', 'DetectMessageEnd', 'Disable']).optional(),
    machine_detection_timeout: integer(500, 60000).optional(),
    /** AMD result posted to the amd callback instead of holding the call until it is known. */
    async_amd: flag.optional(),
    timeout: integer(5, 120).optional(),
    time_limit: integer(30, 14400).optional(),
    record: flag.optional(),
    status_callback_events: callbackEvents.optional(),
    /**
     * The campaign attempt this call is placed for, and what a machine gets when the campaign
     * decides (hangup, or a step of the flow): sealed into the status and AMD callback URLs.
     */
    campaign_attempt: z
      .strictObject({
        campaign: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,127}$/, 'must be a campaign id'),
        contact: integer(1, 1_000_000_000),
        attempt: integer(1, 1000),
        machine: z.union([z.strictObject({ kind: z.literal('hangup') }), z.strictObject({ kind: z.literal('step'), step: flowName })]).optional(),
      })
      .optional(),
  })
  .refine((p) => !(p.flow && p.url), { message: 'give either flow or url, not both', path: ['url'] })
  .refine((p) => !(p.vars && !p.flow), { message: 'vars need a flow to go to', path: ['vars'] });

type CreateCallParams = z.output<typeof createCallSchema>;

/** The TeXML create-call request: To/From/ApplicationSid, the flow's Url and the status callback. */
export function buildCreateCallBody(params: CreateCallParams, context: OperationContext): CreateCallBody {
  const applicationSid = params.application_sid ?? context.settings.applicationSid;
  if (!applicationSid) throw new OperationPreconditionError('calls.create', 'no application_sid in the job and TELNYX_APPLICATION_SID is not set');
  const base = params.flow ? requirePublicBaseUrl('calls.create', context) : context.publicBaseUrl;
  const url = params.flow ? flowUrl('calls.create', context, params.flow, params.vars) : params.url;
  // The flow rides (sealed) on the callback URLs too: a call that is never answered (busy,
  // no-answer) never fetches the flow, and its hooks must still find it. Its variables as well: an
  // AMD verdict re-renders the flow's start (AmdVerdictHandler). And the campaign attempt, with
  // the machine handling the campaign asks for.
  const { machine, ...attempt } = params.campaign_attempt ?? {};
  const link = {
    ...(params.flow ? { flow: params.flow, ...(params.vars ? { vars: params.vars } : {}) } : {}),
    ...(params.campaign_attempt ? { attempt: attempt as CampaignAttemptRef } : {}),
    ...(machine ? { machine } : {}),
  };
  return compact({
    To: params.to,
    From: params.from,
    ApplicationSid: applicationSid,
    Url: url,
    UrlMethod: url ? ('POST' as const) : undefined,
    StatusCallback: callbackUrl(context, 'call-status', link),
    StatusCallbackMethod: base ? ('POST' as const) : undefined,
    StatusCallbackEvent: base ? (params.status_callback_events ?? DEFAULT_STATUS_CALLBACK_EVENTS) : undefined,
    CallerId: params.caller_id,
    MachineDetection: params.machine_detection,
    MachineDetectionTimeout: params.machine_detection_timeout,
    AsyncAmd: params.async_amd,
    AsyncAmdStatusCallback: params.async_amd ? callbackUrl(context, 'amd', link) : undefined,
    AsyncAmdStatusCallbackMethod: params.async_amd && base ? ('POST' as const) : undefined,
    Timeout: params.timeout,
    TimeLimit: params.time_limit,
    Record: params.record,
  }) as CreateCallBody;
}

export const callsCreate = defineOperation({
  op: 'calls.create',
  summary: 'Place an outbound call that runs a flow (at most once)',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls',
  lane: 'dials',
  ambiguity: 'reconcile',
  schema: createCallSchema,
  async run(params, context) {
    const body = buildCreateCallBody(params, context);
    const answer = await context.telnyx.texml.accounts.calls.calls(context.settings.accountSid, { body });
    // Telnyx answers {from, to, status: queued}; the call sid arrives with the status callbacks.
    return { ...answer, placed: true, flow: params.flow ?? null };
  },
  dialTarget: (params) => ({ to: params.to, from: params.from }),
  async reconcile(params, context, since) {
    // The date-only filter works whatever precision Telnyx's StartTime filter has; the exact
    // cut-off is applied here, at the second (list dates are RFC 2822, to the second).
    const day = since.toISOString().slice(0, 10);
    const page = await context.telnyx.texml.accounts.calls.retrieveCalls(context.settings.accountSid, {
      To: params.to,
      From: params.from,
      StartTime_gt: day,
      PageSize: 100,
    });
    const cutoff = Math.floor(since.getTime() / 1000) * 1000;
    return (page.calls ?? [])
      .filter((call) => {
        const created = Date.parse(call.date_created ?? call.start_time ?? '');
        return !Number.isNaN(created) && created >= cutoff;
      })
      .map((call): ReconciledCall => ({ sid: call.sid, status: call.status, to: call.to, from: call.from, startTime: call.date_created ?? call.start_time }));
  },
});

const updateCallSchema = z
  .strictObject({
    call_sid: sid,
    /** completed hangs up; canceled cancels a call not yet answered. */
    status: z.enum(['completed', 'canceled']).optional(),
    /** Redirect the live call to a flow, a TeXML URL or inline TeXML. */
    flow: flowName.optional(),
    vars: flowVars.optional(),
    url: httpUrl.optional(),
    method: httpMethod.optional(),
    texml: text(100000).optional(),
    fallback_url: httpUrl.optional(),
    status_callback: httpUrl.optional(),
  })
  .refine((p) => [p.flow, p.url, p.texml].filter((v) => v !== undefined).length <= 1, { message: 'give at most one of flow, url and texml', path: ['flow'] })
  .refine((p) => p.status !== undefined || p.flow !== undefined || p.url !== undefined || p.texml !== undefined || p.status_callback !== undefined, {
    message: 'nothing to update: give status, flow, url, texml or status_callback',
    path: ['status'],
  });

export const callsUpdate = defineOperation({
  op: 'calls.update',
  summary: 'Hang up, cancel or redirect a live call',
  endpoint: 'POST /texml/Accounts/{AccountSid}/Calls/{CallSid}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: updateCallSchema,
  async run(params, context) {
    const url = params.flow ? flowUrl('calls.update', context, params.flow, params.vars) : params.url;
    const body: UpdateCallBody = compact({
      Status: params.status,
      Url: url,
      Method: params.flow ? ('POST' as const) : params.method,
      Texml: params.texml,
      FallbackUrl: params.fallback_url,
      StatusCallback: params.status_callback,
    });
    return context.telnyx.texml.accounts.calls.update(params.call_sid, { account_sid: context.settings.accountSid, ...body });
  },
});

export const callsFetch = defineOperation({
  op: 'calls.fetch',
  summary: 'Read one call',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Calls/{CallSid}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ call_sid: sid }),
  run: (params, context) => context.telnyx.texml.accounts.calls.retrieve(params.call_sid, { account_sid: context.settings.accountSid }),
});

const callStatuses = z.enum(['canceled', 'completed', 'failed', 'busy', 'no-answer']);

export const callsList = defineOperation({
  op: 'calls.list',
  summary: 'List calls (newest first), by number, status and start time',
  endpoint: 'GET /texml/Accounts/{AccountSid}/Calls',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({
    to: text(256).optional(),
    from: text(256).optional(),
    status: callStatuses.optional(),
    started_after: isoDate.optional(),
    started_before: isoDate.optional(),
    ...pageFields,
  }),
  run: (params, context) =>
    context.telnyx.texml.accounts.calls.retrieveCalls(
      context.settings.accountSid,
      compact({ To: params.to, From: params.from, Status: params.status, StartTime_gt: params.started_after, StartTime_lt: params.started_before, Page: params.page, PageSize: params.page_size }),
    ),
});
