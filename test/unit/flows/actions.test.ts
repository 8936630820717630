import { formatDiagnostic } from '../../../src/source/flow-diagnostic';
import { compileClean, compileFlow, compileFlows, OPEN, render, resume, verbs } from './flow-test-kit';

/*
 * One describe per action of the flow language (docs/flows.md has the reference): what it renders,
 * and for waiting actions, where the call goes with each result Telnyx can send back.
 */

const texmlOf = (yaml: string, step?: string, vars?: Record<string, string | number | boolean>) => render(compileFlow(yaml), 'main', step, vars ? { vars } : {}).texml;

describe('say', () => {
  it('when a step says plain text, then one Say is rendered and the step ends with Hangup', () => {
    const result = render(compileFlow('start: a\nsteps:\n  a:\n    - say: "Hello & welcome"\n'), 'main');
    expect(result.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello &amp; welcome</Say><Hangup/></Response>');
    expect(result.ending).toBe('end-of-step');
  });

  it('when say sets voice, language and loop, then they become Say attributes', () => {
    expect(texmlOf('start: a\nsteps:\n  a:\n    - say: { text: Hi, voice: Polly.Amy-Neural, language: en-GB, loop: 2 }\n')).toContain(
      '<Say voice="Polly.Amy-Neural" language="en-GB" loop="2">Hi</Say>',
    );
  });

  it('when the flow sets a default voice, then every say without its own voice uses it', () => {
    const texml = texmlOf('start: a\nvoice: { voice: alice, language: fr-FR }\nsteps:\n  a:\n    - say: Bonjour\n    - say: { text: Hi, voice: man }\n');
    expect(texml).toContain('<Say voice="alice" language="fr-FR">Bonjour</Say>');
    expect(texml).toContain('<Say voice="man" language="fr-FR">Hi</Say>');
  });

  it('when say uses a template, then call values are filled in at render time', () => {
    expect(texmlOf('start: a\nsteps:\n  a:\n    - say: "You called from {{call.from_formatted}}."\n')).toContain('<Say>You called from (312) 555-0199.</Say>');
  });
});

describe('play and pause', () => {
  it('when play has a URL, loop and digits, then Play carries them', () => {
    const texml = texmlOf('start: a\nsteps:\n  a:\n    - play: "https://x.example/a.mp3"\n    - play: { url: "https://x.example/b.mp3", loop: 0, digits: "1w2#" }\n');
    expect(texml).toContain('<Play>https://x.example/a.mp3</Play><Play loop="0" digits="1w2#">https://x.example/b.mp3</Play>');
  });

  it('when pause is a number or { length }, then a Pause of that length is rendered', () => {
    expect(texmlOf('start: a\nsteps:\n  a:\n    - pause: 3\n    - pause: { length: 1 }\n')).toContain('<Pause length="3"/><Pause length="1"/>');
  });
});

const gatherFlow = `
start: ask
steps:
  ask:
    - gather:
        into: pin
        prompt: [{ say: "Enter your PIN." }]
        min_digits: 4
        max_digits: 6
        pattern: "[0-9]+"
        finish_on_key: "#"
        timeout: 7
        retries: 1
        no_input: [{ say: "I did not hear a PIN." }]
        invalid: [{ say: "A PIN has 4 to 6 digits." }]
        on_fail: failed
    - say: "Your PIN is {{vars.pin}}, you said {{input.value}}."
    - hangup
  failed:
    - say: "Goodbye."
    - hangup
`;

describe('gather', () => {
  const set = compileFlow(gatherFlow);

  it('when a gather runs, then the prompt plays inside Gather and a Redirect follows for no input', () => {
    const result = render(set, 'main');
    expect(verbs(result.texml)).toEqual(['Gather', 'Gather>Say', 'Redirect']);
    expect(result.texml).toContain(
      '<Gather action="https://texml-router.invalid/resume/main/ask/0?retries=0&amp;leg=0" input="dtmf" timeout="7" minDigits="4" maxDigits="6" finishOnKey="#"><Say>Enter your PIN.</Say></Gather>',
    );
    // The Redirect comes back to the action URL itself: without Digits it is no input either way.
    expect(result.texml).toContain('<Redirect>https://texml-router.invalid/resume/main/ask/0?retries=0&amp;leg=0</Redirect>');
    expect(result).toMatchObject({ ending: 'wait', waitingAt: { flow: 'main', step: 'ask', action: 0, kind: 'gather', retries: 0 } });
  });

  it('when valid digits come back, then they are stored in the variable and the step continues', () => {
    const result = resume(set, render(set, 'main').waitingAt, { Digits: '12345' });
    expect(result.texml).toContain('<Say>Your PIN is 12345, you said 12345.</Say><Hangup/>');
  });

  it('when too few digits come back, then the invalid prompt plays before the prompt and a retry is counted', () => {
    const result = resume(set, render(set, 'main').waitingAt, { Digits: '12' });
    expect(result.texml).toContain('<Say>A PIN has 4 to 6 digits.</Say><Say>Enter your PIN.</Say></Gather>');
    expect(result.waitingAt?.retries).toBe(1);
  });

  it('when the input does not match the pattern, then it counts as invalid', () => {
    const set2 = compileFlow(`
start: a
steps:
  a:
    - gather: { into: code, input: [speech], pattern: "[A-Z]{3}", prompt: [{ say: Code? }], no_input: [], invalid: [{ say: Three letters. }], on_fail: a }
`);
    expect(resume(set2, render(set2, 'main').waitingAt, { SpeechResult: 'one two three' }).texml).toContain('<Say>Three letters.</Say>');
    expect(resume(set2, render(set2, 'main').waitingAt, { SpeechResult: 'ABC' }).texml).toContain('<Hangup/>');
  });

  it('when the Redirect after the Gather brings Telnyx back (no Digits, no SpeechResult), then the no_input prompt plays', () => {
    const result = resume(set, render(set, 'main').waitingAt, { CallStatus: 'in-progress' });
    expect(result.texml).toContain('<Say>I did not hear a PIN.</Say><Say>Enter your PIN.</Say>');
    expect(result.texml).toContain('retries=1');
  });

  it('when a token sealed with the no-input event comes back (issued before one URL served both), then the no_input prompt plays', () => {
    const result = resume(set, render(set, 'main').waitingAt, {}, { event: 'no-input' });
    expect(result.texml).toContain('<Say>I did not hear a PIN.</Say><Say>Enter your PIN.</Say>');
    expect(result.texml).toContain('retries=1');
  });

  it('when the retries are used up, then the call goes to on_fail', () => {
    const first = resume(set, render(set, 'main').waitingAt, { Digits: '1' });
    const second = resume(set, first.waitingAt, { Digits: '1' });
    expect(second.texml).toContain('<Say>Goodbye.</Say><Hangup/>');
    expect(second.trail).toEqual(['main.failed']);
  });

  it('when a gather without on_fail runs out of retries, then the step continues with the variable unset', () => {
    const set2 = compileFlow(gatherFlow.replace('        on_fail: failed\n', '').replace('retries: 1', 'retries: 0'), { allowWarnings: true });
    const result = resume(set2, render(set2, 'main').waitingAt, { Digits: '1' });
    expect(result.texml).toContain('<Say>Your PIN is , you said .</Say>');
  });

  it('when a gather takes speech, then the speech is stored', () => {
    const set2 = compileFlow('start: a\nsteps:\n  a:\n    - gather: { into: name, input: [speech], prompt: [{ say: Name? }], no_input: [], invalid: [], on_fail: a, then: b }\n  b:\n    - say: "Hello {{vars.name}}"\n');
    expect(render(set2, 'main').texml).toContain('input="speech"');
    expect(resume(set2, render(set2, 'main').waitingAt, { SpeechResult: 'Ada Lovelace', Digits: '' }).texml).toContain('<Say>Hello Ada Lovelace</Say>');
  });
});

const menuFlow = `
start: menu
steps:
  menu:
    - menu:
        prompt: [{ say: "Press 1 or say sales. Press 2 for support." }]
        options: { "1": sales, sales: sales, "2": support, "customer care": support }
        retries: 1
        no_input: [{ say: "Please choose." }]
        invalid: [{ say: "Not an option." }]
        on_fail: operator
  sales:
    - say: Sales.
  support:
    - say: Support.
  operator:
    - say: Operator.
`;

describe('menu', () => {
  const set = compileFlow(menuFlow);
  const waiting = () => render(set, 'main').waitingAt;

  it('when a menu has key and keyword options, then Gather takes one key and speech, with the keywords as hints', () => {
    expect(render(set, 'main').texml).toContain('input="dtmf speech" numDigits="1" hints="sales, customer care"');
  });

  it('when a key is pressed, then the call goes to its step', () => {
    expect(resume(set, waiting(), { Digits: '2' }).texml).toContain('<Say>Support.</Say>');
  });

  it('when a keyword is said as a whole word in any case, then the call goes to its step', () => {
    expect(resume(set, waiting(), { SpeechResult: 'Sales please' }).texml).toContain('<Say>Sales.</Say>');
    expect(resume(set, waiting(), { SpeechResult: 'I need Customer Care.' }).texml).toContain('<Say>Support.</Say>');
  });

  it('when speech only contains a keyword inside a word, then it is invalid', () => {
    expect(resume(set, waiting(), { SpeechResult: 'wholesales' }).texml).toContain('<Say>Not an option.</Say>');
  });

  it('when an unknown key is pressed, then the invalid prompt plays and the menu asks again', () => {
    const result = resume(set, waiting(), { Digits: '9' });
    expect(verbs(result.texml)).toEqual(['Gather', 'Gather>Say', 'Gather>Say', 'Redirect']);
    expect(result.waitingAt?.retries).toBe(1);
  });

  it('when nothing is entered after the retries, then on_fail is taken', () => {
    const again = resume(set, waiting(), {}, { event: 'no-input' });
    expect(again.texml).toContain('<Say>Please choose.</Say>');
    expect(resume(set, again.waitingAt, {}, { event: 'no-input' }).texml).toContain('<Say>Operator.</Say>');
  });

  it('when a menu without on_fail runs out of retries, then the flow fallback is served', () => {
    const set2 = compileFlow(menuFlow.replace('        on_fail: operator\n', '').replace('retries: 1', 'retries: 0').replace('  operator:\n    - say: Operator.\n', ''), { allowWarnings: true });
    const result = resume(set2, render(set2, 'main').waitingAt, { Digits: '7' });
    expect(result.ending).toBe('fallback');
    expect(result.texml).toContain("We're sorry, something went wrong.");
  });
});

const dialFlow = (mode: string) => `
start: call
steps:
  call:
    - dial:
        numbers: ["+13125550101", "sip:desk@example.sip.telnyx.com", "+13125550102"]
        mode: ${mode}
        timeout: 15
        caller_id: "{{call.to}}"
        record: record-from-answer
        on: { busy: busy, no-answer: missed }
        then: done
    - say: Not reached.
  busy:
    - say: Busy.
  missed:
    - say: Missed.
  done:
    - say: Done.
`;

describe('dial', () => {
  it('when numbers ring simultaneously, then one Dial holds every Number and Sip', () => {
    const result = render(compileFlow(dialFlow('simultaneous')), 'main');
    expect(verbs(result.texml)).toEqual(['Dial', 'Dial>Number', 'Dial>Sip', 'Dial>Number']);
    expect(result.texml).toContain('timeout="15" callerId="+13125550100" record="record-from-answer"');
  });

  it('when numbers are tried in sequence, then each leg is its own Dial with the per-leg timeout', () => {
    const set = compileFlow(dialFlow('sequential'));
    const first = render(set, 'main');
    expect(verbs(first.texml)).toEqual(['Dial', 'Dial>Number']);
    const second = resume(set, first.waitingAt, { DialCallStatus: 'no-answer' });
    expect(second.texml).toContain('timeout="15"');
    expect(second.texml).toMatch(/<Sip statusCallback="[^"]+\/callbacks\/call-status\?flow=main" statusCallbackEvent="initiated ringing answered completed">sip:desk@example.sip.telnyx.com<\/Sip>/);
    expect(second.waitingAt?.leg).toBe(1);
    const third = resume(set, second.waitingAt, { DialCallStatus: 'failed' });
    expect(third.texml).toMatch(/<Number [^>]*>\+13125550102<\/Number>/);
    expect(resume(set, third.waitingAt, { DialCallStatus: 'no-answer' }).texml).toContain('<Say>Missed.</Say>');
  });

  it('when a sequential leg is answered, then no further leg is tried', () => {
    const set = compileFlow(dialFlow('sequential'));
    expect(resume(set, render(set, 'main').waitingAt, { DialCallStatus: 'completed' }).texml).toContain('<Say>Done.</Say>');
  });

  it.each([
    ['busy', 'Busy.'],
    ['no-answer', 'Missed.'],
    ['completed', 'Done.'],
    ['failed', 'Done.'],
    ['canceled', 'Done.'],
  ])('when DialCallStatus is %s, then the call continues at its branch (or then)', (status, said) => {
    const set = compileFlow(dialFlow('simultaneous'));
    expect(resume(set, render(set, 'main').waitingAt, { DialCallStatus: status }).texml).toContain(`<Say>${said}</Say>`);
  });

  it('when a dial has neither then nor a branch for the status, then the next action runs', () => {
    const set = compileFlow('start: a\nsteps:\n  a:\n    - dial: { numbers: "+13125550101" }\n    - say: After.\n');
    expect(resume(set, render(set, 'main').waitingAt, { DialCallStatus: 'busy' }).texml).toContain('<Say>After.</Say><Hangup/>');
  });

  it('when a dial target is queue:NAME, then the Dial holds a Queue', () => {
    const set = compileFlow('start: a\nsteps:\n  a:\n    - dial: { numbers: "queue:support" }\n');
    expect(render(set, 'main').texml).toContain('<Queue>support</Queue>');
  });
});

describe('record', () => {
  const set = compileFlow(`
start: vm
steps:
  vm:
    - record:
        prompt: [{ say: "Leave a message." }]
        max_length: 90
        timeout: 4
        finish_on_key: "#"
        beep: true
        transcribe: true
        trim: trim-silence
        channels: dual
        format: wav
    - job: { op: recordings.fetch, with: { recording_sid: "{{input.recording_sid}}" } }
    - say: Thanks.
`);

  it('when a record runs, then the prompt plays and Record carries every option', () => {
    const result = render(set, 'main');
    expect(result.texml).toContain('<Say>Leave a message.</Say><Record action="https://texml-router.invalid/resume/main/vm/0?retries=0&amp;leg=0" maxLength="90" timeout="4" finishOnKey="#" playBeep="true" transcription="true" recordingStatusCallback="https://texml-router.invalid/callbacks/recording?flow=main" transcriptionCallback="https://texml-router.invalid/callbacks/transcription?flow=main" trim="trim-silence" channels="dual" format="wav"/>');
  });

  it('when the recording comes back, then the next actions see it as input', () => {
    const result = resume(set, render(set, 'main').waitingAt, { RecordingSid: 'rec-1', RecordingUrl: 'https://x.example/rec-1.mp3' });
    expect(result.jobs).toEqual([{ op: 'recordings.fetch', params: { recording_sid: 'rec-1' }, origin: { flow: 'main', step: 'vm', callSid: 'v3:test-call' } }]);
    expect(result.texml).toContain('<Say>Thanks.</Say>');
  });
});

describe('enqueue', () => {
  const set = compileFlow(`
start: wait
steps:
  wait:
    - enqueue: { queue: support, wait: hold, max_wait: 120, on_timeout: late, then: after }
  hold:
    - say: Please hold.
    - play: "https://x.example/hold.mp3"
  late:
    - say: Nobody came.
  after:
    - say: Thanks for waiting.
`);

  it('when a caller is enqueued, then Enqueue names the queue, its wait URL and the maximum wait', () => {
    expect(render(set, 'main').texml).toContain(
      '<Enqueue action="https://texml-router.invalid/resume/main/wait/0?retries=0&amp;leg=0" waitUrl="https://texml-router.invalid/queue-wait/main/hold" maxWaitTimeSecs="120">support</Enqueue>',
    );
  });

  it('when the wait step is rendered for the wait URL, then it ends without Hangup (Telnyx loops it)', () => {
    const result = render(set, 'main', 'hold', { queueWait: true });
    expect(result.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Please hold.</Say><Play>https://x.example/hold.mp3</Play></Response>');
  });

  it('when the caller was bridged to an agent, then the call continues at then', () => {
    expect(resume(set, render(set, 'main').waitingAt, { QueueResult: 'bridged' }).texml).toContain('Thanks for waiting.');
  });

  it('when Telnyx sends a QueueResult (TwiML\'s, undocumented by Telnyx), then it decides', () => {
    expect(resume(set, render(set, 'main').waitingAt, { QueueResult: 'leave' }).texml).toContain('Nobody came.');
    expect(resume(set, render(set, 'main').waitingAt, { QueueResult: 'timeout' }).texml).toContain('Nobody came.');
  });

  describe('without QueueResult (what Telnyx documents), from what the service knows', () => {
    const queuedAt = OPEN.getTime();
    const later = (seconds: number) => new Date(queuedAt + seconds * 1000);
    const waiting = () => render(set, 'main').waitingAt;

    it('when the Enqueue is rendered, then its state seals when the caller was queued', () => {
      expect(waiting()!.queuedAt).toBe(Math.floor(queuedAt / 1000));
    });

    it('when the action comes once max_wait has passed, then it was the maximum wait: on_timeout', () => {
      const result = resume(set, waiting(), {}, { now: later(120) });
      expect(result.texml).toContain('Nobody came.');
      expect(result.queueResult).toBe('timeout');
    });

    it('when the service issued the Leave, then on_timeout', () => {
      const result = resume(set, waiting(), {}, { now: later(30), queue: { leaveIssued: true } });
      expect(result.texml).toContain('Nobody came.');
      expect(result.queueResult).toBe('leave');
    });

    it('when the call left early, alive, without our Leave, then an agent took it: then', () => {
      const result = resume(set, waiting(), {}, { now: later(30), queue: { leaveIssued: false } });
      expect(result.texml).toContain('Thanks for waiting.');
      expect(result.queueResult).toBe('bridged');
    });

    it('when the action says the call has ended (CallStatus), then the caller hung up: then', () => {
      const result = resume(set, waiting(), {}, { now: later(150), params: { CallStatus: 'completed' } });
      expect(result.queueResult).toBe('hangup');
    });

    it('when the Enqueue sets no max_wait, then Telnyx\'s 14400 s is the maximum', () => {
      const open = compileFlow(`
start: wait
steps:
  wait:
    - enqueue: { queue: support, on_timeout: late, then: after }
  late:
    - say: Nobody came.
  after:
    - say: Thanks for waiting.
`);
      const state = render(open, 'main').waitingAt;
      expect(resume(open, state, {}, { now: later(3600) }).queueResult).toBe('bridged');
      expect(resume(open, state, {}, { now: later(14400) }).queueResult).toBe('timeout');
    });
  });
});

describe('conference', () => {
  const set = compileFlow(`
start: join
vars: { room: "" }
steps:
  join:
    - conference:
        room: "room-{{vars.room}}"
        muted: true
        start_on_enter: false
        end_on_exit: true
        beep: onEnter
        max_participants: 12
        label: "{{call.from}}"
        then: bye
  bye:
    - say: Bye.
`);

  it('when a caller joins, then Dial holds a Conference with the templated room and every option', () => {
    expect(render(set, 'main', undefined, { vars: { room: '4711' } }).texml).toContain(
      '<Conference muted="true" startConferenceOnEnter="false" endConferenceOnExit="true" beep="onEnter" maxParticipants="12" participantLabel="+13125550199" statusCallback="https://texml-router.invalid/callbacks/conference?flow=main" statusCallbackEvent="start end join leave">room-4711</Conference>',
    );
  });

  it('when the conference ends for the caller, then the call continues at then', () => {
    expect(resume(set, render(set, 'main').waitingAt, {}).texml).toContain('<Say>Bye.</Say>');
  });

  it('when the conference is recorded, then its recording reports to the recording callback route with the flow', () => {
    const recorded = compileFlow('start: join\nsteps:\n  join:\n    - conference:\n        room: board\n        record: record-from-start\n');
    expect(render(recorded, 'main').texml).toContain('record="record-from-start" recordingStatusCallback="https://texml-router.invalid/callbacks/recording?flow=main"');
  });
});

describe('goto and redirect', () => {
  it('when steps goto each other without waiting, then one document holds them all', () => {
    const set = compileFlow('start: a\nsteps:\n  a:\n    - say: A\n    - goto: b\n  b:\n    - say: B\n    - goto: c\n  c:\n    - say: C\n    - hangup\n');
    const result = render(set, 'main');
    expect(result.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>A</Say><Say>B</Say><Say>C</Say><Hangup/></Response>');
    expect(result.trail).toEqual(['main.a', 'main.b', 'main.c']);
    expect(result.ending).toBe('hangup');
  });

  it("when a step redirects to another flow's step, then that step is inlined too", () => {
    const set = compileClean({
      'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - say: Here\n    - redirect: { flow: other, step: two }\n',
      'flows/other.yaml': 'flow: other\nstart: one\nsteps:\n  one:\n    - say: One\n    - goto: two\n  two:\n    - say: Two\n    - hangup\n',
    });
    const result = render(set, 'main');
    expect(result.texml).toContain('<Say>Here</Say><Say>Two</Say><Hangup/>');
    expect(result.trail).toEqual(['main.a', 'other.two']);
  });

  it('when a step redirects to a URL, then Redirect ends the document', () => {
    const result = render(compileFlow('start: a\nsteps:\n  a:\n    - redirect: { url: "https://x.example/next.xml", method: POST }\n'), 'main');
    expect(result.texml).toContain('<Redirect method="POST">https://x.example/next.xml</Redirect></Response>');
    expect(result.ending).toBe('redirect');
  });
});

describe('set', () => {
  it('when set assigns templates, numbers and booleans, then later templates and conditions see them', () => {
    const texml = texmlOf(`
start: a
steps:
  a:
    - set: { who: "{{call.from}}", count: 3, vip: true }
    - say: "{{vars.who}} {{vars.count}} {{vars.vip}}"
    - branch:
        - if: { value: vars.count, gte: 3 }
          goto: many
  many:
    - say: Many.
`);
    expect(texml).toContain('<Say>+13125550199 3 true</Say><Say>Many.</Say>');
  });
});

describe('hangup, reject and leave', () => {
  it('when a step hangs up, then Hangup ends the document', () => {
    const result = render(compileFlow('start: a\nsteps:\n  a:\n    - say: Bye\n    - hangup\n'), 'main');
    expect(result.texml).toContain('<Say>Bye</Say><Hangup/></Response>');
    expect(result.ending).toBe('hangup');
  });

  it('when the first step rejects, then Reject is the only verb and the call is never answered', () => {
    const result = render(compileFlow('start: a\nsteps:\n  a:\n    - reject: busy\n'), 'main');
    expect(result.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Reject reason="busy"/></Response>');
    expect(result.ending).toBe('reject');
    expect(render(compileFlow('start: a\nsteps:\n  a:\n    - reject\n'), 'main').texml).toContain('<Reject reason="rejected"/>');
  });

  it('when a queue wait step leaves, then Leave is rendered', () => {
    expect(texmlOf('start: a\nsteps:\n  a:\n    - leave\n')).toContain('<Leave/>');
  });
});

describe('start and stop', () => {
  it('when media is started and stopped, then Start and Stop hold Stream, Siprec, Transcription, Recording and Suppression', () => {
    const texml = texmlOf(`
start: a
steps:
  a:
    - start: { stream: { url: "wss://x.example/s?token={{secret.api_token}}", name: s1, track: both_tracks, bidirectional: true } }
    - start: { siprec: { connector: rec, name: sr1, track: inbound_track } }
    - start: { transcription: { language: en-US, engine: Telnyx, tracks: inbound, interim_results: true } }
    - start: { recording: { channels: dual, format: wav, track: both } }
    - start: { suppression: { direction: inbound } }
    - stop: { stream: s1 }
    - stop: { siprec: sr1 }
    - stop: { transcription: true }
    - stop: { suppression: true }
`);
    expect(verbs(texml)).toEqual([
      'Start', 'Start>Stream', 'Start', 'Start>Siprec', 'Start', 'Start>Transcription', 'Start', 'Start>Recording', 'Start', 'Start>Suppression',
      'Stop', 'Stop>Stream', 'Stop', 'Stop>Siprec', 'Stop', 'Stop>Transcription', 'Stop', 'Stop>Suppression', 'Hangup',
    ]);
    expect(texml).toContain('<Stream url="wss://x.example/s?token={{#secret}}api_token{{/secret}}" name="s1" track="both_tracks" bidirectionalMode="rtp" statusCallback="https://texml-router.invalid/callbacks/stream?flow=main"/>');
    expect(texml).toContain('<Recording channels="dual" format="wav" track="both" recordingStatusCallback="https://texml-router.invalid/callbacks/recording?flow=main"/>');
    expect(texml).toContain('<Stop><Stream name="s1"/></Stop>');
  });
});

describe('job', () => {
  it('when a job names a parameter its operation does not take, or misses one it needs, then the flow does not load', () => {
    const outcome = compileFlows({
      'flows/main.yaml': `flow: main
start: a
steps:
  a:
    - job: { op: recordings.fetch, with: { recording: "{{input.recording_sid}}" } }
    - job: { op: calls.create, with: { to: "+13125550100", from: "+13125550101", timeout: "soon" } }
    - hangup
`,
    });
    expect(outcome.diagnostics.map(formatDiagnostic)).toEqual([
      "flows/main.yaml:5:42: error: job 'recordings.fetch' needs parameter 'recording_sid' (hint: add recording_sid: under with:)",
      "flows/main.yaml:5:44: error: job 'recordings.fetch' has no parameter 'recording' (hint: did you mean 'recording_sid'?)",
      'flows/main.yaml:6:91: error: job \'calls.create\' parameter \'timeout\' has an invalid value "soon"',
    ]);
  });

  it('when a step asks for a job, then it is returned as a typed JobRequest and adds nothing to the TeXML', () => {
    const result = render(
      compileFlow(`
start: a
steps:
  a:
    - job:
        op: calls.create
        with: { to: "{{call.from}}", from: "{{call.to}}", flow: callback-agent, vars: { tries: 2, vip: true, caller: "{{call.from}}" } }
        idempotency_key: "cb-{{call.call_sid}}"
        delay: 300
    - hangup
`),
      'main',
    );
    expect(result.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(result.jobs).toEqual([
      {
        op: 'calls.create',
        params: { to: '+13125550199', from: '+13125550100', flow: 'callback-agent', vars: { tries: 2, vip: true, caller: '+13125550199' } },
        idempotencyKey: 'cb-v3:test-call',
        delayMs: 300_000,
        origin: { flow: 'main', step: 'a', callSid: 'v3:test-call' },
      },
    ]);
  });
});

describe('stream parameters and reconnect', () => {
  const streamFlow = `
start: a
steps:
  a:
    - start:
        stream:
          url: "wss://media.example/s"
          enable_reconnect: false
          parameters: { customer: "{{call.from}}", token: "{{secret.api_token}}", plan: gold }
    - say: Connected.
`;

  it('when a stream has parameters, then each is a Parameter child whose value is rendered, and enableReconnect is written', () => {
    const texml = texmlOf(streamFlow);
    expect(texml).toContain(
      '<Start><Stream url="wss://media.example/s" enableReconnect="false" statusCallback="https://texml-router.invalid/callbacks/stream?flow=main">' +
        '<Parameter name="customer" value="+13125550199"/><Parameter name="token" value="{{#secret}}api_token{{/secret}}"/><Parameter name="plan" value="gold"/></Stream></Start>',
    );
  });

  it('when a stream parameter names a secret, then only the placeholder is in the output, never the value (the environment holds one)', () => {
    const set = compileFlow(streamFlow, { env: { API_TOKEN: 's3cr3t-value' } });
    const texml = render(set, 'main').texml;
    expect(texml).toContain('{{#secret}}api_token{{/secret}}');
    expect(texml).not.toContain('s3cr3t-value');
  });

  it('when a stream parameter names an undeclared secret or an unknown value, then the flow does not load and the error points at the parameter', () => {
    const outcome = compileFlows({ 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - start: { stream: { url: "wss://x", parameters: { k: "{{secret.media_key}}", j: "{{call.nope}}" } } }\n' });
    const lines = outcome.diagnostics.map(formatDiagnostic);
    expect(lines[0]).toMatch(/^flows\/main\.yaml:5:\d+: error: secret 'media_key' is not declared in the secrets manifest/);
    expect(lines.join('\n')).toContain('call.nope');
  });

  it('when a parameter name has a space, then the schema refuses it', () => {
    const outcome = compileFlows({ 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - start: { stream: { url: "wss://x", parameters: { "a b": c } } }\n' });
    expect(outcome.diagnostics.map(formatDiagnostic).join('\n')).toContain('must be 1-64 letters, digits, _ . or -');
  });
});

describe('pay', () => {
  const payFlow = `
start: checkout
steps:
  checkout:
    - pay:
        connector: main
        charge_amount: "25.00"
        transaction_type: charge
        valid_card_types: [visa, mastercard]
        max_attempts: 2
        description: "Order for {{call.from}}"
        prompts: { payment-card-number: "Please enter your card number." }
        parameters: { order: "A-17" }
        then: result
  result:
    - branch:
        - if: { value: input.pay_result, equals: success }
          goto: thanks
        - else: sorry
  thanks:
    - say: Thank you.
  sorry:
    - say: The payment did not go through.
`;

  it('when a step pays, then Pay waits with the action URL and carries its prompts and parameters', () => {
    const result = render(compileFlow(payFlow), 'main');
    expect(result.ending).toBe('wait');
    expect(result.waitingAt?.kind).toBe('pay');
    expect(result.texml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Pay action="https://texml-router.invalid/resume/main/checkout/0?retries=0&amp;leg=0" paymentConnector="main" chargeAmount="25.00" transactionType="charge" validCardTypes="visa mastercard" description="Order for +13125550199" maxAttempts="2">' +
        '<Prompt for="payment-card-number"><Say>Please enter your card number.</Say></Prompt><Parameter name="order" value="A-17"/></Pay></Response>',
    );
  });

  it('when Telnyx posts the action with a PayResult, then the flow goes on at then and reads input.pay_result; without one, it takes the other arm', () => {
    const set = compileFlow(payFlow);
    const waiting = render(set, 'main').waitingAt;
    expect(resume(set, waiting, { PayResult: 'success' }).texml).toContain('<Say>Thank you.</Say>');
    expect(resume(set, waiting, {}).texml).toContain('<Say>The payment did not go through.</Say>');
  });

  it('when a charge has no amount or a bad one, then the flow does not load', () => {
    const noAmount = compileFlows({ 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - pay: { transaction_type: charge }\n' });
    expect(noAmount.diagnostics.map(formatDiagnostic)).toContain(
      "flows/main.yaml:5:12: error: pay with transaction_type: charge needs 'charge_amount' (hint: the Pay page requires chargeAmount for a charge; use tokenize to store the card only)",
    );
    const badAmount = compileFlows({ 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - pay: { charge_amount: "10.505", currency: EUR }\n' });
    const text = badAmount.diagnostics.map(formatDiagnostic).join('\n');
    expect(text).toContain('must be an amount such as 10.50');
    expect(text).toContain('currency');
  });
});

describe('ai_assistant and conversation_relay', () => {
  it('when a step starts an AI assistant, then Connect holds AIAssistant and the next actions run when it ends', () => {
    const texml = texmlOf('start: a\nsteps:\n  a:\n    - ai_assistant: { id: assistant-776d0d6f }\n    - say: Goodbye.\n');
    expect(texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Connect><AIAssistant id="assistant-776d0d6f"/></Connect><Say>Goodbye.</Say><Hangup/></Response>');
  });

  it('when a step joins a conversation, then join and the participant are templates', () => {
    const texml = texmlOf('start: a\nvars: { conversation: "" }\nsteps:\n  a:\n    - ai_assistant: { join: "{{vars.conversation}}", participant_name: "{{call.from}}", participant_role: user }\n', undefined, { conversation: 'v3:abc' });
    expect(texml).toContain('<Connect><AIAssistant join="v3:abc" participantName="+13125550199" participantRole="user"/></Connect>');
  });

  it('when an assistant has both id and join, then the flow does not load', () => {
    const outcome = compileFlows({ 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - ai_assistant: { id: x, join: y }\n' });
    expect(outcome.set).toBeUndefined();
  });

  it('when a step relays the conversation, then Connect holds ConversationRelay with its languages and parameters (secrets as placeholders)', () => {
    const texml = texmlOf(`
start: a
steps:
  a:
    - conversation_relay:
        url: "wss://relay.example/ws"
        welcome_greeting: "Hi {{call.from_formatted}}"
        voice: Telnyx.NaturalHD.astra
        language: en
        interruptible: speech
        dtmf_detection: true
        languages: [{ code: fr, tts_provider: telnyx, speech_model: nova-3 }]
        parameters: { key: "{{secret.api_token}}" }
`);
    expect(texml).toContain(
      '<Connect><ConversationRelay url="wss://relay.example/ws" welcomeGreeting="Hi (312) 555-0199" voice="Telnyx.NaturalHD.astra" language="en" interruptible="speech" dtmfDetection="true">' +
        '<Language code="fr" ttsProvider="telnyx" speechModel="nova-3"/><Parameter name="key" value="{{#secret}}api_token{{/secret}}"/></ConversationRelay></Connect>',
    );
  });
});

describe('dial and record attributes from the Dial and Record pages', () => {
  it('when dial sets audio_url, send_recording_url, pass_diversion_header and the AMD thresholds, then Dial carries them', () => {
    const texml = texmlOf(`
start: a
steps:
  a:
    - dial:
        numbers: "+13125550101"
        ring_tone: us-old
        audio_url: "https://x.example/ring.mp3"
        send_recording_url: false
        pass_diversion_header: true
        machine_detection_speech_threshold: 2400
        machine_detection_speech_end_threshold: 1200
        machine_detection_silence_timeout: 5000
`);
    expect(texml).toContain(
      'ringTone="us-old" audioUrl="https://x.example/ring.mp3" sendRecordingUrl="false" passDiversionHeader="true" machineDetectionSpeechThreshold="2400" machineDetectionSpeechEndThreshold="1200" machineDetectionSilenceTimeout="5000"',
    );
  });

  it('when a ring_tone is not one of the Dial page countries, then the flow does not load', () => {
    const outcome = compileFlows({ 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - dial: { numbers: "+13125550101", ring_tone: xx }\n' });
    expect(outcome.set).toBeUndefined();
  });

  it('when record transcribes in another language, then Record carries transcriptionLanguage', () => {
    expect(texmlOf('start: a\nsteps:\n  a:\n    - record: { transcribe: true, transcription_language: es-MX }\n')).toContain('transcriptionLanguage="es-MX"');
  });
});

describe('ai_gather', () => {
  const aiFlow = `
start: ask
steps:
  ask:
    - ai_gather:
        greeting: "Hello {{call.from_formatted}}. What is your age and city?"
        voice: { name: Telnyx.NaturalHD.astra, voice_speed: 1.2 }
        parameters:
          type: object
          properties: { age: { type: integer }, city: { type: string, description: "a city, not {{secret.x}}" } }
          required: [age, city]
        message_history: [{ role: user, text: "My name is Enzo." }]
        then: done
  done:
    - job: { op: calls.update, with: { call_sid: "{{call.call_sid}}", url: "https://example.com/x?r={{input.ai_result}}" } }
    - say: "Status {{input.ai_status}}."
`;

  it('when a step gathers with AI, then AIGather waits on the action with its children, and a Redirect brings the call back if it ends without one', () => {
    const result = render(compileFlow(aiFlow), 'main');
    const json = /<Parameters><!\[CDATA\[(.*)\]\]><\/Parameters>/.exec(result.texml)![1]!;
    expect(JSON.parse(json)).toMatchObject({ properties: { city: { description: 'a city, not {{secret.x}}' } } });
    expect(result.waitingAt?.kind).toBe('ai_gather');
    expect(result.texml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><AIGather action="https://texml-router.invalid/resume/main/ask/0?retries=0&amp;leg=0">' +
        '<Greeting>Hello (312) 555-0199. What is your age and city?</Greeting><Voice name="Telnyx.NaturalHD.astra" voice_speed="1.2"/>' +
        // No Mustache tag can form: braces in strings are escaped, closing braces spaced; the JSON means the same.
        '<Parameters><![CDATA[{"type":"object","properties":{"age":{"type":"integer"},"city":{"type":"string","description":"a city, not \\u007b\\u007bsecret.x\\u007d\\u007d"} },"required":["age","city"]}]]></Parameters>' +
        '<MessageHistory><Message role="user">My name is Enzo.</Message></MessageHistory></AIGather>' +
        '<Redirect>https://texml-router.invalid/resume/main/ask/0?retries=0&amp;leg=0</Redirect></Response>',
    );
  });

  it('when Telnyx posts the AIGather action, then Status is input.ai_status and Base64Result is decoded into input.ai_result (neutralised)', () => {
    const set = compileFlow(aiFlow);
    const waiting = render(set, 'main').waitingAt;
    const result = resume(set, waiting, { Status: 'completed', Base64Result: Buffer.from('{"age":41,"city":"{{Lyon}}"}').toString('base64') });
    expect(result.texml).toContain('<Say>Status completed.</Say>');
    // Like every value a request carries, braces are neutralised (fullwidth), so nothing can form {{ }}.
    expect(result.jobs[0]?.params).toMatchObject({ url: 'https://example.com/x?r=\uFF5B"age":41,"city":"\uFF5B\uFF5BLyon\uFF5D\uFF5D"\uFF5D' });
  });
});
