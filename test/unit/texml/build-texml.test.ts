import {
  buildTexml,
  buildTexmlFragment,
  joinTexmlFragments,
  TEXML_NOUN_NAMES,
  TEXML_VERB_NAMES,
  TexmlError,
  texmlSlot,
  type ElementName,
  type TexmlNode,
} from '../../../src/texml';
import { parseXml } from './xml-tree';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?><Response>';

function texmlError(build: () => unknown): TexmlError {
  try {
    build();
  } catch (error) {
    if (error instanceof TexmlError) return error;
    throw error;
  }
  throw new Error('expected a TexmlError');
}

/** A minimal valid document per verb and noun, so every element of the vocabulary is exercised. */
const MINIMAL: Record<ElementName, TexmlNode[]> = {
  Say: [{ verb: 'Say', text: 'Hello' }],
  Play: [{ verb: 'Play', text: 'https://example.com/a.mp3' }],
  Pause: [{ verb: 'Pause', attributes: { length: 2 } }],
  Gather: [{ verb: 'Gather', attributes: { input: 'dtmf speech' }, children: [{ verb: 'Say', text: 'Press 1' }] }],
  Dial: [{ verb: 'Dial', children: [{ verb: 'Number', text: '+13125550001' }] }],
  Number: [{ verb: 'Dial', children: [{ verb: 'Number', attributes: { sendDigits: 'ww12#' }, text: '+13125550001' }] }],
  Sip: [{ verb: 'Dial', children: [{ verb: 'Sip', attributes: { username: 'u', password: 'p' }, text: 'sip:a@b.c' }] }],
  Queue: [{ verb: 'Dial', children: [{ verb: 'Queue', attributes: { url: '/q' }, text: 'support' }] }],
  Conference: [{ verb: 'Dial', children: [{ verb: 'Conference', attributes: { beep: 'onEnter' }, text: 'room' }] }],
  Record: [{ verb: 'Record', attributes: { maxLength: 120, playBeep: true } }],
  Enqueue: [{ verb: 'Enqueue', attributes: { waitUrl: '/wait' }, text: 'support' }],
  Hangup: [{ verb: 'Hangup' }],
  Leave: [{ verb: 'Leave' }],
  Redirect: [{ verb: 'Redirect', attributes: { method: 'GET' }, text: '/next' }],
  Reject: [{ verb: 'Reject', attributes: { reason: 'busy' } }],
  Refer: [{ verb: 'Refer', attributes: { action: '/refer' }, children: [{ verb: 'Sip', text: 'sip:x@y.z' }] }],
  Start: [{ verb: 'Start', children: [{ verb: 'Recording', attributes: { channels: 'dual' } }] }],
  Stop: [{ verb: 'Stop', children: [{ verb: 'Stream', attributes: { name: 's1' } }] }],
  Connect: [{ verb: 'Connect', children: [{ verb: 'Stream', attributes: { url: 'wss://x/s', bidirectionalMode: 'rtp' } }] }],
  Stream: [
    {
      verb: 'Start',
      children: [
        {
          verb: 'Stream',
          attributes: { url: 'wss://x/s', track: 'both_tracks', bidirectionalSamplingRate: 16000 },
          children: [{ verb: 'Parameter', attributes: { name: 'k', value: 'v' } }],
        },
      ],
    },
  ],
  Siprec: [{ verb: 'Start', children: [{ verb: 'Siprec', attributes: { connectorName: 'c', sessionTimeoutSecs: 0 } }] }],
  Transcription: [
    { verb: 'Start', children: [{ verb: 'Transcription', attributes: { transcriptionEngine: 'Deepgram', interimResults: true } }] },
  ],
  Suppression: [{ verb: 'Start', children: [{ verb: 'Suppression', attributes: { direction: 'both' } }] }],
  Recording: [{ verb: 'Start', children: [{ verb: 'Recording', attributes: { track: 'inbound', format: 'wav' } }] }],
  Parameter: [
    { verb: 'Start', children: [{ verb: 'Siprec', children: [{ verb: 'Parameter', attributes: { name: 'a', value: 'b' } }] }] },
  ],
  HttpRequest: [
    { verb: 'HttpRequest', attributes: { async: false, action: '/done' }, children: [{ verb: 'Request', attributes: { url: 'https://api' } }] },
  ],
  Request: [
    {
      verb: 'HttpRequest',
      children: [
        {
          verb: 'Request',
          attributes: { url: 'https://api', method: 'POST' },
          children: [
            { verb: 'Headers', children: [{ verb: 'Header', children: [{ verb: 'Key', text: 'A' }, { verb: 'Value', text: 'b' }] }] },
            { verb: 'Body', text: '{"from":"{{From}}"}' },
          ],
        },
      ],
    },
  ],
  Response: [
    {
      verb: 'HttpRequest',
      children: [
        { verb: 'Request', attributes: { url: 'https://api' } },
        {
          verb: 'Response',
          children: [
            { verb: 'Type', text: 'JSON' },
            { verb: 'StatusCode', text: '200' },
            { verb: 'Content', children: [{ verb: 'Field', children: [{ verb: 'Name', text: 'a.b' }, { verb: 'Value', text: 'ab' }] }] },
          ],
        },
      ],
    },
  ],
  Headers: [],
  Header: [],
  Key: [],
  Value: [],
  Body: [],
  Type: [],
  StatusCode: [],
  Content: [],
  Field: [],
  Name: [],
  AIGather: [
    {
      verb: 'AIGather',
      attributes: { action: '/ai' },
      children: [
        { verb: 'Greeting', text: 'Hi' },
        { verb: 'Voice', attributes: { name: 'Telnyx.NaturalHD.astra', voice_speed: 1.5 } },
        { verb: 'Parameters', text: '{"type":"object","properties":{}}' },
        { verb: 'MessageHistory', children: [{ verb: 'Message', attributes: { role: 'user' }, text: 'Hi' }] },
      ],
    },
  ],
  Greeting: [],
  Voice: [],
  Parameters: [],
  MessageHistory: [],
  Message: [],
};
// HttpRequest and AIGather sub-nouns are covered by the Request, Response and AIGather documents.
const COVERED_BY_PARENT = new Set(['Headers', 'Header', 'Key', 'Value', 'Body', 'Type', 'StatusCode', 'Content', 'Field', 'Name', 'Greeting', 'Voice', 'Parameters', 'MessageHistory', 'Message']);

