import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { normaliseCallback } from '../../../src/events/normalise-callback';
import { webhookContract, webhookKinds, type WebhookKind } from '../../../src/telnyx/contract/webhook-contract';
import { matchWebhook, validateWebhook } from '../../../src/telnyx/contract/validate-webhook';
import { repoRoot } from '../../support/test-app';

/** Telnyx's OpenAPI file is shared data outside the repository (../shared/telnyx); never copied in. */
const openApiPath = [join(repoRoot, '..', 'shared', 'telnyx'), join(repoRoot, '..', '..', 'shared', 'telnyx'), '/work/shared/telnyx']
  .map((dir) => join(dir, 'texml-calls.openapi.yml'))
  .find((file) => existsSync(file));

interface SchemaProperty {
  type?: string;
  format?: string;
  enum?: string[];
}
interface Schema {
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

/** Each OpenAPI webhook schema and the contract kinds written from it. */
const fromSchema: Record<string, WebhookKind[]> = {
  TexmlCallInitiatedWebhookSchema: ['call-initiated'],
  TexmlCallRingingWebhookSchema: ['call-ringing'],
  TexmlCallAnsweredWebhookSchema: ['call-answered'],
  TexmlCallCompletedWebhookSchema: ['call-completed'],
  TexmlCallDtmfWebhookSchema: ['dtmf'],
  TexmlCallAmdWebhookSchema: ['amd-sync', 'amd-async'],
  TexmlGatherWebhookSchema: ['gather-action'],
  TexmlHttpRequestWebhookSchema: ['httprequest-action'],
  TexmlAiGatherWebhookSchema: ['aigather-action'],
  TexmlReferStatusWebhookSchema: ['refer-action'],
};

describe('the webhook contract', () => {
  it('names a source for every kind and parameter', () => {
    for (const kind of webhookKinds) {
      const spec = webhookContract[kind];
      expect(spec.sources.length).toBeGreaterThan(0);
      for (const [name, param] of Object.entries(spec.params)) {
        expect({ kind, name, source: typeof param.source === 'string' && param.source.length > 0 }).toEqual({ kind, name, source: param.documented === false ? expect.anything() : true });
      }
    }
  });

  (openApiPath ? it : it.skip)('holds every property, required flag and enum of Telnyx\'s OpenAPI webhook schemas', () => {
    const doc = parse(readFileSync(openApiPath!, 'utf8')) as { components: { schemas: Record<string, Schema> } };
    for (const [schemaName, kinds] of Object.entries(fromSchema)) {
      const schema = doc.components.schemas[schemaName]!;
      expect(schema).toBeDefined();
      for (const kind of kinds) {
        const params: Record<string, { type: string; required: boolean; enum?: readonly string[] }> = webhookContract[kind].params;
        for (const [name, property] of Object.entries(schema.properties)) {
          const param = params[name];
          expect({ schemaName, kind, name, present: param !== undefined }).toEqual({ schemaName, kind, name, present: true });
          const type = property.format === 'date-time' ? 'date-time' : property.type;
          expect({ kind, name, type: param!.type }).toEqual({ kind, name, type });
          // Every value the schema lists is accepted (the contract may accept more: other documented vocabularies).
          for (const value of property.enum ?? []) expect({ kind, name, value, listed: param!.enum?.includes(value) }).toEqual({ kind, name, value, listed: true });
        }
        // Required in the schema means required here, except where another Telnyx page disagrees (the entry's note says so).
        for (const name of schema.required ?? []) {
          const param = params[name] as { required: boolean; note?: string } | undefined;
          expect({ kind, name, requiredOrExplained: param !== undefined && (param.required || param.note !== undefined) }).toEqual({ kind, name, requiredOrExplained: true });
        }
      }
    }
  });

  it('validates what Telnyx documents and names what it does not', () => {
    const amd = { AccountSid: 'a', CallSid: 'v3:x', CallSidLegacy: 'v3:x', ConnectionId: '1', AnsweredBy: 'machine_end_beep', MachineDetectionDuration: '2300' };
    expect(validateWebhook('amd-async', amd)).toEqual([]);
    expect(validateWebhook('amd-async', { ...amd, AnsweredBy: 'machine' })).toEqual([]);
    expect(validateWebhook('amd-async', { ...amd, AnsweredBy: 'robot' })).toEqual([expect.stringContaining('AnsweredBy="robot" is not one of')]);
    expect(validateWebhook('amd-async', { ...amd, Direction: 'outbound-api' })).toEqual(['amd-async: Direction is not a parameter Telnyx documents for this request']);
    expect(validateWebhook('enqueue-action', { AccountSid: 'a', CallSid: 'c', CallSidLegacy: 'c', From: 'f', To: 't', QueueResult: 'bridged' })).toEqual([
      'enqueue-action: QueueResult is not documented by Telnyx (tolerated when received, never sent)',
    ]);
    expect(validateWebhook('call-completed', { CallSid: 'c' })).toContain('call-completed: required parameter CallInitiatedAt is missing');
    expect(validateWebhook('call-completed', { CallStatus: 'done' })).toContain('call-completed: CallStatus="done" is not one of completed, busy, no-answer, canceled, failed');
    expect(validateWebhook('httprequest-action', { AccountSid: 'a', CallSid: 'c', CallSidLegacy: 'c', From: 'f', To: 't', ConnectionId: '1', anything: 'mapped' })).toEqual([]);
    expect(matchWebhook(['gather-action', 'dial-action'], { AccountSid: 'a', CallSid: 'c', CallSidLegacy: 'c', From: 'f', To: 't', DialCallStatus: 'busy' }).kind).toBe('dial-action');
  });
});

describe('callback normalisation, as Telnyx sends them', () => {
  const at = new Date('2026-12-07T10:00:00Z');
  const call = { AccountSid: 'acct', CallSid: 'v3:n-1', CallSidLegacy: 'v3:n-1' };

  it('tells SIPREC started, stopped and failed apart by SiprecEvent, with SiprecError', () => {
    const types = ['siprec-started', 'siprec-stopped', 'siprec-failed'].map((SiprecEvent) =>
      normaliseCallback('siprec', { ...call, SiprecSid: 'sr-1', SiprecEvent, SiprecName: 'rec', ...(SiprecEvent === 'siprec-failed' ? { SiprecError: 'SRS unreachable' } : {}) }, at),
    );
    expect(types.map((e) => e.type)).toEqual(['siprec.started', 'siprec.stopped', 'siprec.failed']);
    expect(new Set(types.map((e) => e.id)).size).toBe(3);
    expect(types[2]!.data).toMatchObject({ siprec_error: 'SRS unreachable', siprec_name: 'rec', siprec_event: 'siprec-failed' });
    expect(() => normaliseCallback('siprec', { ...call, SiprecSid: 'sr-1', SiprecStatus: 'started' }, at)).toThrow('siprec callback without SiprecEvent');
  });

  it('keeps real-time transcription results (Transcript, IsFinal, Confidence) on the call, and the recording shape as before', () => {
    const partial = normaliseCallback('transcription', { ...call, Transcript: 'I would like', IsFinal: 'false', Confidence: '0.6' }, at);
    const final = normaliseCallback('transcription', { ...call, Transcript: 'I would like to pay', IsFinal: 'true', Confidence: '0.93' }, at);
    expect(partial).toMatchObject({ type: 'transcription.partial', callSid: 'v3:n-1', data: { transcript: 'I would like', is_final: 'false', confidence: '0.6' } });
    expect(final).toMatchObject({ type: 'transcription.final', data: { transcript: 'I would like to pay', is_final: 'true', confidence: '0.93' } });
    expect(final.id).not.toBe(partial.id);
    expect(normaliseCallback('transcription', { ...call, Transcript: 'I would like to pay', IsFinal: 'true' }, at).id).toBe(final.id);
    const recorded = normaliseCallback('transcription', { ...call, TranscriptionSid: 'tr-1', TranscriptionStatus: 'completed', TranscriptionText: 'hello', RecordingSid: 'r' }, at);
    expect(recorded).toMatchObject({ type: 'transcription.completed', data: { transcription_text: 'hello' } });
  });

  it('takes the AMD webhook without CallStatus, on the status callback (synchronous) as on its own endpoint', () => {
    const amd = { ...call, ConnectionId: '1', AnsweredBy: 'machine_start', MachineDetectionDuration: '1800' };
    const onStatus = normaliseCallback('call-status', amd, at);
    const onOwn = normaliseCallback('amd', amd, at);
    expect(onStatus).toMatchObject({ kind: 'amd', type: 'amd.machine', data: { answered_by: 'machine_start', machine_detection_duration: '1800' } });
    expect(onStatus.id).toBe(onOwn.id);
    expect(normaliseCallback('amd', { ...amd, AnsweredBy: 'machine' }, at).type).toBe('amd.machine');
    expect(() => normaliseCallback('call-status', call, at)).toThrow('CallStatus');
  });

  it('keeps what the completed callback says about the end of the call, and no Direction', () => {
    const event = normaliseCallback(
      'call-status',
      {
        ...call,
        CallStatus: 'failed',
        CallbackSource: 'call-progress-events',
        SequenceNumber: '4',
        Timestamp: '2026-12-07T10:00:40Z',
        ErrorMessage: 'Destination unreachable',
        SipHangupCause: '404',
        CallSessionId: 'sess-1',
        StartTime: '2026-12-07T10:00:00Z',
        AnsweredTime: '2026-12-07T10:00:05Z',
        EndTime: '2026-12-07T10:00:40Z',
        Direction: 'outbound-api',
      },
      at,
    );
    expect(event.data).toMatchObject({
      error_message: 'Destination unreachable',
      sip_hangup_cause: '404',
      call_session_id: 'sess-1',
      start_time: '2026-12-07T10:00:00Z',
      answered_time: '2026-12-07T10:00:05Z',
      end_time: '2026-12-07T10:00:40Z',
    });
    expect(event.data).not.toHaveProperty('direction');
  });
});
