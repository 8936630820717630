import { z } from 'zod';
import { jobActionSchema, type ActionInput } from './action-schemas';
import { hookEventNames } from './hook-events';
import { languageSchema, nameSchema, voiceSchema } from './common-schemas';

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)');

/** An `on:` hook action: a Telnyx operation, or a signed POST of the event to another system. */
export const hookActionSchema = z.union([
  z.strictObject({ job: jobActionSchema }),
  z.strictObject({
    notify: z.strictObject({
      url: z.string().regex(/^(https?:\/\/|\{\{)/, 'must be an http(s) URL or a {{template}}').optional().describe('Where to POST; default NOTIFY_URL'),
      with: z.record(z.string(), z.unknown()).optional().describe('Extra fields merged into the JSON body'),
    }),
  }),
]);
export type HookActionInput = z.infer<typeof hookActionSchema>;

export function createFlowFileSchema(actionListSchema: z.ZodType<ActionInput[]>) {
  return z.strictObject({
  flow: nameSchema.describe('The flow name: unique across flows/, used by routes, redirects and ?flow='),
  description: z.string().optional(),
  start: nameSchema.describe('The step a new call starts at'),
  entry: z
    .boolean()
    .optional()
    .describe('An entry point: a voice URL configured in the Telnyx portal may start it with ?flow=NAME (flows a route names are entry points already)'),
  env: z.array(envName).optional().describe('Environment variables templates may read as env.NAME'),
  vars: z.record(nameSchema, z.union([z.string(), z.number(), z.boolean()])).optional().describe('Initial variables'),
  request: z
    .strictObject({
      allow: z
        .array(z.string().regex(/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/, 'must be a host name, host:port or *.domain'))
        .min(1)
        .describe('Hosts the request action may call (also REQUEST_ALLOWED_HOSTS)'),
    })
    .optional()
    .describe('What the request action may reach'),
  voice: z.strictObject({ voice: voiceSchema.optional(), language: languageSchema.optional() }).optional().describe('Default voice for say'),
  fallback: actionListSchema.optional().describe('What a caller hears when anything goes wrong (default: an apology, then hangup)'),
  steps: z.record(nameSchema, actionListSchema).describe('Named steps; each is a list of actions run top to bottom'),
  on: z
    .partialRecord(z.enum(hookEventNames), z.array(hookActionSchema).min(1))
    .optional()
    .describe('Hooks: jobs and notifications run once per call event (call completed, recording completed, AMD, ...)'),
  });
}

export type FlowFileInput = z.infer<ReturnType<typeof createFlowFileSchema>>;
