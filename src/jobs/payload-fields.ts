import { z } from 'zod';

/**
 * Field schemas shared by the operation payloads. Flows render their `with:` values from templates,
 * so numbers and booleans may arrive as strings ("20", "true"); these accept both.
 */

/** A non-empty string: a template that rendered to '' is a missing value, said so. */
export const text = (max = 1024) => z.string().trim().min(1, 'must not be empty').max(max);

/** A Telnyx sid or id (call `v3:...`, UUIDs, numeric ids). */
export const sid = text(128);

/** An E.164 number or a sip: URI, as Telnyx accepts for To and From. */
export const address = z
  .string()
  .trim()
  .regex(/^(\+[1-9]\d{6,14}|sips?:\S+)$/, 'must be an E.164 number such as +13125550100 or a sip: URI');

export const httpUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/\S+$/, 'must be an absolute http(s) URL');

export const wsUrl = z
  .string()
  .trim()
  .regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL');

export const httpMethod = z.enum(['GET', 'POST']);

/** An integer, also from its decimal string. */
export const integer = (min: number, max: number) =>
  z
    .union([z.number(), z.string().trim().regex(/^-?\d+$/, 'must be an integer').transform(Number)])
    .pipe(z.number().int('must be an integer').min(min).max(max));

/** A boolean, also from 'true' / 'false'. */
export const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** A flow name (as flow files declare it). */
export const flowName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be a flow name (a letter, then letters, digits, _ or -)');

/** Initial variables for the flow a call runs: `var.NAME=VALUE` on the /voice URL. */
export const flowVars = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'variable names start with a letter and use letters, digits and _'),
  z.union([z.string().max(1024), z.number(), z.boolean()]),
);

/** Space-separated status callback events, as TeXML takes them. */
export const callbackEvents = z.string().trim().regex(/^[a-z-]+( [a-z-]+)*$/, 'must be space-separated event names such as "initiated ringing answered completed"');

/** Optional paging for list reads. */
export const pageFields = {
  page: integer(0, 100000).optional(),
  page_size: integer(1, 1000).optional(),
};

/** An ISO 8601 date or date-time, for list filters. */
export const isoDate = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date (2026-01-31) or date-time');
