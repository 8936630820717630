import type { JobRequest } from '../../src/jobs/job-request';
import { actionPath, createTestApp, readableLinks, type TestApp } from '../support/test-app';

// Wednesday 2026-11-25 15:00 UTC is 09:00 in Chicago (open); Sunday is closed all day.
const OPEN = new Date('2026-11-25T15:00:00Z');
const CLOSED = new Date('2026-11-29T15:00:00Z');
const caller = { AccountSid: 'acc', CallSid: 'v3:example', From: '+13125550199', CallStatus: 'in-progress' };

/** Walks a call over signed HTTP requests, as Telnyx would. */
class Call {
  texml = '';
  constructor(private readonly t: TestApp, private readonly params: Record<string, string>) {}

  async start(path = '/voice'): Promise<this> {
    this.texml = readableLinks((await this.t.post(path, this.params).expect(200)).text, this.t.urls);
    return this;
  }

  async send(result: Record<string, string>, which: 'action' | 'redirect' = 'action'): Promise<this> {
    this.texml = readableLinks((await this.t.post(actionPath(this.texml, which), { ...this.params, ...result }).expect(200)).text, this.t.urls);
    return this;
  }

  async queueWait(): Promise<string> {
    const url = /waitUrl="([^"]+)"/.exec(this.texml)![1]!.replace(/&amp;/g, '&');
    return (await this.t.post(new URL(url).pathname + new URL(url).search, { ...this.params, QueuePosition: '1' }).expect(200)).text;
  }

  says(): string[] {
    return [...this.texml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1]!);
  }
}

