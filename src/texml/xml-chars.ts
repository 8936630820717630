/**
 * Character-level XML 1.0 rules: which characters a document can carry, and the escaping of
 * text, attribute values and CDATA. The only place in the project where XML is escaped.
 */

// Outside the XML 1.0 Char production: C0 controls except tab/LF/CR, lone surrogates (matched by
// \p{Cs} in unicode mode, where a valid pair is one code point), U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- matching these controls is the point
const INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- as above
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_SPECIAL_G = /[&<>\r]/g;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/;
const ATTRIBUTE_SPECIAL_G = /[&<>"\t\n\r]/g;

// \r and (in attributes) \t \n are written as character references: a parser would otherwise
// normalise them away (line-end and attribute-value normalisation) and the value would not
// round-trip.
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const replaceEntity = (c: string): string => ENTITIES[c] ?? c;

export interface InvalidXmlChar {
  /** UTF-16 index of the offending unit. */
  index: number;
  /** e.g. `U+0007`. */
  codePoint: string;
}

/** The first character XML 1.0 cannot carry, or undefined when the string is fine. */
export function findInvalidXmlChar(value: string): InvalidXmlChar | undefined {
  const match = INVALID_XML_CHAR.exec(value);
  if (match === null) return undefined;
  const unit = match[0].charCodeAt(0);
  return { index: match.index, codePoint: `U+${unit.toString(16).toUpperCase().padStart(4, '0')}` };
}

/** Replaces every character XML 1.0 cannot carry with U+FFFD, so untrusted values never fail a document. */
export function sanitizeXmlText(value: string): string {
  return INVALID_XML_CHAR.test(value) ? value.replace(INVALID_XML_CHARS, '\uFFFD') : value;
}

/** Escapes element text. The caller has already rejected or sanitised invalid characters. */
export function escapeXmlText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIAL_G, replaceEntity) : value;
}

/** Escapes a double-quoted attribute value. The caller has already rejected or sanitised invalid characters. */
export function escapeXmlAttribute(value: string): string {
  return ATTRIBUTE_SPECIAL.test(value) ? value.replace(ATTRIBUTE_SPECIAL_G, replaceEntity) : value;
}

/**
 * Wraps text in CDATA, for the elements Telnyx documents as CDATA (JSON bodies). `]]>` is split
 * across two sections and \r goes out as a reference, as CDATA cannot carry it either.
 */
export function wrapXmlCdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>').replace(/\r/g, ']]>&#13;<![CDATA[')}]]>`;
}
