import { answeredByValues } from '../../src/telnyx/contract';
import type { JobRequest } from '../../src/jobs/job-request';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The AMD verdict as Telnyx sends it (OpenAPI TexmlCallAmdWebhookSchema: AccountSid, AnsweredBy,
 * CallSid, CallSidLegacy, ConnectionId, MachineDetectionDuration; no CallStatus), posted to the
 * real service: synchronously to the status callback (whose answer Telnyx runs), asynchronously
 * to AsyncAmdStatusCallback (the service redirects the live call with a calls.update job).
 * The URLs carry the flow, its variables and a campaign's machine handling sealed, as calls.create
 * and the campaign dispatcher write them (built here by the same module, src/urls).
 */
const CALL_SID = 'v3:amd-verdict-test-call';

function verdict(answeredBy: string): Record<string, string> {
  return {
    AccountSid: 'f5586561-8ff0-4291-a51b-c7dfe4139ff9',
    AnsweredBy: answeredBy,
    CallSid: CALL_SID,
    CallSidLegacy: CALL_SID,
    ConnectionId: '1234567890',
    MachineDetectionDuration: '2500',
  };
}

/** The campaign attempt calls.create seals into a campaign call's callback URLs. */
const ATTEMPT = { campaign: 'c1', contact: 1, attempt: 1 };

const MACHINES = answeredByValues.filter((v) => v.startsWith('machine'));

describe('AMD verdicts', () => {
  let t: TestApp;
  let jobs: JobRequest[];
  beforeEach(async () => {
    jobs = [];
    t = await createTestApp({ producer: { enqueue: async (job) => (jobs.push(job), { jobId: `job-${jobs.length}` }) } });
  });

  describe('synchronous (the status callback carries AnsweredBy)', () => {
    const path = () => t.urls.callback('', 'call-status', { flow: 'outbound-campaign', vars: { first_name: 'Ada' } });

    it.each(MACHINES)('when the verdict is %s, then the status callback is answered with the flow\'s voicemail branch', async (answeredBy) => {
      const res = await t.post(path(), verdict(answeredBy)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(res.text).toContain('<Say');
      expect(res.text).toContain('To change it, please call us at');
      expect(res.text).toContain('<Hangup/>');
      expect(res.text).not.toContain('reminder of your appointment on');
    });

    it('when the verdict is fax, then the answer hangs up at once', async () => {
      const res = await t.post(path(), verdict('fax')).expect(200);
      expect(res.text).toMatch(/<Response><Hangup\/><\/Response>/);
    });

    it.each(['human', 'unknown'])('when the verdict is %s, then the answer is empty: Telnyx runs the held TeXML (the reminder)', async (answeredBy) => {
      const res = await t.post(path(), verdict(answeredBy)).expect(200);
      expect(res.text).toBe('');
      expect(jobs).toEqual([]);
    });

    it('when a campaign hangs up on machines, then a machine verdict is answered with a hang-up and a person with nothing', async () => {
      const campaign = t.urls.callback('', 'call-status', { flow: 'outbound-campaign', attempt: ATTEMPT, machine: { kind: 'hangup' } });
      expect((await t.post(campaign, verdict('machine_end_silence')).expect(200)).text).toMatch(/<Response><Hangup\/><\/Response>/);
      expect((await t.post(campaign, verdict('machine')).expect(200)).text).toMatch(/<Hangup\/>/);
      expect((await t.post(campaign, verdict('human')).expect(200)).text).toBe('');
    });

    it('when a campaign sends machines to a step, then a machine verdict is answered with that step', async () => {
      const campaign = t.urls.callback('', 'call-status', { flow: 'outbound-campaign', attempt: ATTEMPT, machine: { kind: 'step', step: 'opt_out' } });
      const res = await t.post(campaign, verdict('machine_start')).expect(200);
      expect(res.text).toContain('You will not receive more reminder calls from us.');
      // The step's job goes to the producer, as a voice webhook's would.
      expect(jobs.map((j) => j.op)).toEqual(['notify']);
    });

    it('when an ordinary status callback comes (CallStatus, no AnsweredBy), then it is not answered with TeXML', async () => {
      const res = await t.post(path(), { CallSid: CALL_SID, CallStatus: 'completed', AccountSid: 'a', From: '+13125550100', To: '+13125550199' });
      expect(res.text).not.toContain('<Response');
    });
  });

  describe('asynchronous (AsyncAmdStatusCallback)', () => {
    const path = () => t.urls.callback('', 'amd', { flow: 'outbound-campaign' });

    it('when the verdict is a machine, then the live call is redirected to the voicemail branch by one calls.update job', async () => {
      await t.post(path(), verdict('machine_end_beep')).expect(200);
      await t.post(path(), verdict('machine_end_beep')).expect(200);
      const updates = jobs.filter((j) => j.op === 'calls.update');
      expect(updates.length).toBeGreaterThanOrEqual(1);
      // A redelivery submits the same idempotency key: one redirect.
      expect(new Set(updates.map((j) => j.idempotencyKey))).toEqual(new Set([`amd-verdict-${CALL_SID}`]));
      const params = updates[0]!.params as { call_sid: string; texml: string };
      expect(params.call_sid).toBe(CALL_SID);
      expect(params.texml).toContain('To change it, please call us at');
    });

    it('when the verdict is human, then nothing is redirected', async () => {
      await t.post(path(), verdict('human')).expect(200);
      expect(jobs).toEqual([]);
    });

    it('when a campaign hangs up on machines, then the machine\'s call is ended (Status=completed)', async () => {
      await t.post(t.urls.callback('', 'amd', { flow: 'outbound-campaign', attempt: ATTEMPT, machine: { kind: 'hangup' } }), verdict('machine')).expect(200);
      expect(jobs).toEqual([expect.objectContaining({ op: 'calls.update', params: { call_sid: CALL_SID, status: 'completed' } })]);
    });

    it('when the job producer refuses, then the verdict gets 503 so Telnyx delivers it again', async () => {
      const failing = await createTestApp({ producer: { enqueue: async () => Promise.reject(new Error('redis down')) } });
      await failing.post(failing.urls.callback('', 'amd', { flow: 'outbound-campaign' }), verdict('machine')).expect(503);
    });
  });
});
