import { z } from 'zod';
import { nameSchema } from './common-schemas';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +13125550100');
const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema).min(1)]);
const initialVars = z.record(nameSchema, z.union([z.string(), z.number(), z.boolean()]));

const timeRange = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM-HH:MM, e.g. 09:00-17:30');
const dayKey = z.string().regex(
  /^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$/,
  'must be a day (mon..sun) or a day range such as mon-fri',
);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const calendarSchema = z.strictObject({
  timezone: z.string().min(1).describe('IANA time zone, e.g. America/Chicago'),
  hours: z.record(dayKey, z.union([timeRange, z.array(timeRange).min(1), z.literal('closed')])),
  holidays: z.array(z.union([isoDate, z.strictObject({ date: isoDate, name: z.string().optional() })])).optional(),
});

export const routeMatchSchema = z.strictObject({
  to: oneOrMany(e164).optional(),
  from: oneOrMany(e164).optional(),
  from_prefix: oneOrMany(z.string().regex(/^\+?\d{1,14}$/, 'must be digits with an optional leading +')).optional(),
  connection_id: oneOrMany(z.string().min(1)).optional(),
  calendar: z.union([z.strictObject({ open: nameSchema }), z.strictObject({ closed: nameSchema })]).optional(),
});

export const routeSchema = z.strictObject({
  name: nameSchema.optional(),
  match: routeMatchSchema,
  flow: nameSchema,
  vars: initialVars.optional(),
});

/**
 * A file in routes/. Any file may hold any of these keys; each key may appear in one file only.
 * Together they are the shared resources every flow sees.
 */
export const routesFileSchema = z.strictObject({
  routes: z.array(routeSchema).optional().describe('Inbound routes, matched in order; first match wins'),
  default: z.strictObject({ flow: nameSchema, vars: initialVars.optional() }).optional().describe('The route when no rule matches (required once)'),
  calendars: z.record(nameSchema, calendarSchema).optional().describe('Business hours and holidays'),
  secrets: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a TeXML secret name (letters, digits, _)'),
      z.strictObject({ env: z.string().regex(/^[A-Z][A-Z0-9_]*$/), description: z.string().optional() }),
    )
    .optional()
    .describe('TeXML secrets: name -> the environment variable its value comes from'),
  queues: z.record(nameSchema, z.strictObject({ max_size: z.number().int().min(1).max(5000).optional(), description: z.string().optional() })).optional(),
});

export type RoutesFileInput = z.infer<typeof routesFileSchema>;
export type CalendarInput = z.infer<typeof calendarSchema>;
export type RouteInput = z.infer<typeof routeSchema>;