function names(tree: { name: string; children: { name: string }[] }): string[] {
  return [tree.name, ...tree.children.flatMap((c) => names(c as typeof tree))];
}

describe('buildTexml', () => {
  it('when built, then the output is the XML declaration followed by a Response root', () => {
    const xml = buildTexml([{ verb: 'Hangup' }]);
    expect(xml).toBe(`${HEAD}<Hangup/></Response>`);
    expect(parseXml(xml).declaration).toEqual({ version: '1.0', encoding: 'UTF-8' });
  });

  it('when there are no verbs, then the document is an empty Response', () => {
    expect(buildTexml([])).toBe(`${HEAD}</Response>`);
  });

  it.each([...TEXML_VERB_NAMES, ...TEXML_NOUN_NAMES].filter((n) => !COVERED_BY_PARENT.has(n)))(
    'when a minimal valid %s document is built, then it parses and holds the element',
    (name) => {
      const xml = buildTexml(MINIMAL[name]);
      expect(names(parseXml(xml).root)).toContain(name);
    },
  );

  it('when every sub-noun of HttpRequest and AIGather is used, then each appears in the output', () => {
    const all = [...MINIMAL.Request, ...MINIMAL.Response, ...MINIMAL.AIGather].flatMap((n) => names(parseXml(buildTexml([n])).root));
    for (const noun of COVERED_BY_PARENT) expect(all).toContain(noun);
  });

  it('when attributes are booleans, numbers or undefined, then they serialise as "true"/"false", decimals, or are omitted', () => {
    const xml = buildTexml([
      { verb: 'Record', attributes: { playBeep: false, transcription: true, maxLength: 120, action: undefined, timeout: 0 } },
      { verb: 'Say', attributes: { voiceSpeed: 1.25, voice: 'man' }, text: 'x' },
    ]);
    expect(xml).toBe(`${HEAD}<Record playBeep="false" transcription="true" maxLength="120" timeout="0"/><Say voiceSpeed="1.25" voice="man">x</Say></Response>`);
  });

  it('when integers and booleans arrive as strings from YAML, then they are accepted and written the same way', () => {
    expect(buildTexml([{ verb: 'Record', attributes: { maxLength: '60', playBeep: 'true' } }])).toBe(
      `${HEAD}<Record maxLength="60" playBeep="true"/></Response>`,
    );
  });

  it('when a space-separated list attribute has extra spaces, then it is written single-spaced', () => {
    const xml = buildTexml([
      { verb: 'Dial', children: [{ verb: 'Number', attributes: { statusCallbackEvent: ' answered   completed ' }, text: '+1' }] },
    ]);
    expect(xml).toContain('statusCallbackEvent="answered completed"');
  });

  it('when two documents share a shape, then each gets its own values (the shape cache holds no values)', () => {
    const doc = (text: string, voice: string): TexmlNode[] => [{ verb: 'Say', attributes: { voice }, text }];
    expect(buildTexml(doc('one', 'man'))).toBe(`${HEAD}<Say voice="man">one</Say></Response>`);
    expect(buildTexml(doc('two & more', 'woman'))).toBe(`${HEAD}<Say voice="woman">two &amp; more</Say></Response>`);
  });

  it('when attributes come in a different order, then the output keeps the given order', () => {
    expect(buildTexml([{ verb: 'Say', attributes: { loop: 2, voice: 'man' }, text: 'x' }])).toContain('<Say loop="2" voice="man">');
    expect(buildTexml([{ verb: 'Say', attributes: { voice: 'man', loop: 2 }, text: 'x' }])).toContain('<Say voice="man" loop="2">');
  });

  it('when text and attributes hold markup, then they are escaped and parse back unchanged', () => {
    const text = `<b>"Tom" & 'Jerry'</b> ]]> \r\n 😀`;
    const url = `https://x.test/a?b=1&c="2"\t<3>\n`;
    const tree = parseXml(buildTexml([{ verb: 'Gather', attributes: { action: url }, children: [{ verb: 'Say', text }] }])).root;
    expect(tree.children[0]?.attributes.action).toBe(url);
    expect(tree.children[0]?.children[0]?.text).toBe(text);
  });

  it('when a JSON body holds "]]>", then it goes out as CDATA and parses back unchanged', () => {
    const body = '{"a":"]]>","b":"<&>"}';
    const xml = buildTexml([{ verb: 'HttpRequest', children: [{ verb: 'Request', attributes: { url: 'https://api' }, children: [{ verb: 'Body', text: body }] }] }]);
    expect(xml).toContain('<Body><![CDATA[');
    expect(parseXml(xml).root.children[0]?.children[0]?.children[0]?.text).toBe(body);
  });
});

