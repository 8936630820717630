import { z } from 'zod';

/** Step, flow, calendar, queue and secret names: safe in URLs, logs and YAML keys. */
export const nameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, _ and - (max 64)');

/** A Mustache template over the call, vars, input, env and secret scopes. */
export const templateSchema = z.string().max(4096);

export const durationSeconds = (min: number, max: number) => z.number().int().min(min).max(max);

export const voiceSchema = z
  .string()
  .regex(
    /^(man|woman|alice|Polly\.[A-Za-z-]+|ElevenLabs\.[A-Za-z0-9_.-]+|Telnyx\.[A-Za-z0-9_.-]+|Azure\.[A-Za-z0-9_.-]+|AWS\.[A-Za-z0-9_.-]+)$/,
    'must be man, woman, alice, Polly.NAME, Polly.NAME-Neural, ElevenLabs.MODEL.VOICE, Telnyx.…, Azure.… or AWS.…',
  );

export const languageSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP-47 tag such as en-US');

export const dialStatusSchema = z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']);
export type DialStatus = z.infer<typeof dialStatusSchema>;

/** A dial target: an E.164 number, a SIP URI, or queue:NAME. */
export const dialTargetSchema = z
  .string()
  .regex(/^(\+[1-9]\d{6,14}|sips?:[^\s]+|queue:[A-Za-z][A-Za-z0-9_-]*|\{\{[^}]+\}\})$/, 'must be an E.164 number (+13125550100), a sip: URI, queue:NAME or a {{template}}');
