import { parseContentType } from './read-request-body';
import { RequestBodyError } from './request-body-error';

export const DEFAULT_PARAMETER_LIMIT = 1000;

/**
 * The fields of a webhook body, parsed only after its signature was checked on the raw bytes:
 * form-encoded (what TeXML sends) or JSON; any other type contributes nothing. Errors name what is
 * wrong and never echo the body.
 */
export function parseWebhookBody(contentTypeHeader: string | undefined, raw: Buffer, parameterLimit = DEFAULT_PARAMETER_LIMIT): Record<string, unknown> {
  if (raw.length === 0) return {};
  const { type, charset } = parseContentType(contentTypeHeader);
  const isForm = type === 'application/x-www-form-urlencoded';
  const isJson = type === 'application/json' || (type?.startsWith('application/') === true && type.endsWith('+json'));
  if (!isForm && !isJson) return {};
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new RequestBodyError(415, `unsupported charset "${charset.slice(0, 40)}": send UTF-8`);
  }
  const text = raw.toString('utf8');
  if (isForm) return parseFormFields(text, parameterLimit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RequestBodyError(400, `request body is not valid JSON: ${(error as Error).message.slice(0, 120)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new RequestBodyError(400, 'request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** Fields of a query string or form body; a repeated name gives an array, as Express's parsers do. */
export function parseFormFields(text: string, parameterLimit = DEFAULT_PARAMETER_LIMIT): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  if (text === '') return fields;
  let count = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (++count > parameterLimit) throw new RequestBodyError(413, `more than ${parameterLimit} parameters`);
    if (name === '__proto__') continue;
    const existing = fields[name];
    fields[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}
