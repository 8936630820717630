import twilio from 'twilio';
import { buildTexml } from '../../../src/texml';
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
  ['a plain Say', () => buildTexml([{ verb: 'Say', text: 'Hello' }]), () => voice((r) => r.say('Hello'))],
  [
    'a Say with voice, language and loop',
    () => buildTexml([{ verb: 'Say', attributes: { voice: 'alice', language: 'fr-FR', loop: 3 }, text: 'Bonjour' }]),
    () => voice((r) => r.say({ voice: 'alice', language: 'fr-FR', loop: 3 }, 'Bonjour')),
  ],
  ['a Say with a Polly voice', () => buildTexml([{ verb: 'Say', attributes: { voice: 'Polly.Joanna-Neural' }, text: 'Hi' }]), () => voice((r) => r.say({ voice: 'Polly.Joanna-Neural' }, 'Hi'))],
  ['a Say with markup characters', () => buildTexml([{ verb: 'Say', text: tricky }]), () => voice((r) => r.say(tricky))],
  ['a Say with line breaks and tabs', () => buildTexml([{ verb: 'Say', text: 'a\n\tb\r\nc' }]), () => voice((r) => r.say('a\n\tb\r\nc'))],
  ['a Play with loop', () => buildTexml([{ verb: 'Play', attributes: { loop: 0 }, text: 'https://example.com/a.mp3' }]), () => voice((r) => r.play({ loop: 0 }, 'https://example.com/a.mp3'))],
  ['a Play of DTMF digits', () => buildTexml([{ verb: 'Play', attributes: { digits: 'ww1234#' } }]), () => voice((r) => r.play({ digits: 'ww1234#' }))],
  ['a Pause', () => buildTexml([{ verb: 'Pause', attributes: { length: 5 } }]), () => voice((r) => r.pause({ length: 5 }))],
  ['a bare Pause', () => buildTexml([{ verb: 'Pause' }]), () => voice((r) => r.pause())],
  [
    'a Gather with nested Say and Play',
    () =>
      buildTexml([
        {
          verb: 'Gather',
          attributes: { action: trickyUrl, input: 'dtmf speech', timeout: 7, numDigits: 1, finishOnKey: '*', language: 'en-GB', hints: 'sales, support' },
          children: [
            { verb: 'Say', attributes: { voice: 'woman' }, text: 'Press 1' },
            { verb: 'Play', text: 'https://example.com/beep.wav' },
          ],
        },
      ]),
    () =>
      voice((r) => {
        const g = r.gather({ action: trickyUrl, input: ['dtmf', 'speech'], timeout: 7, numDigits: 1, finishOnKey: '*', language: 'en-GB', hints: 'sales, support' });
        g.say({ voice: 'woman' }, 'Press 1');
        g.play('https://example.com/beep.wav');
      }),
  ],
  ['an empty Gather', () => buildTexml([{ verb: 'Gather', attributes: { speechTimeout: 3 } }]), () => voice((r) => r.gather({ speechTimeout: '3' }))],
  [
    'a Dial of two Numbers',
    () =>
      buildTexml([
        {
          verb: 'Dial',
          attributes: { action: '/dial-done', method: 'POST', callerId: '+13125550000', timeout: 20, timeLimit: 600, hangupOnStar: true, record: 'record-from-answer-dual' },
          children: [
            { verb: 'Number', attributes: { statusCallback: '/s', statusCallbackEvent: 'initiated answered', sendDigits: 'ww9' }, text: '+13125550001' },
            { verb: 'Number', attributes: { url: '/whisper' }, text: '+13125550002' },
          ],
        },
      ]),
    () =>
      voice((r) => {
        const d = r.dial({ action: '/dial-done', method: 'POST', callerId: '+13125550000', timeout: 20, timeLimit: 600, hangupOnStar: true, record: 'record-from-answer-dual' });
        d.number({ statusCallback: '/s', statusCallbackEvent: ['initiated', 'answered'], sendDigits: 'ww9' }, '+13125550001');
        d.number({ url: '/whisper' }, '+13125550002');
      }),
  ],
  [
    'a Dial of a Sip URI with credentials',
    () => buildTexml([{ verb: 'Dial', attributes: { answerOnBridge: true }, children: [{ verb: 'Sip', attributes: { username: 'u', password: 'p&<"' }, text: 'sip:alice@example.com;transport=tls' }] }]),
    () => voice((r) => r.dial({ answerOnBridge: true }).sip({ username: 'u', password: 'p&<"' }, 'sip:alice@example.com;transport=tls')),
  ],
  [
    'a Dial of a Queue',
    () => buildTexml([{ verb: 'Dial', children: [{ verb: 'Queue', attributes: { url: '/whisper', method: 'GET' }, text: 'support' }] }]),
    () => voice((r) => r.dial().queue({ url: '/whisper', method: 'GET' }, 'support')),
  ],
  [
    'a Dial of a Conference',
    () =>
      buildTexml([
        {
          verb: 'Dial',
          children: [
            {
              verb: 'Conference',
              attributes: {
                muted: false,
                beep: 'onEnter',
                startConferenceOnEnter: true,
                endConferenceOnExit: false,
                maxParticipants: 10,
                waitUrl: '/hold',
                statusCallback: '/conf',
                statusCallbackEvent: 'start end join leave',
                record: 'record-from-start',
                trim: 'trim-silence',
                participantLabel: 'agent',
              },
              text: 'Room & 1',
            },
          ],
        },
      ]),
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
    () => buildTexml([{ verb: 'Dial', children: [{ verb: 'Conference', attributes: { beep: false }, text: 'r' }] }]),
    () => voice((r) => r.dial().conference({ beep: 'false' }, 'r')),
  ],
  [
    'a Record with its options',
    () =>
      buildTexml([
        {
          verb: 'Record',
          attributes: { action: '/rec', method: 'GET', timeout: 5, maxLength: 120, finishOnKey: '#', playBeep: false, trim: 'do-not-trim', recordingStatusCallback: '/rs', recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: 'in-progress completed' },
        },
      ]),
    () =>
      voice((r) =>
        r.record({ action: '/rec', method: 'GET', timeout: 5, maxLength: 120, finishOnKey: '#', playBeep: false, trim: 'do-not-trim', recordingStatusCallback: '/rs', recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['in-progress', 'completed'] }),
      ),
  ],
  [
    'an Enqueue',
    () => buildTexml([{ verb: 'Enqueue', attributes: { action: '/left', method: 'POST', waitUrl: '/wait', waitUrlMethod: 'GET' }, text: 'support' }]),
    () => voice((r) => r.enqueue({ action: '/left', method: 'POST', waitUrl: '/wait', waitUrlMethod: 'GET' }, 'support')),
  ],
  ['a Hangup', () => buildTexml([{ verb: 'Hangup' }]), () => voice((r) => r.hangup())],
  ['a Leave', () => buildTexml([{ verb: 'Leave' }]), () => voice((r) => r.leave())],
  ['a Redirect with method', () => buildTexml([{ verb: 'Redirect', attributes: { method: 'GET' }, text: trickyUrl }]), () => voice((r) => r.redirect({ method: 'GET' }, trickyUrl))],
  ['a Reject with a reason', () => buildTexml([{ verb: 'Reject', attributes: { reason: 'busy' } }]), () => voice((r) => r.reject({ reason: 'busy' }))],
  ['a bare Reject', () => buildTexml([{ verb: 'Reject' }]), () => voice((r) => r.reject())],
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
    () =>
      buildTexml([
        { verb: 'Say', text: 'Leave a message after the beep.' },
        { verb: 'Record', attributes: { maxLength: 60, playBeep: true, action: '/vm' } },
        { verb: 'Say', text: 'Goodbye' },
        { verb: 'Hangup' },
      ]),
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
      buildTexml([
        {
          verb: 'Dial',
          attributes: { timeout: 15, action: '/after-dial' },
          children: [
            { verb: 'Number', text: '+13125550001' },
            { verb: 'Number', text: '+13125550002' },
            { verb: 'Sip', text: 'sip:desk@pbx.example.com' },
          ],
        },
        { verb: 'Say', text: 'Nobody is available.' },
        { verb: 'Pause', attributes: { length: 1 } },
        { verb: 'Hangup' },
      ]),
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
    const a = parseXml(buildTexml([{ verb: 'Pause', attributes: { length: 2 } }]));
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
