/**
 * Telnyx renders Mustache in the TeXML we return, so a caller-controlled value that could form
 * `{{` or `}}` would let a caller read a TeXML secret aloud. Braces in untrusted values become
 * their fullwidth forms, which read the same and can never pair into a tag, whatever surrounds
 * them. Values are also capped: nothing a caller sends should grow our documents or tokens.
 */
export const UNTRUSTED_VALUE_MAX_LENGTH = 512;
/** Initial variables set through the URL (?var.NAME=) are ids and names: a tighter cap. */
export const URL_VARIABLE_MAX_LENGTH = 256;

export function neutralise(value: unknown, maxLength: number = UNTRUSTED_VALUE_MAX_LENGTH): string {
  const text = typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : value === undefined || value === null ? '' : String(value);
  const capped = text.length > maxLength ? text.slice(0, maxLength) : text;
  // Most values hold no brace at all: skip the replace (this runs for every request parameter).
  if (capped.indexOf('{') < 0 && capped.indexOf('}') < 0) return capped;
  return capped.replace(/[{}]/g, (brace) => (brace === '{' ? '\uFF5B' : '\uFF5D'));
}
