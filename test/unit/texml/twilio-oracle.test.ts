import twilio from 'twilio';
import { buildTexml, TexmlResponse } from '../../../src/texml';
import { parseXml, type XmlTree } from './xml-tree';

/**
 * Independent oracle: for verbs TeXML shares with TwiML, twilio's VoiceResponse (its own builder,
 * over xmlbuilder v13) must produce the same tree (names, attributes, text) as ours. Both outputs
 * go through the same strict parser, so escaping differences that parse the same do not matter.
 */
type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
const voice = (fill: (r: VoiceResponse) => void): string => {
  const r = new twilio.twiml.VoiceResponse();
  fill(r);
  return r.toString();
};

const tricky = `Tom & "Jerry" <said> 'hi' ]]> é 😀 {{not a secret}}`;
const trickyUrl = `https://example.com/next?a=1&b="2"&c=<3>`;

const cases: [string, () => string, () => string][] = [
  ['a plain Say', () => new TexmlResponse().say('Hello').toString(), () => voice((r) => r.say('Hello'))],
  [
    'a Say with voice, language and loop',
    () => new TexmlResponse().say('Bonjour', { voice: 'alice', language: 'fr-FR', loop: 3 }).toString(),
    () => voice((r) => r.say({ voice: 'alice', language: 'fr-FR', loop: 3 }, 'Bonjour')),
  ],
  ['a Say with a Polly voice', () => new TexmlResponse().say('Hi', { voice: 'Polly.Joanna-Neural' }).toString(), () => voice((r) => r.say({ voice: 'Polly.Joanna-Neural' }, 'Hi'))],
  ['a Say with markup characters', () => new TexmlResponse().say(tricky).toString(), () => voice((r) => r.say(tricky))],
  ['a Say with line breaks and tabs', () => new TexmlResponse().say('a\n\tb\r\nc').toString(), () => voice((r) => r.say('a\n\tb\r\nc'))],
  ['a Play with loop', () => new TexmlResponse().play('https://example.com/a.mp3', { loop: 0 }).toString(), () => voice((r) => r.play({ loop: 0 }, 'https://example.com/a.mp3'))],
  ['a Play of DTMF digits', () => new TexmlResponse().play(undefined, { digits: 'ww1234#' }).toString(), () => voice((r) => r.play({ digits: 'ww1234#' }))],
  ['a Pause', () => new TexmlResponse().pause({ length: 5 }).toString(), () => voice((r) => r.pause({ length: 5 }))],
  ['a bare Pause', () => new TexmlResponse().pause().toString(), () => voice((r) => r.pause())],
  [
    'a Gather with nested Say and Play',
    () =>
      new TexmlResponse()
        .gather({ action: trickyUrl, input: 'dtmf speech', timeout: 7, numDigits: 1, finishOnKey: '*', language: 'en-GB', hints: 'sales, support' }, (g) =>
          g.say('Press 1', { voice: 'woman' }).play('https://example.com/beep.wav'),
        )
        .toString(),
    () =>
      voice((r) => {
        const g = r.gather({ action: trickyUrl, input: ['dtmf', 'speech'], timeout: 7, numDigits: 1, finishOnKey: '*', language: 'en-GB', hints: 'sales, support' });
        g.say({ voice: 'woman' }, 'Press 1');
        g.play('https://example.com/beep.wav');
      }),
  ],
  ['an empty Gather', () => new TexmlResponse().gather({ speechTimeout: 3 }).toString(), () => voice((r) => r.gather({ speechTimeout: '3' }))],
  [
    'a Dial of two Numbers',
    () =>
      new TexmlResponse()
        .dial({ action: '/dial-done', method: 'POST', callerId: '+13125550000', timeout: 20, timeLimit: 600, hangupOnStar: true, record: 'record-from-answer-dual' }, (d) =>
          d.number('+13125550001', { statusCallback: '/s', statusCallbackEvent: ['initiated', 'answered'], sendDigits: 'ww9' }).number('+13125550002', { url: '/whisper' }),
        )
        .toString(),
    () =>
      voice((r) => {
        const d = r.dial({ action: '/dial-done', method: 'POST', callerId: '+13125550000', timeout: 20, timeLimit: 600, hangupOnStar: true, record: 'record-from-answer-dual' });
        d.number({ statusCallback: '/s', statusCallbackEvent: ['initiated', 'answered'], sendDigits: 'ww9' }, '+13125550001');
        d.number({ url: '/whisper' }, '+13125550002');
      }),
  ],
  [
    'a Dial of a Sip URI with credentials',
    () => new TexmlResponse().dial({ answerOnBridge: true }, (d) => d.sip('sip:alice@example.com;transport=tls', { username: 'u', password: 'p&<"' })).toString(),
    () => voice((r) => r.dial({ answerOnBridge: true }).sip({ username: 'u', password: 'p&<"' }, 'sip:alice@example.com;transport=tls')),
  ],
  [
    'a Dial of a Queue',
    () => new TexmlResponse().dial(undefined, (d) => d.queue('support', { url: '/whisper', method: 'GET' })).toString(),
    () => voice((r) => r.dial().queue({ url: '/whisper', method: 'GET' }, 'support')),
  ],
  [
    'a Dial of a Conference',
    () =>
      new TexmlResponse()
        .dial(undefined, (d) =>
          d.conference('Room & 1', {
            muted: false,
            beep: 'onEnter',
            startConferenceOnEnter: true,
            endConferenceOnExit: false,
            maxParticipants: 10,
            waitUrl: '/hold',
            statusCallback: '/conf',
            statusCallbackEvent: ['start', 'end', 'join', 'leave'],
            record: 'record-from-start',
            trim: 'trim-silence',
            participantLabel: 'agent',
          }),
        )
        .toString(),
    () =>
      voice((r) =>
        r.dial().conference(
          {
            muted: false,
            beep: 'onEnter',
            startConferenceOnEnter: true,
            endConferenceOnExit: false,
            maxParticipants: 10,
            waitUrl: '/hold',
            statusCallback: '/conf',
            statusCallbackEvent: ['start', 'end', 'join', 'leave'],
            record: 'record-from-start',
            trim: 'trim-silence',
            participantLabel: 'agent',
          },
          'Room & 1',
        ),
      ),
  ],
  [
    'a Conference with beep false',
    () => new TexmlResponse().dial(undefined, (d) => d.conference('r', { beep: false })).toString(),
    () => voice((r) => r.dial().conference({ beep: 'false' }, 'r')),
  ],
  [
    'a Record with its options',
    () =>
      new TexmlResponse()
        .record({ action: '/rec', method: 'GET', timeout: 5, maxLength: 120, finishOnKey: '#', playBeep: false, trim: 'do-not-trim', recordingStatusCallback: '/rs', recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['in-progress', 'completed'] })
        .toString(),
    () =>
      voice((r) =>
        r.record({ action: '/rec', method: 'GET', timeout: 5, maxLength: 120, finishOnKey: '#', playBeep: false, trim: 'do-not-trim', recordingStatusCallback: '/rs', recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['in-progress', 'completed'] }),
      ),
  ],
  [
    'an Enqueue',
    () => new TexmlResponse().enqueue('support', { action: '/left', method: 'POST', waitUrl: '/wait', waitUrlMethod: 'GET' }).toString(),
    () => voice((r) => r.enqueue({ action: '/left', method: 'POST', waitUrl: '/wait', waitUrlMethod: 'GET' }, 'support')),
  ],
  ['a Hangup', () => new TexmlResponse().hangup().toString(), () => voice((r) => r.hangup())],
  ['a Leave', () => new TexmlResponse().leave().toString(), () => voice((r) => r.leave())],
  ['a Redirect with method', () => new TexmlResponse().redirect(trickyUrl, { method: 'GET' }).toString(), () => voice((r) => r.redirect({ method: 'GET' }, trickyUrl))],
  ['a Reject with a reason', () => new TexmlResponse().reject({ reason: 'busy' }).toString(), () => voice((r) => r.reject({ reason: 'busy' }))],
  ['a bare Reject', () => new TexmlResponse().reject().toString(), () => voice((r) => r.reject())],
  [
    'an IVR menu with fallback (data layer)',
    () =>
      buildTexml([
        { verb: 'Say', attributes: { voice: 'man' }, text: 'Thanks for calling.' },
        { verb: 'Gather', attributes: { action: '/menu', numDigits: 1, timeout: 5 }, children: [{ verb: 'Say', text: 'For sales press 1.' }] },
        { verb: 'Say', text: 'We did not get that.' },
        { verb: 'Redirect', text: '/menu' },
      ]),
    () =>
      voice((r) => {
        r.say({ voice: 'man' }, 'Thanks for calling.');
        r.gather({ action: '/menu', numDigits: 1, timeout: 5 }).say('For sales press 1.');
        r.say('We did not get that.');
        r.redirect('/menu');
      }),
  ],
  [
    'a voicemail step',
    () => new TexmlResponse().say('Leave a message after the beep.').record({ maxLength: 60, playBeep: true, action: '/vm' }).say('Goodbye').hangup().toString(),
    () =>
      voice((r) => {
        r.say('Leave a message after the beep.');
        r.record({ maxLength: 60, playBeep: true, action: '/vm' });
        r.say('Goodbye');
        r.hangup();
      }),
  ],
  [
    'a hunt group then voicemail',
    () =>
      new TexmlResponse()
        .dial({ timeout: 15, action: '/after-dial' }, (d) => d.number('+13125550001').number('+13125550002').sip('sip:desk@pbx.example.com'))
        .say('Nobody is available.')
        .pause({ length: 1 })
        .hangup()
        .toString(),
    () =>
      voice((r) => {
        const d = r.dial({ timeout: 15, action: '/after-dial' });
        d.number('+13125550001');
        d.number('+13125550002');
        d.sip('sip:desk@pbx.example.com');
        r.say('Nobody is available.');
        r.pause({ length: 1 });
        r.hangup();
      }),
  ],
];

describe('twilio oracle', () => {
  it('when counted, then there are at least 20 documents', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it('when the documents differ in one attribute, then the comparison sees it (the oracle is not vacuous)', () => {
    const a = parseXml(new TexmlResponse().pause({ length: 2 }).toString());
    const b = parseXml(voice((r) => r.pause({ length: 3 })));
    expect(a.root).not.toEqual(b.root);
  });

  it.each(cases)('when %s is built by both, then the parsed trees are equal', (_name, ours, theirs) => {
    const a = parseXml(ours());
    const b = parseXml(theirs());
    expect(a.declaration).toEqual(b.declaration);
    expect(a.root).toEqual<XmlTree>(b.root);
  });
});
