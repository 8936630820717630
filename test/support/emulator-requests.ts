import type { CallTranscriptSnapshot } from '../../src/emulator';
import { validateWebhook } from '../../src/telnyx/contract/validate-webhook';
import type { WebhookKind } from '../../src/telnyx/contract/webhook-contract';

/**
 * Which contract kinds a request the emulator logged may be, by why it sent it. An action URL
 * serves every waiting verb, a status callback every call-progress event, so the request must fit
 * one of them.
 */
const candidates: Record<string, readonly WebhookKind[]> = {
  'webhook:voice': ['voice-fetch'],
  'webhook:fallback': ['voice-fetch'],
  'webhook:redirect': ['voice-fetch'],
  'webhook:action': ['gather-action', 'dial-action', 'record-action', 'enqueue-action', 'httprequest-action', 'aigather-action', 'refer-action'],
  'webhook:wait': ['queue-wait'],
  'webhook:amd': ['amd-sync'],
  'callback:status': ['call-initiated', 'call-ringing', 'call-answered', 'call-completed', 'dtmf', 'amd-sync'],
  'callback:leg-status': ['call-initiated', 'call-ringing', 'call-answered', 'call-completed', 'dtmf', 'amd-sync'],
  'callback:amd': ['amd-async'],
  'callback:recording': ['recording'],
  'callback:transcription': ['recording-transcription', 'realtime-transcription'],
  'callback:conference': ['conference'],
};

/**
 * Deviations another change in flight removes, named with who removes them. The service still
 * decides what follows a queue by QueueResult until issue 11 item 5 (amd-queue) lands, so the
 * emulator's Enqueue action keeps sending it until then. Nothing else may be added here.
 */
export const pendingDeviations: readonly { kind: WebhookKind; parameter: RegExp; owner: string }[] = [];

const pending = (kind: WebhookKind, problem: string) => pendingDeviations.some((d) => d.kind === kind && d.parameter.test(problem));

export interface EmulatorRequestProblem {
  callSid: string;
  request: string;
  kind: WebhookKind | undefined;
  problems: string[];
}

/** Every request in the transcripts that does not fit what Telnyx documents for it. */
export function emulatorRequestProblems(transcripts: readonly CallTranscriptSnapshot[]): { checked: number; problems: EmulatorRequestProblem[] } {
  let checked = 0;
  const problems: EmulatorRequestProblem[] = [];
  for (const transcript of transcripts) {
    for (const event of transcript.events) {
      if (event.kind !== 'webhook' && event.kind !== 'callback') continue;
      checked += 1;
      const key = `${event.kind}:${event.purpose}`;
      const kinds = candidates[key];
      const request = `${key} ${event.method} ${event.url}`;
      if (!kinds) {
        problems.push({ callSid: transcript.callSid, request, kind: undefined, problems: [`no contract kind for a ${key} request`] });
        continue;
      }
      // The kind it fits best once the pending deviations are set aside.
      const fits = kinds.map((kind) => ({ kind, problems: validateWebhook(kind, event.params).filter((problem) => !pending(kind, problem)) }));
      const best = fits.reduce((a, b) => (b.problems.length < a.problems.length ? b : a));
      if (best.problems.length > 0) problems.push({ callSid: transcript.callSid, request, kind: best.kind, problems: best.problems });
    }
  }
  return { checked, problems };
}
