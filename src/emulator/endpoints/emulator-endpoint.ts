import type { BodyReader } from '../body-reader';
import type { Clock } from '../clock';
import type { DialAdmission } from '../dial-admission';
import type { EmulatorState } from '../emulator-state';
import type { EndpointName } from './endpoint-name';

/** What a handler sees of the request. */
export interface EndpointRequest {
  /** Path parameters, percent-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: BodyReader;
  /** Whether the path ended in `.json`. */
  jsonSuffix: boolean;
}

/** What a handler may use. */
export interface EndpointServices {
  state: EmulatorState;
  clock: Clock;
  dials: DialAdmission;
  strictApplications: boolean;
  /** Account that connection-scoped and AI calls (which name no account) belong to. */
  defaultAccountSid: string;
}

export interface EndpointResult {
  status?: number;
  /** Omitted for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type EndpointMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One REST operation of the emulated API. */
export interface EmulatorEndpoint {
  /** Stable name used by fault rules, e.g. `calls.create`: the job catalogue's name when a job runs it. */
  name: EndpointName;
  method: EndpointMethod;
  /** Path under `/v2`, `:name` for parameters, without `.json`. */
  path: string;
  /** `json`: only with a `.json` suffix; `none`: only without; unset: either. */
  suffix?: 'json' | 'none';
  /** Whether this operation places a call leg (dial limit, concurrent-call cap). */
  dial?: boolean;
  handle(request: EndpointRequest, services: EndpointServices): EndpointResult;
}

/** A path parameter the route guarantees. */
export function param(request: EndpointRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`Route is missing path parameter ${name}`);
  return value;
}