describe('example flows over HTTP', () => {
  const jobs: JobRequest[] = [];
  let now = OPEN;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: () => now, producer: { enqueue: async (job) => (jobs.push(job), { jobId: String(jobs.length) }) } });
  });
  beforeEach(() => {
    jobs.length = 0;
    now = OPEN;
  });
  const call = (to: string, extra: Record<string, string> = {}) => new Call(t, { ...caller, To: to, ...extra });

  describe('main-line', () => {
    it('when open and the caller presses 1, then sales is dialled leg by leg and a busy second leg goes to voicemail', async () => {
      const c = await call('+13125550100').start();
      expect(c.says()).toEqual(['Thanks for calling Example Corp.', expect.stringContaining('For sales, press 1')]);
      await c.send({ Digits: '1' });
      expect(c.texml).toContain('<Number statusCallback="https://router.test/callbacks/call-status?flow=main-line" statusCallbackEvent="initiated ringing answered completed">+13125550101</Number>');
      await c.send({ DialCallStatus: 'no-answer' });
      expect(c.texml).toContain('<Number statusCallback="https://router.test/callbacks/call-status?flow=main-line" statusCallbackEvent="initiated ringing answered completed">+13125550102</Number>');
      await c.send({ DialCallStatus: 'busy' });
      expect(c.texml).toContain('<Record');
      await c.send({ RecordingSid: 'rec-9', RecordingUrl: 'https://media/rec-9.mp3', RecordingDuration: '7' });
      expect(c.says()).toEqual(['Thank you for calling. Goodbye.']);
      expect(jobs.map((j) => [j.op, j.params])).toEqual([['recordings.fetch', { recording_sid: 'rec-9' }]]);
    });

    it('when the caller hangs up while the first sales leg rings, then the second leg is not rung', async () => {
      const c = await (await call('+13125550100').start()).send({ Digits: '1' });
      await c.send({ DialCallStatus: 'canceled' });
      expect(c.texml).not.toContain('+13125550102');
      expect(c.texml).toContain('<Record');
    });

    it('when a queued caller waits and the flow no longer has that queue, then they hear a pause rather than being hung up on', async () => {
      const c = await (await call('+13125550100').start()).send({ SpeechResult: 'support' });
      // The wait URL carries the Enqueue's own state; point it at the menu instead, as a flow
      // change under a waiting caller would.
      const url = new URL(/waitUrl="([^"]+)"/.exec(c.texml)![1]!.replace(/&amp;/g, '&'));
      const menu = new URL(/action="([^"]+)"/.exec((await new Call(t, { ...caller, To: '+13125550100' }).start()).texml)![1]!.replace(/&amp;/g, '&'));
      const res = await t.post(`${url.pathname}?state=${menu.searchParams.get('state')}`, { ...caller, QueuePosition: '1' }).expect(200);
      expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="10"/></Response>');
    });

    it('when a sales leg answers, then the call ends with goodbye after the conversation', async () => {
      const c = await (await call('+13125550100').start()).send({ SpeechResult: 'Sales please', Confidence: '0.9' });
      await c.send({ DialCallStatus: 'completed', DialCallDuration: '60' });
      expect(c.says()).toEqual(['Thank you for calling. Goodbye.']);
    });

    it('when the caller says support, then the support queue takes the call with hold music, and a timeout offers voicemail', async () => {
      const c = await (await call('+13125550100').start()).send({ SpeechResult: 'support' });
      expect(c.texml).toContain('>support</Enqueue>');
      const hold = await c.queueWait();
      expect(hold).toContain('<Play loop="2">https://media.example.com/audio/hold-music.mp3</Play>');
      expect(hold).not.toContain('<Hangup/>');
      await c.send({ QueueResult: 'leave' });
      expect(c.texml).toContain('<Stop><Stream name="support_monitor"/></Stop>');
      expect(c.texml).toContain('<Record');
    });

    it('when the caller never answers the menu, then after two replays the call goes to voicemail', async () => {
      const c = await call('+13125550100').start();
      await c.send({}, 'redirect');
      expect(c.says()).toContain("Sorry, I didn't hear a choice.");
      await c.send({}, 'redirect');
      await c.send({}, 'redirect');
      expect(c.texml).toContain('<Record');
    });

    it('when closed, then the caller hears the hours and goes straight to voicemail', async () => {
      now = CLOSED;
      const c = await call('+13125550100').start();
      expect(c.says()[1]).toMatch(/^Our office is closed/);
      expect(c.texml).toContain('<Record');
    });
  });

  describe('callback-request', () => {
    it('when the caller confirms twice, then a delayed calls.create job with an idempotency key is handed off', async () => {
      const c = await call('+13125550145').start();
      await c.send({ Digits: '1' });
      expect(c.says().join(' ')).toContain('We will call you back at (312) 555-0199.');
      await c.send({ Digits: '1' });
      expect(c.says()).toEqual(['Thank you. We will call you back in about five minutes. Goodbye.']);
      expect(jobs).toEqual([
        {
          op: 'calls.create',
          params: { to: '+13125550199', from: '+13125550145', flow: 'callback-agent' },
          idempotencyKey: 'callback-v3:example',
          delayMs: 300_000,
          origin: { flow: 'callback-request', step: 'schedule', callSid: 'v3:example' },
        },
      ]);
    });

    it('when the support line is called after hours, then the callback offer answers instead of the queue', async () => {
      now = CLOSED;
      const c = await call('+13125550142').start();
      expect(c.says()[0]).toMatch(/To have us call you back, press 1/);
    });
  });

  describe('conference-bridge', () => {
    it('when a host enters a meeting number, then they start the room named after it', async () => {
      const c = await call('+13125550144').start();
      await c.send({ Digits: '123456' });
      expect(c.texml).toContain('startConferenceOnEnter="true" endConferenceOnExit="true"');
      expect(c.texml).toContain('>meeting-123456</Conference>');
    });

    it('when a meeting number is too short, then the caller is asked again', async () => {
      const c = await call('+13125550143').start();
      await c.send({ Digits: '12' });
      expect(c.says()[0]).toBe('Meeting numbers have six digits.');
    });
  });

  describe('outbound flows named on the URL', () => {
    it('when the campaign call reaches a machine, then a voicemail message plays and the call hangs up', async () => {
      const c = await call('+13125550177', { AnsweredBy: 'machine_end_beep' }).start(t.urls.voice('', 'outbound-campaign'));
      expect(c.says()[0]).toMatch(/^Hello, this is Example Clinic/);
      expect(c.texml).toContain('<Hangup/>');
    });

    it('when a person answers the campaign and presses 1, then the confirmation notify job is handed off', async () => {
      const c = await call('+13125550177', { AnsweredBy: 'human' }).start(t.urls.voice('', 'outbound-campaign'));
      await c.send({ Digits: '1' });
      expect(jobs[0]).toMatchObject({ op: 'notify', params: { event: 'appointment.confirmed', contact: '+13125550177' } });
    });

    it('when the callback agent leg is answered by a person, then the desk is dialled', async () => {
      const c = await call('+13125550199', { AnsweredBy: 'human' }).start(t.urls.voice('', 'callback-agent'));
      expect(c.texml).toContain('<Number statusCallback="https://router.test/callbacks/call-status?flow=callback-agent" statusCallbackEvent="initiated ringing answered completed">+13125550111</Number><Sip statusCallback="https://router.test/callbacks/call-status?flow=callback-agent" statusCallbackEvent="initiated ringing answered completed">sip:support-desk@example.sip.telnyx.com</Sip>');
    });
  });
});
