import fc from 'fast-check';
import type { ParamSpec } from '../../src/telnyx/contract/contract-types';
import { webhookContract, type WebhookKind } from '../../src/telnyx/contract/webhook-contract';

export type Form = Record<string, string>;

const specOf = (kind: WebhookKind): Readonly<Record<string, ParamSpec>> => webhookContract[kind].params;
/** Parameters Telnyx documents for the kind (tolerated, undocumented ones are never generated). */
const documented = (kind: WebhookKind) => Object.entries(specOf(kind)).filter(([, spec]) => spec.documented !== false);

/** A value of the parameter's documented type (or one of its documented values). */
export function valueOf(spec: ParamSpec): fc.Arbitrary<string> {
  if (spec.enum) return fc.constantFrom(...spec.enum);
  switch (spec.type) {
    case 'integer':
      return fc.nat({ max: 100_000 }).map(String);
    case 'number':
      return fc.double({ min: 0, max: 1, noNaN: true }).map((n) => n.toFixed(3));
    case 'boolean':
      return fc.constantFrom('true', 'false');
    case 'date-time':
      return fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'string':
      // Anything a caller or a carrier could put there, braces and non-ASCII included; never empty.
      return fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' });
  }
}

/** One fixed, plausible value per parameter, for the deterministic cases. */
export function sampleOf(name: string, spec: ParamSpec): string {
  if (spec.enum) return spec.enum[0]!;
  switch (spec.type) {
    case 'integer':
      return '3';
    case 'number':
      return '0.91';
    case 'boolean':
      return 'true';
    case 'date-time':
      return '2026-12-07T10:00:00.000Z';
    case 'string':
      return /Sid$/.test(name) ? `v3:${name.toLowerCase()}-1` : /^(From|To|CallerId)$/.test(name) ? '+13125550199' : `${name}-value`;
  }
}

export function requiredOnly(kind: WebhookKind): Form {
  return Object.fromEntries(documented(kind).filter(([, spec]) => spec.required).map(([name, spec]) => [name, sampleOf(name, spec)]));
}

export function allFields(kind: WebhookKind): Form {
  return Object.fromEntries(documented(kind).map(([name, spec]) => [name, sampleOf(name, spec)]));
}

/** The required parameters plus each documented value of each enum parameter, one request per value. */
export function everyEnumValue(kind: WebhookKind): Form[] {
  const base = requiredOnly(kind);
  return documented(kind).flatMap(([name, spec]) => (spec.enum ?? []).map((value) => ({ ...base, [name]: value })));
}

/** Required parameters always, each optional one present or not, every value of its documented type. */
export function arbitraryForm(kind: WebhookKind): fc.Arbitrary<Form> {
  const required: Record<string, fc.Arbitrary<string>> = {};
  const optional: Record<string, fc.Arbitrary<string>> = {};
  for (const [name, spec] of documented(kind)) (spec.required ? required : optional)[name] = valueOf(spec);
  return fc.record({ ...required, ...optional }, { requiredKeys: Object.keys(required) });
}

/** The event type the service should make of a callback-endpoint request, from Telnyx's parameters alone. */
export function expectedEventType(kind: WebhookKind, form: Form): string | undefined {
  switch (kind) {
    case 'call-initiated':
    case 'call-ringing':
    case 'call-answered':
    case 'call-completed':
    case 'dtmf':
      return `call.${form.CallStatus}`;
    case 'amd-sync':
    case 'amd-async':
      return `amd.${form.AnsweredBy!.startsWith('machine') ? 'machine' : form.AnsweredBy}`;
    case 'recording':
      return `recording.${form.RecordingStatus ?? 'completed'}`;
    case 'recording-transcription':
      return `transcription.${form.TranscriptionStatus ?? 'completed'}`;
    case 'realtime-transcription':
      return `transcription.${form.IsFinal === 'true' ? 'final' : 'partial'}`;
    case 'conference':
      return `conference.${form.StatusCallbackEvent}`;
    case 'siprec':
      return `siprec.${form.SiprecEvent!.replace(/^siprec-/, '')}`;
    case 'stream':
      return `stream.${form.StreamEvent}`;
    default:
      return undefined;
  }
}
