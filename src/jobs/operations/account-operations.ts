import { z } from 'zod';
import type Telnyx from 'telnyx';
import { compact } from '../compact';
import { statusCallbackOf } from '../flow-urls';
import { portalVoiceUrl } from '../../urls/service-urls';
import { defineOperation, type OperationContext } from '../operation-definition';
import { OperationPreconditionError } from '../operation-precondition-error';
import { flag, flowName, flowVars, httpUrl, integer, sid, text } from '../payload-fields';

type ApplicationBody = Parameters<Telnyx['texmlApplications']['create']>[0];

export const secretsUpsert = defineOperation({
  op: 'secrets.upsert',
  summary: 'Store a TeXML secret from an environment variable read by the worker (same name replaces)',
  endpoint: 'POST /texml/secrets',
  lane: 'ops',
  ambiguity: 'retry',
  // Only names travel in the job: the value is read from the worker's environment when it runs,
  // so it is never stored in Redis, shown by the admin API or written to a log.
  schema: z.strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be a secret name (a letter, then letters, digits, _ or -)'),
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name'),
  }),
  run: async (params, context) => {
    // Only a variable the secrets manifest declares for this secret is read (issue 12, F9): the
    // admin API checks it at enqueue too, but a job may come from anywhere that can write Redis.
    if (!context.secretsManifest) throw new OperationPreconditionError('secrets.upsert', 'this worker has no secrets manifest to check the variable against; nothing was sent');
    const problem = (await context.secretsManifest()).problem(params.name, params.env);
    if (problem) throw new OperationPreconditionError('secrets.upsert', `${problem}; nothing was sent`);
    const value = context.readEnv(params.env);
    if (value === undefined) throw new OperationPreconditionError('secrets.upsert', `environment variable ${params.env} (for secret ${params.name}) is not set in the worker`);
    const answer = await context.telnyx.texml.secrets({ name: params.name, value });
    return { name: answer.data?.name ?? params.name, stored: true };
  },
});

const applicationFields = {
  friendly_name: text(255),
  /** Default: PUBLIC_BASE_URL/voice (routes decide the flow), or /voice?flow=NAME when flow is given. */
  voice_url: httpUrl.optional(),
  flow: flowName.optional(),
  vars: flowVars.optional(),
  voice_method: z.enum(['get', 'post']).optional(),
  voice_fallback_url: httpUrl.optional(),
  /** Default: PUBLIC_BASE_URL's call-status callback. */
  status_callback: httpUrl.optional(),
  active: flag.optional(),
  first_command_timeout: flag.optional(),
  first_command_timeout_secs: integer(1, 120).optional(),
  tags: z.array(text(64)).max(20).optional(),
};

const applicationSchema = z.strictObject(applicationFields);
type ApplicationFields = z.output<typeof applicationSchema>;

function applicationBody(op: string, params: ApplicationFields, context: OperationContext): ApplicationBody {
  const base = context.publicBaseUrl;
  // An application's voice_url is permanent, so it cannot carry a sealed (expiring) link: it names
  // the flow with the portal's unsealed ?flow=, which starts entry-point flows only, without vars.
  if (params.vars && !params.voice_url) throw new OperationPreconditionError(op, "an application's voice_url names its flow unsealed (?flow=) and cannot carry vars: give the flow's route vars, or defaults in the flow");
  const voiceUrl = params.voice_url ?? (base ? portalVoiceUrl(base, params.flow) : undefined);
  if (!voiceUrl) throw new OperationPreconditionError(op, 'no voice_url in the job and PUBLIC_BASE_URL is not set');
  // Telnyx's application API spells the method in lower case.
  const statusCallback = statusCallbackOf(context, 'call-status', { url: params.status_callback });
  return compact({
    friendly_name: params.friendly_name,
    voice_url: voiceUrl,
    voice_method: params.voice_method ?? 'post',
    voice_fallback_url: params.voice_fallback_url,
    status_callback: statusCallback.url,
    status_callback_method: statusCallback.url ? ('post' as const) : undefined,
    active: params.active,
    first_command_timeout: params.first_command_timeout,
    first_command_timeout_secs: params.first_command_timeout_secs,
    tags: params.tags,
  });
}

const noFlowAndUrl = (p: { flow?: unknown; voice_url?: unknown }) => !(p.flow && p.voice_url);

export const applicationsCreate = defineOperation({
  op: 'applications.create',
  summary: 'Create a TeXML application pointing at this service',
  endpoint: 'POST /texml_applications',
  lane: 'ops',
  ambiguity: 'retry',
  schema: applicationSchema.refine(noFlowAndUrl, { message: 'give either flow or voice_url, not both', path: ['voice_url'] }),
  run: async (params, context) => (await context.telnyx.texmlApplications.create(applicationBody('applications.create', params, context))).data,
});

export const applicationsUpdate = defineOperation({
  op: 'applications.update',
  summary: 'Update a TeXML application (name and voice URL are always sent)',
  endpoint: 'PATCH /texml_applications/{id}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ application_id: sid, ...applicationFields }).refine(noFlowAndUrl, { message: 'give either flow or voice_url, not both', path: ['voice_url'] }),
  run: async (params, context) => (await context.telnyx.texmlApplications.update(params.application_id, applicationBody('applications.update', params, context))).data,
});

export const applicationsDelete = defineOperation({
  op: 'applications.delete',
  summary: 'Delete a TeXML application',
  endpoint: 'DELETE /texml_applications/{id}',
  lane: 'ops',
  ambiguity: 'retry',
  schema: z.strictObject({ application_id: sid }),
  run: async (params, context) => {
    await context.telnyx.texmlApplications.delete(params.application_id);
    return { deleted: true, application_id: params.application_id };
  },
});
