import { z } from 'zod';

/**
 * The campaign language, as written in `campaigns/*.yaml` or sent to `POST /api/campaigns`. No
 * transforms here: the same schema validates files and writes schemas/campaign.schema.json, so
 * editors check a campaign exactly as the loader does. `normaliseCampaign` turns a valid document
 * into the CampaignDefinition the service runs.
 */

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, _ and - (max 64)');

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +13125550100');

/** Seconds as a number, or `90s`, `15m`, `2h`, `1d`, `1h30m`. */
export const durationSchema = z.union([
  z.number().int().min(0).max(30 * 24 * 3600),
  z.string().regex(/^(\d+(ms|s|m|h|d))+$/, 'must be a duration such as 90s, 15m, 2h, 1d or 1h30m (or a number of seconds)'),
]);

const timeRange = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM-HH:MM, e.g. 09:00-17:30');
const dayKey = z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$/, 'must be a day (mon..sun) or a day range such as mon-fri');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const columnName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'column names used as variables start with a letter and use letters, digits and _');

export const callerIdSchema = z.union([
  e164,
  z.array(e164).min(1),
  z.strictObject({
    numbers: z.array(e164).min(1).describe('Caller ids to choose from'),
    pick: z.enum(['round-robin', 'area-code']).optional().describe('round-robin (default), or the number sharing the contact\'s area code (round-robin among several; all numbers when none matches)'),
  }),
]);

export const contactsSchema = z.strictObject({
  file: z.string().min(1).optional().describe('CSV file, relative to the campaign file (CLI only; the API takes the CSV in the request)'),
  csv: z.string().optional().describe('The CSV inline (API)'),
  phone_column: z.string().min(1).optional().describe('Column holding the number (default: phone)'),
  timezone_column: z.string().min(1).optional().describe('Column holding an IANA time zone (default: timezone, when present)'),
  default_region: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter region code such as US').optional().describe('Region of numbers written without +country code (default CAMPAIGN_DEFAULT_REGION)'),
  variables: z.array(columnName).optional().describe('Columns passed to the flow as vars (default: every column but phone and time zone)'),
});

export const windowSchema = z.strictObject({
  timezone: z.string().min(1).describe('IANA time zone of contacts without their own, e.g. America/Chicago'),
  hours: z.record(dayKey, z.union([timeRange, z.array(timeRange).min(1), z.literal('closed')])).describe('Calling hours per day, in each contact\'s time zone'),
  exclude: z.array(isoDate).optional().describe('Dates with no calls (in each contact\'s time zone)'),
});

export const pacingSchema = z.strictObject({
  dials_per_second: z.number().min(0.1).max(1000).describe('New calls per second for this campaign (never above TELNYX_DIALS_PER_SECOND)'),
  max_concurrent: z.number().int().min(1).max(100000).describe('Most calls of this campaign up at once'),
});

export const amdSchema = z.strictObject({
  mode: z.enum(['off', 'detect', 'detect-message-end']).describe('detect: answering-machine detection (MachineDetection=Enable); detect-message-end: wait for the greeting to end (DetectMessageEnd)'),
  on_machine: z
    .union([z.enum(['hangup', 'flow']), z.strictObject({ step: name })])
    .optional()
    .describe('What a machine gets: hang up, a step of the flow (a voicemail), or the flow itself (it sees call.answered_by); default flow'),
  timeout_ms: z.number().int().min(500).max(60000).optional().describe('How long detection listens (MachineDetectionTimeout)'),
  async: z
    .boolean()
    .optional()
    .describe('false (default): Telnyx holds the flow until detection decides (the verdict picks the branch before anyone hears anything); true: the flow plays at once and a machine is redirected when the verdict comes (AsyncAmd)'),
});

export const retryRuleSchema = z.strictObject({
  delay: durationSchema.describe('Wait before the next attempt (then the next window opening)'),
  max_attempts: z.number().int().min(1).max(20).describe('Attempts in all, the first included'),
});

export const retrySchema = z.strictObject({
  busy: retryRuleSchema.optional(),
  'no-answer': retryRuleSchema.optional(),
  failed: retryRuleSchema.optional(),
  machine: retryRuleSchema.optional(),
});

export const doNotCallSchema = z.strictObject({
  file: z.string().min(1).optional().describe('Numbers one per line (or a CSV whose first column is the number), relative to the campaign file (CLI only)'),
  numbers: z.array(z.string().min(1)).optional().describe('Numbers never to call in this campaign'),
});

export const campaignFileSchema = z.strictObject({
  campaign: name.describe('Campaign name; the id is the name plus a random suffix'),
  description: z.string().max(500).optional(),
  flow: name.describe('Flow an answered call runs (must exist in the flow set)'),
  caller_id: callerIdSchema.describe('One number, a list used round-robin, or {numbers, pick: area-code}'),
  contacts: contactsSchema.optional(),
  window: windowSchema,
  pacing: pacingSchema,
  amd: amdSchema.optional(),
  retry: retrySchema.optional().describe('Retries per outcome; an outcome without a rule is final'),
  do_not_call: doNotCallSchema.optional(),
  ring_timeout: z.number().int().min(5).max(120).optional().describe('Seconds of ringing before no-answer (default 30)'),
  live_call_timeout: durationSchema.optional().describe('A call whose completed callback never comes frees its slot after this long, outcome unknown (default 2h)'),
});

export type CampaignFile = z.infer<typeof campaignFileSchema>;
