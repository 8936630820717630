import type { CallScriptInput, CallTranscriptSnapshot, TranscriptEvent } from '../../src/emulator';
import { ACCOUNT, clientFor, usePlayerFixture } from './support/emulator-fixture';

const START = Date.UTC(2026, 2, 2, 16, 0, 0);

describe('emulator call player: verbs', () => {
  const { fx, app, clock } = usePlayerFixture(START);

  async function play(path: string, script: CallScriptInput = {}): Promise<CallTranscriptSnapshot> {
    const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${app.url}${path}`, script });
    return fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
  }
  const heard = (t: CallTranscriptSnapshot) => t.events.flatMap((e) => (e.kind === 'heard' && e.verb === 'Say' ? [e.text] : []));
  const ended = (t: CallTranscriptSnapshot) => t.events.find((e): e is Extract<TranscriptEvent, { kind: 'ended' }> => e.kind === 'ended')!;

  describe('Say, Play, Pause', () => {
    it('when a document says, plays and pauses, then the simulated clock advances by their estimated length and nothing sleeps', async () => {
      app.on('/voice', '<Say>one two three four five six seven eight</Say><Play loop="2">https://media.example/a.mp3</Play><Pause length="7"/><Hangup/>');
      const started = performance.now();
      const t = await play('/voice', { play_seconds: 12 });
      expect(performance.now() - started).toBeLessThan(3000);
      const events = t.events.filter((e) => e.kind === 'heard');
      expect(events.map((e) => e.kind === 'heard' && [e.verb, e.seconds])).toEqual([
        ['Say', 3],
        ['Play', 24],
        ['Pause', 7],
      ]);
      expect(clock.now() - START).toBe(34_000);
      expect(ended(t)).toMatchObject({ by: 'hangup', status: 'completed', durationSeconds: 34 });
    });

    it('when the caller is scripted to hang up on hearing a phrase, then they leave halfway through that prompt', async () => {
      app.on('/voice', '<Say>Welcome to the line.</Say><Say>Please hold for the next agent.</Say><Say>Never heard.</Say>');
      const t = await play('/voice', { hangup_on_hear: 'please HOLD' });
      expect(heard(t)).toEqual(['Welcome to the line.', 'Please hold for the next agent.']);
      expect(ended(t)).toMatchObject({ by: 'caller' });
      expect(clock.now() - START).toBe(Math.round((1.5 + 2.3 / 2) * 1000));
    });

    it('when the document runs out of verbs, then the call ends by end-of-document', async () => {
      app.on('/voice', '<Say>Hi.</Say>');
      expect(ended(await play('/voice')).by).toBe('end-of-document');
    });
  });

  describe('Gather', () => {
    const menu = '<Gather action="/menu" input="dtmf speech" timeout="4" finishOnKey="#"><Say>Press or say.</Say></Gather><Redirect>/no-input</Redirect>';

    it('when the caller presses keys ending with the finish key, then Digits without it go to the action (relative URL resolved)', async () => {
      app.on('/voice', menu).on('/menu', '<Say>Got it.</Say><Hangup/>');
      const t = await play('/voice', { caller: [{ press: '42#' }] });
      expect(app.to('/menu')[0]!.params).toMatchObject({ Digits: '42', CallStatus: 'in-progress' });
      expect(heard(t)).toEqual(['Press or say.', 'Got it.']);
    });

    it('when the caller speaks, then SpeechResult and Confidence go to the action', async () => {
      app.on('/voice', menu).on('/menu', '<Hangup/>');
      await play('/voice', { caller: [{ say: 'billing please', confidence: 0.8 }] });
      expect(app.to('/menu')[0]!.params).toMatchObject({ SpeechResult: 'billing please', Confidence: '0.8' });
    });

    it('when the caller stays silent, then the Gather times out and the next verb (the Redirect) runs', async () => {
      app.on('/voice', menu).on('/no-input', '<Say>Nothing?</Say><Hangup/>');
      const t = await play('/voice', { caller: ['silence'] });
      expect(app.to('/menu')).toHaveLength(0);
      expect(app.to('/no-input')).toHaveLength(1);
      expect(heard(t)).toContain('Nothing?');
      expect(t.events.some((e) => e.kind === 'caller' && e.action === 'timeout')).toBe(true);
    });

    it('when numDigits is reached, then the Gather submits at once with that many digits', async () => {
      app.on('/voice', '<Gather action="/menu" numDigits="1"><Say>One key.</Say></Gather>').on('/menu', '<Hangup/>');
      await play('/voice', { caller: [{ press: '93' }] });
      expect(app.to('/menu')[0]!.params.Digits).toBe('9');
    });

    it('when the caller speaks to a DTMF-only Gather, then nothing is recognised and it falls through', async () => {
      app.on('/voice', '<Gather action="/menu"><Say>Keys only.</Say></Gather><Say>Bye.</Say>');
      const t = await play('/voice', { caller: [{ say: 'sales' }] });
      expect(app.to('/menu')).toHaveLength(0);
      expect(heard(t)).toEqual(['Keys only.', 'Bye.']);
    });

    it("when the script's next action is not one a Gather takes, then the call ends with a script-mismatch error", async () => {
      app.on('/voice', menu);
      const t = await play('/voice', { caller: [{ record: 5 }] });
      expect(ended(t)).toMatchObject({ by: 'error' });
      expect(ended(t).cause).toContain("script mismatch: the call reached <Gather>, but the caller's next scripted action (#1) is 'record'");
    });

    it('when a Gather nests something other than Say and Play, then the call ends with an error', async () => {
      app.on('/voice', '<Gather><Dial><Number>+13125550111</Number></Dial></Gather>');
      expect(ended(await play('/voice')).cause).toContain('<Gather> may contain only <Say> and <Play>, not <Dial>');
    });
  });

  describe('Dial', () => {
    it('when the first of two numbers answers, then the action gets completed with its leg sid and talk time, and the legs are real calls', async () => {
      app
        .on('/voice', '<Dial action="/dialed" timeout="20" callerId="+13125550100"><Number>+13125550111</Number><Number>+13125550112</Number></Dial>')
        .on('/dialed', '<Hangup/>');
      const t = await play('/voice', { dial: { '+13125550111': { ring: 6, talk: 42 }, '+13125550112': { ring: 2, talk: 15 } } });
      const params = app.to('/dialed')[0]!.params;
      expect(params).toMatchObject({ DialCallStatus: 'completed', DialCallDuration: '15' });
      const legs = await fx.client.texml.accounts.calls.retrieveCalls(ACCOUNT, {});
      const winner = (legs.calls ?? []).find((c) => c.sid === params.DialCallSid);
      expect(winner).toMatchObject({ to: '+13125550112', from: '+13125550100', status: 'completed', duration: '15' });
      expect((legs.calls ?? []).find((c) => c.to === '+13125550111')).toMatchObject({ status: 'canceled' });
      expect(ended(t).by).toBe('hangup');
    });

    it.each([
      ['busy', 'busy'],
      ['no-answer', 'no-answer'],
      ['failed', 'failed'],
    ] as const)('when the number is %s, then DialCallStatus is %s and the document goes on after the action', async (outcome, status) => {
      app.on('/voice', '<Dial action="/dialed"><Number>+13125550111</Number></Dial>').on('/dialed', '<Say>Sorry.</Say>');
      const t = await play('/voice', { dial: { '*': outcome } });
      expect(app.to('/dialed')[0]!.params).toMatchObject({ DialCallStatus: status, DialCallDuration: '0' });
      expect(heard(t)).toEqual(['Sorry.']);
    });

    it('when nobody answers, then the call waits the Dial timeout in simulated time', async () => {
      app.on('/voice', '<Dial action="/dialed" timeout="25"><Number>+13125550111</Number></Dial>').on('/dialed', '<Hangup/>');
      await play('/voice', { dial: { '*': 'no-answer' } });
      expect(clock.now() - START).toBe(25_000);
    });

    it('when the Dial records from answer, then a DialVerb recording is visible through the REST API and its URL reaches the action', async () => {
      app
        .on('/voice', '<Dial action="/dialed" record="record-from-answer" recordingStatusCallback="/rec"><Sip>sip:desk@example.com</Sip></Dial>')
        .on('/dialed', '<Hangup/>');
      await play('/voice', { dial: { 'sip:desk@example.com': { talk: 33 } } });
      const recordings = await fx.client.texml.accounts.retrieveRecordingsJson(ACCOUNT);
      expect(recordings.recordings).toHaveLength(1);
      expect(recordings.recordings![0]).toMatchObject({ source: 'DialVerb', status: 'completed', duration: '33' });
      expect(app.to('/dialed')[0]!.params).toMatchObject({ RecordingSid: recordings.recordings![0]!.sid, RecordingDuration: '33' });
      expect(app.to('/rec')[0]!.params).toMatchObject({ RecordingStatus: 'completed', RecordingSource: 'DialVerb' });
    });

    it('when the caller hangs up after talking, then the action is still posted and the call ends by the caller', async () => {
      app.on('/voice', '<Dial action="/dialed"><Number>+13125550111</Number></Dial><Say>Never heard.</Say>').on('/dialed', '<Say>Not played.</Say>');
      const t = await play('/voice', { dial: { '*': { talk: 20, hangup: 'caller' } } });
      expect(app.to('/dialed')[0]!.params.DialCallStatus).toBe('completed');
      expect(heard(t)).toEqual([]);
      expect(ended(t).by).toBe('caller');
    });

    it('when a leg has a statusCallback, then its progress is posted there', async () => {
      app.on('/voice', '<Dial><Number statusCallback="/leg" statusCallbackEvent="initiated answered completed">+13125550111</Number></Dial>');
      await play('/voice', { dial: { '*': { talk: 5 } } });
      expect(app.to('/leg').map((r) => r.params.CallStatus)).toEqual(['initiated', 'in-progress', 'completed']);
      expect(app.to('/leg')[2]!.params).toMatchObject({ CallDuration: '5' });
    });
  });

  describe('Record', () => {
    it('when the caller leaves a message, then a recording and its transcription exist in the REST API and every callback is posted', async () => {
      app
        .on('/voice', '<Record action="/recorded" maxLength="60" transcription="true" transcriptionCallback="/tx" recordingStatusCallback="/rec"/>')
        .on('/recorded', '<Hangup/>');
      await play('/voice', { caller: [{ record: { seconds: 18, transcript: 'Please call me back.' } }] });
      const action = app.to('/recorded')[0]!.params;
      expect(action).toMatchObject({ RecordingDuration: '18', Digits: '1', RecordingStatus: 'completed', RecordingSource: 'RecordVerb' });
      const recording = await fx.client.texml.accounts.recordings.json.retrieveRecordingSidJson(action.RecordingSid!, { account_sid: ACCOUNT });
      expect(recording).toMatchObject({ status: 'completed', duration: '18', source: 'RecordVerb' });
      expect(action.RecordingUrl).toBe(recording.media_url);
      const transcriptions = await fx.client.texml.accounts.retrieveTranscriptionsJson(ACCOUNT);
      expect(transcriptions.transcriptions?.[0]).toMatchObject({ recording_sid: action.RecordingSid, transcription_text: 'Please call me back.' });
      expect(app.to('/rec')[0]!.params).toMatchObject({ RecordingSid: action.RecordingSid, RecordingStatus: 'completed' });
      expect(app.to('/tx')[0]!.params).toMatchObject({ TranscriptionText: 'Please call me back.', TranscriptionStatus: 'completed', RecordingSid: action.RecordingSid });
    });

    it('when the message is longer than maxLength, then the recording stops at maxLength', async () => {
      app.on('/voice', '<Record action="/recorded" maxLength="10" playBeep="false"/>').on('/recorded', '<Hangup/>');
      await play('/voice', { caller: [{ record: 45 }] });
      expect(app.to('/recorded')[0]!.params).toMatchObject({ RecordingDuration: '10', Digits: '' });
    });

    it('when the caller stays silent, then nothing is recorded and the next verb runs', async () => {
      app.on('/voice', '<Record action="/recorded"/><Say>No message.</Say>');
      const t = await play('/voice', { caller: ['silence'] });
      expect(app.to('/recorded')).toHaveLength(0);
      expect(heard(t)).toEqual(['No message.']);
      expect(fx.emulator.state.recordings.list()).toHaveLength(0);
    });

    it('when the caller hangs up while recording, then the action gets Digits=hangup and the call ends by the caller', async () => {
      app.on('/voice', '<Record action="/recorded"/>').on('/recorded', '<Say>Not played.</Say>');
      const t = await play('/voice', { caller: [{ record: { seconds: 7, end: 'hangup' } }] });
      expect(app.to('/recorded')[0]!.params).toMatchObject({ Digits: 'hangup', RecordingDuration: '7' });
      expect(ended(t).by).toBe('caller');
      expect(heard(t)).toEqual([]);
    });
  });

  describe('Enqueue and Dial Queue', () => {
    const enqueue = '<Enqueue action="/left" waitUrl="/wait" maxWaitTimeSecs="120">support</Enqueue>';

    it('when nobody dequeues the caller, then waitUrl plays in a loop with queue parameters until maxWaitTimeSecs, then the action is requested when it runs out, with no QueueResult (Telnyx documents none)', async () => {
      app.on('/voice', enqueue).on('/wait', '<Say>Please hold.</Say><Play>https://media.example/hold.mp3</Play>').on('/left', '<Hangup/>');
      await play('/voice', { caller: [{ queue: 'timeout' }], play_seconds: 30 });
      const waits = app.to('/wait');
      expect(waits.length).toBe(4);
      expect(waits[0]!.params).toMatchObject({ QueuePosition: '1', CurrentQueueSize: '1', QueueTime: '0' });
      expect(waits[1]!.params.QueueTime).toBe('31');
      expect(app.to('/left')[0]!.params.QueueResult).toBeUndefined();
      expect(app.to('/left')[0]!.params.CallStatus).toBe('in-progress');
      expect(clock.now() - START).toBeGreaterThanOrEqual(120_000);
      const queue = await fx.client.texml.accounts.queues.retrieve(fx.emulator.state.queues.findByName(ACCOUNT, 'support')!.sid, { account_sid: ACCOUNT });
      expect(queue).toMatchObject({ current_size: 0 });
    });

    it('when an agent call dials the queue, then the waiting caller is taken, both talk, and both actions report it', async () => {
      app
        .on('/voice', enqueue)
        .on('/wait', '<Say>Please hold.</Say>')
        .on('/left', '<Say>Thanks.</Say><Hangup/>')
        .on('/agent', '<Dial action="/agent-done"><Queue>support</Queue></Dial>')
        .on('/agent-done', '<Hangup/>');
      const caller = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${app.url}/voice`, script: { caller: [{ queue: 'hold' }] } });
      const waiting = fx.emulator.state.waitFor('queue.updated', (q) => q.members.some((m) => m.callSid === caller.sid));
      await waiting;
      const listed = await fx.client.texml.accounts.queues.retrieve(fx.emulator.state.queues.findByName(ACCOUNT, 'support')!.sid, { account_sid: ACCOUNT });
      expect(listed).toMatchObject({ current_size: 1 });
      const agent = fx.emulator.calls.inbound({ from: '+13125550150', to: '+13125550100', url: `${app.url}/agent`, script: { dial: { 'queue:support': { talk: 75 } } } });
      const [callerEnd, agentEnd] = await Promise.all([fx.emulator.calls.waitForEnd(caller.sid, { timeoutMs: 10_000 }), fx.emulator.calls.waitForEnd(agent.sid, { timeoutMs: 10_000 })]);
      // Requested once the bridged calls disconnect (enqueue.md), with no QueueResult.
      expect(app.to('/left')[0]!.params.QueueResult).toBeUndefined();
      expect(app.to('/left')[0]!.params.CallStatus).toBe('in-progress');
      expect(app.to('/left')[0]!.params).not.toHaveProperty('DequeuingCallSid');
      expect(app.to('/agent-done')[0]!.params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: caller.sid, DialCallDuration: '75' });
      expect(heard(callerEnd)).toContain('Thanks.');
      expect(ended(agentEnd).by).toBe('hangup');
    });

    it('when an agent dials an empty queue, then the Dial answers no-answer', async () => {
      app.on('/agent', '<Dial action="/agent-done"><Queue>empty</Queue></Dial>').on('/agent-done', '<Hangup/>');
      await play('/agent');
      expect(app.to('/agent-done')[0]!.params.DialCallStatus).toBe('no-answer');
    });

    it("when the script's agent comes after 40 s, then the caller is bridged for the scripted talk time", async () => {
      app.on('/voice', enqueue).on('/wait', '<Pause length="10"/>').on('/left', '<Hangup/>');
      await play('/voice', { caller: [{ queue: { result: 'bridged', after: 40, talk: 100 } }] });
      expect(app.to('/left')).toHaveLength(1);
      expect(app.to('/left')[0]!.params.QueueResult).toBeUndefined();
      expect(clock.now() - START).toBe(140_000);
    });

    it('when <Leave> runs in the wait document, then the caller leaves the queue and the action is requested at once', async () => {
      app.on('/voice', enqueue).on('/wait', '<Say>Bye from the queue.</Say><Leave/>').on('/left', '<Hangup/>');
      await play('/voice');
      expect(app.to('/left')[0]!.params.QueueResult).toBeUndefined();
      expect(fx.emulator.state.queues.findByName(ACCOUNT, 'support')!.members).toEqual([]);
    });

    it('when the wait document has a verb Telnyx does not allow there, then the call ends with an error', async () => {
      app.on('/voice', enqueue).on('/wait', '<Record/>');
      const t = await play('/voice');
      expect(ended(t).cause).toContain('<Record> is not allowed in a wait document');
    });

    it('when the caller gives up, then the action says the call has ended (CallStatus) and the call ends by the caller', async () => {
      app.on('/voice', enqueue).on('/wait', '<Pause length="5"/>').on('/left', '<Say>Not played.</Say>');
      const t = await play('/voice', { caller: [{ queue: { result: 'hangup', after: 12 } }] });
      expect(app.to('/left')[0]!.params).toMatchObject({ CallStatus: 'completed' });
      expect(app.to('/left')[0]!.params.QueueResult).toBeUndefined();
      expect(ended(t).by).toBe('caller');
    });
  });

  describe('Conference', () => {
    const join = (extra = '') => `<Dial action="/after"><Conference statusCallback="/conf" statusCallbackEvent="start end join leave" ${extra}>room-1</Conference></Dial>`;

    it('when two callers are in a conference, then it and its participants are visible through the REST API', async () => {
      app.on('/a', join('startConferenceOnEnter="false"')).on('/b', join('participantLabel="host" endConferenceOnExit="true"')).on('/after', '<Hangup/>');
      const a = fx.emulator.calls.inbound({ from: '+13125550101', to: '+13125550100', url: `${app.url}/a`, script: { caller: [{ conference: 'until-end' }] } });
      const started = fx.emulator.state.waitFor('conference.updated', (c) => c.status === 'in-progress');
      const b = fx.emulator.calls.inbound({ from: '+13125550102', to: '+13125550100', url: `${app.url}/b`, script: { caller: [{ conference: 'until-end' }] } });
      const [conference] = await started;
      const listed = await fx.client.texml.accounts.conferences.retrieveConferences(ACCOUNT, { FriendlyName: 'room-1' });
      expect(listed.conferences?.[0]).toMatchObject({ sid: conference.sid, status: 'in-progress' });
      const participants = await fx.client.texml.accounts.conferences.participants.retrieveParticipants(conference.sid, { account_sid: ACCOUNT });
      expect((participants.participants ?? []).map((p) => p.call_sid).sort()).toEqual([a.sid, b.sid].sort());

      await fx.client.texml.accounts.conferences.update(conference.sid, { account_sid: ACCOUNT, Status: 'completed' });
      const [ta, tb] = await Promise.all([fx.emulator.calls.waitForEnd(a.sid, { timeoutMs: 10_000 }), fx.emulator.calls.waitForEnd(b.sid, { timeoutMs: 10_000 })]);
      expect(app.to('/after').map((r) => r.params.DialCallStatus)).toEqual(['completed', 'completed']);
      expect([ended(ta).by, ended(tb).by]).toEqual(['hangup', 'hangup']);
      const events = app.to('/conf').map((r) => r.params.StatusCallbackEvent);
      expect(events.slice(0, 3)).toEqual(['participant-join', 'conference-start', 'participant-join']);
      expect(events.filter((e) => e === 'participant-leave')).toHaveLength(2);
    });

    it('when the participant who ends the conference hangs up, then the others go on to their Dial action', async () => {
      app.on('/a', join()).on('/host', join('endConferenceOnExit="true"')).on('/after', '<Say>Meeting over.</Say><Hangup/>');
      const a = fx.emulator.calls.inbound({ from: '+13125550101', to: '+13125550100', url: `${app.url}/a`, script: { caller: [{ conference: 'until-end' }] } });
      await fx.emulator.state.waitFor('participant.added', (p) => p.callSid === a.sid);
      const host = fx.emulator.calls.inbound({ from: '+13125550102', to: '+13125550100', url: `${app.url}/host`, script: { caller: [{ conference: 30 }] } });
      const [ta, th] = await Promise.all([fx.emulator.calls.waitForEnd(a.sid, { timeoutMs: 10_000 }), fx.emulator.calls.waitForEnd(host.sid, { timeoutMs: 10_000 })]);
      expect(heard(ta)).toEqual(['Meeting over.']);
      expect(ended(th).by).toBe('caller');
      expect(fx.emulator.state.conferences.list(ACCOUNT)[0]).toMatchObject({ status: 'completed', endReason: 'participant-with-end-conference-on-exit-left', callSidEndingConference: host.sid });
      expect(app.to('/conf').map((r) => r.params.StatusCallbackEvent)).toContain('conference-end');
    });
  });

  describe('Start and Stop', () => {
    it('when a stream starts and stops by name, then the stream resource shows it and TeXML secrets are filled in', async () => {
      await clientFor(fx.emulator).texml.secrets({ name: 'token', value: 's3cr3t' });
      app.on('/voice', '<Start><Stream url="wss://media.example/s?t={{#secret}}token{{/secret}}" name="mon"/></Start><Say>Hi.</Say><Stop><Stream name="mon"/></Stop>');
      const streams: string[] = [];
      fx.emulator.state.on('stream.created', (s) => streams.push(s.url ?? ''));
      await play('/voice');
      expect(streams).toEqual(['wss://media.example/s?t=s3cr3t']);
    });
  });
});
