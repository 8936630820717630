import { EmulatorValidationError } from './errors/emulator-validation-error';
import { TelnyxErrorCodes } from './errors/telnyx-error-codes';

/** Default page size of TeXML lists (Telnyx's examples show pagesize=20). */
export const TEXML_DEFAULT_PAGE_SIZE = 20;
export const TEXML_MAX_PAGE_SIZE = 1000;
export const FLAT_DEFAULT_PAGE_SIZE = 20;
export const FLAT_MAX_PAGE_SIZE = 250;

export interface PageRequest {
  /** Zero-indexed for TeXML lists, one-indexed for flat (`page[number]`) lists. */
  page: number;
  pageSize: number;
}

function invalid(parameter: string, detail: string): EmulatorValidationError {
  return new EmulatorValidationError([{ ...TelnyxErrorCodes.badRequest, detail, source: { parameter } }]);
}

function readInt(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw invalid(name, `'${name}' must be an integer between ${min} and ${max}.`);
  const value = Number(raw);
  if (value < min || value > max) throw invalid(name, `'${name}' must be an integer between ${min} and ${max}; got ${value}.`);
  return value;
}

/** Page tokens are opaque to clients; here they just carry the page number. */
function encodeToken(page: number): string {
  return Buffer.from(`page:${page}`).toString('base64url');
}

function decodeToken(token: string): number | undefined {
  const match = /^page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** `Page` (zero-indexed) and `PageSize`, with `PageToken` as a fallback for the page. */
export function readTexmlPage(query: URLSearchParams): PageRequest {
  const pageSize = readInt(query, 'PageSize', 1, TEXML_MAX_PAGE_SIZE) ?? TEXML_DEFAULT_PAGE_SIZE;
  let page = readInt(query, 'Page', 0, Number.MAX_SAFE_INTEGER);
  const token = query.get('PageToken');
  if (page === undefined && token) page = decodeToken(token);
  return { page: page ?? 0, pageSize };
}

/**
 * A Twilio-style page: the items under `key`, plus page, page_size, start, end, uri,
 * first_page_uri, next_page_uri and previous_page_uri (left out when there is none).
 * `listPath` is the list's `.json` path; `filters` are repeated in the page URIs.
 */
export function texmlPage<T>(
  key: string,
  items: readonly T[],
  request: PageRequest,
  listPath: string,
  filters: ReadonlyArray<[string, string]> = [],
): Record<string, unknown> {
  const { page, pageSize } = request;
  const start = page * pageSize;
  const slice = items.slice(start, start + pageSize);
  const uriFor = (p: number, withToken: boolean): string => {
    const q = new URLSearchParams(filters as Array<[string, string]>);
    q.set('Page', String(p));
    q.set('PageSize', String(pageSize));
    if (withToken) q.set('PageToken', encodeToken(p));
    return `${listPath}?${q.toString()}`;
  };
  const hasNext = start + pageSize < items.length;
  return {
    [key]: slice,
    page,
    page_size: pageSize,
    start,
    end: start + Math.max(slice.length, 1) - 1,
    uri: uriFor(page, false),
    first_page_uri: uriFor(0, false),
    ...(hasNext ? { next_page_uri: uriFor(page + 1, true) } : {}),
    ...(page > 0 ? { previous_page_uri: uriFor(page - 1, true) } : {}),
  };
}

/** `page[number]` (from 1) and `page[size]`. */
export function readFlatPage(query: URLSearchParams): PageRequest {
  return {
    page: readInt(query, 'page[number]', 1, Number.MAX_SAFE_INTEGER) ?? 1,
    pageSize: readInt(query, 'page[size]', 1, FLAT_MAX_PAGE_SIZE) ?? FLAT_DEFAULT_PAGE_SIZE,
  };
}

/** `{ data, meta: { page_number, page_size, total_pages, total_results } }`, as the SDK's flat pages expect. */
export function flatPage<T>(items: readonly T[], request: PageRequest): { data: T[]; meta: Record<string, number> } {
  const { page, pageSize } = request;
  const start = (page - 1) * pageSize;
  return {
    data: items.slice(start, start + pageSize),
    meta: {
      page_number: page,
      page_size: pageSize,
      total_pages: Math.ceil(items.length / pageSize),
      total_results: items.length,
    },
  };
}
