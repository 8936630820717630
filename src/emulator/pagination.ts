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

/**
 * How a list reads a `Page` that comes without a `PageToken`.
 * - `zero-indexed`: as Telnyx's parameter reference says ("Page: the number of the page to be
 *   displayed, zero-indexed, should be used in conjunction with PageToken").
 * - `sdk-paginated`: for the Queues list, the one TeXML list both official SDKs auto-paginate.
 *   Their paginators (telnyx-python `SyncDefaultPaginationForQueues.next_page_info`, telnyx-node
 *   `DefaultPaginationForQueues.nextPageRequestOptions`) send `Page = (Page or 1) + 1` and never a
 *   token, so a list started without `Page` asks for Page 2 second: read zero-indexed, page 1 would
 *   never be served. Telnyx contradicts itself here; the emulator accepts both readings by taking
 *   `Page` 0 and 1 as the first page and `Page` n as page n-1 when no token names the page. Every
 *   item then comes once to both SDKs started without `Page` or with `Page=1`, and to the Python SDK
 *   started at `Page=0` (the Node SDK started at `Page=0` asks for Page 1 next and sees the first
 *   page twice: start it without `Page`). Pages reached through `next_page_uri` carry a token and
 *   are exact.
 */
export type PageNumbering = 'zero-indexed' | 'sdk-paginated';

/** `Page` and `PageSize`; a `PageToken` (as in `next_page_uri`) names the page exactly. */
export function readTexmlPage(query: URLSearchParams, numbering: PageNumbering = 'zero-indexed'): PageRequest {
  const pageSize = readInt(query, 'PageSize', 1, TEXML_MAX_PAGE_SIZE) ?? TEXML_DEFAULT_PAGE_SIZE;
  const requested = readInt(query, 'Page', 0, Number.MAX_SAFE_INTEGER);
  const token = query.get('PageToken');
  const fromToken = token ? decodeToken(token) : undefined;
  if (fromToken !== undefined) return { page: fromToken, pageSize };
  if (requested === undefined) return { page: 0, pageSize };
  return { page: numbering === 'sdk-paginated' ? Math.max(0, requested - 1) : requested, pageSize };
}

/**
 * A TeXML page (CallResourceIndex and its siblings): the items under `key`, plus page, page_size,
 * start, end, uri, first_page_uri, next_page_uri and previous_page_uri (null when there is none).
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
    uri: uriFor(page, page > 0),
    first_page_uri: uriFor(0, false),
    next_page_uri: hasNext ? uriFor(page + 1, true) : null,
    previous_page_uri: page > 0 ? uriFor(page - 1, true) : null,
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
