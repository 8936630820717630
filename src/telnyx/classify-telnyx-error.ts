import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'telnyx';
import { retryAfterMs } from './retry-after';
import type { TelnyxErrorDetail, TelnyxFailure, TelnyxFailureKind } from './telnyx-failure';

/** Connection failures that prove the request never left: no dial can have happened. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED']);

/**
 * Classifies anything the SDK threw. Under Jest the SDK reports its own timeout as a plain
 * APIConnectionError (see docs/emulator.md), so every connection error that is not a refusal
 * counts as a timeout-like, ambiguous failure.
 */
export function classifyTelnyxError(error: unknown, now: number = Date.now()): TelnyxFailure | undefined {
  if (error instanceof APIConnectionError || error instanceof APIConnectionTimeoutError) {
    const code = causeCode(error);
    const timeout = error instanceof APIConnectionTimeoutError || /timed? ?out|abort/i.test(`${error.message} ${code ?? ''}`);
    const neverSent = code !== undefined && NEVER_SENT.has(code);
    const label = timeout ? 'timeout' : 'connection';
    return failure('retryable', undefined, label, [], undefined, !neverSent, `${label}${code ? ` (${code})` : ''}: ${error.message}`);
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const errors = errorEntries(error.error);
    const kind: TelnyxFailureKind = status === 429 ? 'rate-limited' : status >= 500 || status === 408 ? 'retryable' : 'permanent';
    const first = errors[0];
    const text = [String(status), first?.code, first?.title, first?.detail].filter(Boolean).join(' ');
    const summary = errors.length > 1 ? `${text} (+${errors.length - 1} more: ${errors.slice(1).map((e) => e.detail ?? e.title).join('; ')})` : text;
    return failure(kind, status, String(status), errors, retryAfterMs(error.headers, now), status >= 500, summary || error.message);
  }
  return undefined;
}

function failure(
  kind: TelnyxFailureKind,
  status: number | undefined,
  statusLabel: string,
  errors: TelnyxErrorDetail[],
  retryAfter: number | undefined,
  ambiguous: boolean,
  summary: string,
): TelnyxFailure {
  const first = errors[0];
  return { kind, status, statusLabel, code: first?.code, title: first?.title, detail: first?.detail, errors, retryAfterMs: retryAfter, ambiguous, summary };
}

/** Telnyx's body: `{"errors":[{"code","title","detail","source":{"pointer"}}]}` (or a bare list). */
function errorEntries(body: unknown): TelnyxErrorDetail[] {
  const list = Array.isArray(body) ? body : typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors) ? (body as { errors: unknown[] }).errors : [];
  return list
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => {
      const source = e.source as { pointer?: unknown; parameter?: unknown } | undefined;
      const pointer = typeof source?.pointer === 'string' ? source.pointer : typeof source?.parameter === 'string' ? source.parameter : undefined;
      return {
        ...(e.code !== undefined ? { code: String(e.code) } : {}),
        ...(typeof e.title === 'string' ? { title: e.title } : {}),
        ...(typeof e.detail === 'string' ? { detail: e.detail } : {}),
        ...(pointer ? { pointer } : {}),
      };
    });
}

/** The first `code` along the cause chain (undici puts ECONNREFUSED two levels down). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
