import type { BodyReader } from '../body-reader';
import type { Clock } from '../clock';
import type { DialAdmission } from '../dial-admission';
import type { EmulatorState } from '../emulator-state';

/** What a handler sees of the request. */
export interface OperationRequest {
  /** Path parameters, percent-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: BodyReader;
  /** Whether the path ended in `.json`. */
  jsonSuffix: boolean;
}

/** What a handler may use. */
export interface OperationServices {
  state: EmulatorState;
  clock: Clock;
  dials: DialAdmission;
  strictApplications: boolean;
  /** Account that connection-scoped and AI calls (which name no account) belong to. */
  defaultAccountSid: string;
}

export interface OperationResult {
  status?: number;
  /** Omitted for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type OperationMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One REST operation of the emulated API. */
export interface EmulatorOperation {
  /** Stable name used by fault rules, e.g. `calls.create`. */
  name: string;
  method: OperationMethod;
  /** Path under `/v2`, `:name` for parameters, without `.json`. */
  path: string;
  /** `json`: only with a `.json` suffix; `none`: only without; unset: either. */
  suffix?: 'json' | 'none';
  /** Whether this operation places a call leg (dial limit, concurrent-call cap). */
  dial?: boolean;
  handle(request: OperationRequest, services: OperationServices): OperationResult;
}

/** A path parameter the route guarantees. */
export function param(request: OperationRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`Route is missing path parameter ${name}`);
  return value;
}
