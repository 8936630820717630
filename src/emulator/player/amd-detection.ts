import type { RequestValue } from '../emulator-models';

/** What answering-machine detection decides and how long it listens before it does. */
export interface AmdDetection {
  result: string;
  seconds: number;
}

/** InitiateCallRequest MachineDetectionTimeout: default 30000 ms. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Detection under the call's MachineDetectionTimeout (InitiateCallRequest: "Maximum timeout
 * threshold in milliseconds for overall detection", 500..60000, default 30000). The emulator's
 * detector decides a human in 2 s and a machine (or fax) in 3.5 s; when that is longer than the
 * timeout, detection gives up at the timeout with `unknown`, one of the documented AnsweredBy
 * values (texml-answering-machine-detection-support.md, TexmlCallAmdWebhookSchema).
 */
export function amdDetection(scripted: string, params: Readonly<Record<string, RequestValue>>): AmdDetection {
  const seconds = scripted === 'human' ? 2 : 3.5;
  const raw = params.MachineDetectionTimeout;
  const timeoutMs = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : DEFAULT_TIMEOUT_MS;
  if (seconds * 1000 <= timeoutMs) return { result: scripted, seconds };
  return { result: 'unknown', seconds: timeoutMs / 1000 };
}
