import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: string };

/**
 * A number as written in a contact list (`(312) 555-0100`, `+44 20 7946 0958`, `0044...`) in
 * E.164, with `region` for numbers written without a country code. Only numbers libphonenumber
 * considers possible for their region are accepted.
 */
export function normalisePhone(raw: string, region: string): PhoneResult {
  const text = raw.trim();
  if (text === '') return { ok: false, problem: 'no phone number' };
  if (!/^[+\d\s().\-/]+$/.test(text) && !/^[+\d\s().\-/]+(ext\.?|x|#)\s*\d+$/i.test(text)) return { ok: false, problem: `'${text.slice(0, 40)}' is not a phone number` };
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  if (!parsed) return { ok: false, problem: `'${text.slice(0, 40)}' is not a phone number` };
  if (!parsed.isPossible()) return { ok: false, problem: `'${text.slice(0, 40)}' is not a possible number${parsed.country ? ` in ${parsed.country}` : ''} (wrong length)` };
  if (!parsed.isValid()) return { ok: false, problem: `'${text.slice(0, 40)}' is not a valid number${parsed.country ? ` in ${parsed.country}` : ''}` };
  return { ok: true, e164: parsed.number };
}