describe('buildTexml validation', () => {
  it('when an enumerated attribute has another value, then the error names the verb, the attribute and the allowed values', () => {
    const error = texmlError(() => buildTexml([{ verb: 'Gather', attributes: { input: 'voice' } }]));
    expect(error.message).toBe(`Gather: attribute 'input' must be one of dtmf, speech, "dtmf speech" (got 'voice')`);
    expect(error).toMatchObject({ code: 'TEXML_INVALID', verb: 'Gather', attribute: 'input', allowed: ['dtmf', 'speech', 'dtmf speech'] });
  });

  it.each<[string, TexmlNode[], string, Partial<TexmlError>]>([
    ['Say loop above 10', [{ verb: 'Say', attributes: { loop: 11 }, text: 'x' }], `Say: attribute 'loop' must be an integer from 0 to 10 (got 11)`, { attribute: 'loop', allowed: ['0-10'] }],
    ['Pause length 0', [{ verb: 'Pause', attributes: { length: 0 } }], `Pause: attribute 'length' must be an integer from 1 to 180 (got 0)`, { attribute: 'length' }],
    ['Pause length 1.5', [{ verb: 'Pause', attributes: { length: 1.5 } }], `Pause: attribute 'length' must be an integer from 1 to 180 (got 1.5)`, {}],
    ['Gather timeout 121', [{ verb: 'Gather', attributes: { timeout: 121 } }], `Gather: attribute 'timeout' must be an integer from 1 to 120 (got 121)`, {}],
    ['Dial timeout 4', [{ verb: 'Dial', attributes: { timeout: 4 }, children: [{ verb: 'Number', text: '+1' }] }], `Dial: attribute 'timeout' must be an integer from 5 to 120 (got 4)`, {}],
    ['Dial timeLimit 59', [{ verb: 'Dial', attributes: { timeLimit: 59 }, children: [{ verb: 'Number', text: '+1' }] }], `Dial: attribute 'timeLimit' must be an integer from 60 to 14400 (got 59)`, {}],
    ['Dial record', [{ verb: 'Dial', attributes: { record: 'true' }, children: [{ verb: 'Number', text: '+1' }] }], `Dial: attribute 'record' must be one of do-not-record, record-from-answer, record-from-ringing, record-from-answer-dual, record-from-ringing-dual (got 'true')`, {}],
    ['Conference maxParticipants 251', [{ verb: 'Dial', children: [{ verb: 'Conference', attributes: { maxParticipants: 251 }, text: 'r' }] }], `Conference: attribute 'maxParticipants' must be an integer from 2 to 250 (got 251)`, {}],
    ['Conference beep', [{ verb: 'Dial', children: [{ verb: 'Conference', attributes: { beep: 'always' }, text: 'r' }] }], `Conference: attribute 'beep' must be one of true, false, onEnter, onExit (got 'always')`, {}],
    ['boolean as 1', [{ verb: 'Record', attributes: { playBeep: 1 } }], `Record: attribute 'playBeep' must be one of true, false (got 1)`, {}],
    ['Say voice', [{ verb: 'Say', attributes: { voice: 'robot' }, text: 'x' }], `Say: attribute 'voice' must be man, woman, alice or a provider voice such as Polly.Joanna, Azure.<voice>, ElevenLabs.<model>.<voice>, Telnyx.<model>.<voice> (got 'robot')`, {}],
    ['Play digits', [{ verb: 'Play', attributes: { digits: '12a' } }], `Play: attribute 'digits' must be DTMF digits (0-9, *, #, w) (got '12a')`, {}],
    ['status events', [{ verb: 'Dial', children: [{ verb: 'Number', attributes: { statusCallbackEvent: 'answered hungup' }, text: '+1' }] }], `Number: attribute 'statusCallbackEvent' must be a space-separated list of initiated, ringing, answered, amd, dtmf, completed (got 'answered hungup')`, {}],
    ['Infinity', [{ verb: 'Gather', attributes: { action: Infinity } }], `Gather: attribute 'action' must be text (got Infinity)`, {}],
    ['null attribute', [{ verb: 'Gather', attributes: { action: null as unknown as string } }], `Gather: attribute 'action' must be text (got null)`, {}],
  ])('when %s, then a TexmlError says what is allowed', (_case, nodes, message, fields) => {
    const error = texmlError(() => buildTexml(nodes));
    expect(error.message).toBe(message);
    expect(error).toMatchObject(fields);
  });

  it('when an attribute is unknown, then the error lists the attributes the verb takes', () => {
    const error = texmlError(() => buildTexml([{ verb: 'Pause', attributes: { lenght: 2 } }]));
    expect(error.message).toBe(`Pause: unknown attribute 'lenght' (allowed: length)`);
    expect(error).toMatchObject({ verb: 'Pause', attribute: 'lenght', allowed: ['length'] });
  });

  it('when a TwiML-only attribute is used, then it is unknown too', () => {
    expect(texmlError(() => buildTexml([{ verb: 'Gather', attributes: { method: 'POST' } }])).message).toMatch(/^Gather: unknown attribute 'method'/);
  });

  it.each<[string, TexmlNode[], string, Partial<TexmlError>]>([
    ['a Dial inside a Gather', [{ verb: 'Gather', children: [{ verb: 'Dial', children: [{ verb: 'Number', text: '+1' }] }] }], 'Dial: not allowed inside Gather (Gather accepts Say, Play)', { verb: 'Dial', allowed: ['Say', 'Play'], path: 'Response > Gather[0] > Dial[0]' }],
    ['a Number outside a Dial', [{ verb: 'Number', text: '+1' }], 'Number: not allowed directly in Response (it belongs inside Dial)', { verb: 'Number', allowed: ['Dial'] }],
    ['a Sip outside Dial and Refer', [{ verb: 'Sip', text: 'sip:a@b' }], 'Sip: not allowed directly in Response (it belongs inside Dial or Refer)', {}],
    ['a Recording inside Stop', [{ verb: 'Stop', children: [{ verb: 'Recording' }] }], 'Recording: not allowed inside Stop (Stop accepts Stream, Siprec, Transcription, Suppression)', {}],
    ['a child inside Say', [{ verb: 'Say', text: 'x', children: [{ verb: 'Pause' }] }], 'Pause: not allowed inside Say (Say accepts no child elements)', {}],
    ['a Reject that is not the first verb', [{ verb: 'Say', text: 'x' }, { verb: 'Reject' }], 'Reject: must be the first verb of the document (it is verb 2)', { verb: 'Reject' }],
    ['text inside Pause', [{ verb: 'Pause', text: 'wait' }], `Pause: text is not allowed (got 'wait')`, { verb: 'Pause' }],
    ['a Say without text', [{ verb: 'Say' }], 'Say: text is required', {}],
    ['a Number with empty text', [{ verb: 'Dial', children: [{ verb: 'Number', text: '' }] }], 'Number: text is required', {}],
    ['a Play with neither URL nor digits', [{ verb: 'Play' }], 'Play: needs a URL (text) or digits', {}],
    ['an empty Dial', [{ verb: 'Dial' }], 'Dial: requires at least one of Number, Sip, Queue, Conference', {}],
    ['a Conference with a Number', [{ verb: 'Dial', children: [{ verb: 'Conference', text: 'r' }, { verb: 'Number', text: '+1' }] }], 'Dial: Conference cannot be combined with other nouns', {}],
    ['two Queues', [{ verb: 'Dial', children: [{ verb: 'Queue', text: 'a' }, { verb: 'Queue', text: 'b' }] }], 'Dial: allows at most one Queue (got 2)', {}],
    ['a Refer without Sip', [{ verb: 'Refer' }], 'Refer: requires exactly one Sip (got 0)', {}],
    ['a Connect with two Streams', [{ verb: 'Connect', children: [{ verb: 'Stream' }, { verb: 'Stream' }] }], 'Connect: requires exactly one Stream (got 2)', {}],
    ['an empty Start', [{ verb: 'Start' }], 'Start: requires at least one of Stream, Siprec, Transcription, Suppression, Recording', {}],
    ['a Parameter without value', [{ verb: 'Start', children: [{ verb: 'Stream', children: [{ verb: 'Parameter', attributes: { name: 'a' } }] }] }], `Parameter: attribute 'value' is required`, { attribute: 'value' }],
    ['an AIGather without Parameters', [{ verb: 'AIGather', children: [{ verb: 'Greeting', text: 'Hi' }] }], 'AIGather: requires exactly one Parameters (got 0)', {}],
    ['AIGather Parameters that are not a JSON object', [{ verb: 'AIGather', children: [{ verb: 'Parameters', text: '[1]' }] }], 'Parameters: text must be a JSON object', {}],
    ['a Message with another role', [{ verb: 'AIGather', children: [{ verb: 'Parameters', text: '{}' }, { verb: 'MessageHistory', children: [{ verb: 'Message', attributes: { role: 'system' }, text: 'x' }] }] }], `Message: attribute 'role' must be one of user, assistant (got 'system')`, {}],
    ['an unknown verb', [{ verb: 'Pay' as ElementName }], 'Pay: unknown verb or noun', { verb: 'Pay' }],
    ['a lower-case verb', [{ verb: 'say' as ElementName, text: 'x' }], 'say: unknown verb or noun', {}],
  ])('when %s, then a TexmlError says so', (_case, nodes, message, fields) => {
    const error = texmlError(() => buildTexml(nodes));
    expect(error.message).toBe(message);
    expect(error).toMatchObject(fields);
  });

  it.each([
    ['a NUL in text', [{ verb: 'Say', text: 'a\u0000b' }], 'Say: text contains U+0000 at index 1, which XML 1.0 cannot carry', undefined],
    ['a lone surrogate in text', [{ verb: 'Say', text: 'x\uD83D' }], 'Say: text contains U+D83D at index 1, which XML 1.0 cannot carry', undefined],
    ['U+FFFF in an attribute', [{ verb: 'Gather', attributes: { action: '/a\uFFFF' } }], `Gather: attribute 'action' contains U+FFFF at index 2, which XML 1.0 cannot carry`, 'action'],
    ['a vertical tab in text', [{ verb: 'Redirect', text: '/\u000B' }], 'Redirect: text contains U+000B at index 1, which XML 1.0 cannot carry', undefined],
  ] as [string, TexmlNode[], string, string | undefined][])('when there is %s, then the error names the verb and attribute', (_case, nodes, message, attribute) => {
    const error = texmlError(() => buildTexml(nodes));
    expect(error.message).toBe(message);
    expect(error.attribute).toBe(attribute);
  });

  it('when the data is not shaped like nodes, then the error says what was expected', () => {
    expect(texmlError(() => buildTexml('Say' as unknown as TexmlNode[])).message).toBe(`Response: expected a list of verbs (got 'Say')`);
    expect(texmlError(() => buildTexml([null as unknown as TexmlNode])).message).toBe('Response: expected an element (got null)');
    expect(texmlError(() => buildTexml([{ verb: 'Say', text: 5 as unknown as string }])).message).toBe('Say: text must be a string (got 5)');
    expect(texmlError(() => buildTexml([{ verb: 'Gather', children: {} as TexmlNode[] }])).message).toBe('Gather: children must be a list (got object)');
  });

  it('when a template slot reaches buildTexml, then it is refused', () => {
    expect(texmlError(() => buildTexml([{ verb: 'Say', text: texmlSlot('x') as unknown as string }])).message).toBe(
      'Say: text is a template slot outside a template',
    );
  });
});

describe('TeXML fragments', () => {
  it('when fragments are joined, then they make one document in order', () => {
    const greeting = buildTexmlFragment([{ verb: 'Say', text: 'Hi' }]);
    const menu = buildTexmlFragment([{ verb: 'Pause', attributes: { length: 1 } }, { verb: 'Hangup' }]);
    expect(menu.verbCount).toBe(2);
    expect(joinTexmlFragments([greeting, menu])).toBe(`${HEAD}<Say>Hi</Say><Pause length="1"/><Hangup/></Response>`);
    expect(joinTexmlFragments([])).toBe(`${HEAD}</Response>`);
  });

  it('when a Reject fragment follows verbs, then joining fails; after an empty fragment it is fine', () => {
    const reject = buildTexmlFragment([{ verb: 'Reject' }]);
    expect(texmlError(() => joinTexmlFragments([buildTexmlFragment([{ verb: 'Hangup' }]), reject])).message).toBe(
      'Reject: must be the first verb of the document (it is verb 2)',
    );
    expect(joinTexmlFragments([buildTexmlFragment([]), reject])).toBe(`${HEAD}<Reject/></Response>`);
  });
});
