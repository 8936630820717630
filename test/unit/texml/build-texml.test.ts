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
        { verb: 'InterruptionSettings', attributes: { enable: true } },
        { verb: 'Transcription', attributes: { model: 'deepgram/nova-3' } },
        { verb: 'Assistant', attributes: { model: 'openai/gpt-4', instructions: 'Be brief.' }, children: [{ verb: 'Tools', children: [{ verb: 'Tool', text: '{"type":"hangup"}' }] }] },
      ],
    },
  ],
  Greeting: [],
  Voice: [],
  Parameters: [],
  MessageHistory: [],
  Message: [],
  InterruptionSettings: [],
  Assistant: [],
  Tools: [],
  Tool: [],
  Pay: [
    {
      verb: 'Pay',
      attributes: { action: '/paid', paymentConnector: 'main', chargeAmount: '10.50', transactionType: 'charge', validCardTypes: 'visa amex', maxAttempts: 3 },
      children: [
        { verb: 'Prompt', attributes: { for: 'payment-card-number' }, children: [{ verb: 'Say', text: 'Enter your card number.' }] },
        { verb: 'Parameter', attributes: { name: 'order', value: '42' } },
      ],
    },
  ],
  Prompt: [],
  AIAssistant: [{ verb: 'Connect', attributes: { action: '/after' }, children: [{ verb: 'AIAssistant', attributes: { id: 'assistant-1' } }] }],
  ConversationRelay: [
    {
      verb: 'Connect',
      children: [
        {
          verb: 'ConversationRelay',
          attributes: { url: 'wss://relay', welcomeGreeting: 'Hi', interruptible: 'speech', dtmfDetection: true },
          children: [
            { verb: 'Language', attributes: { code: 'fr', ttsProvider: 'telnyx', speechModel: 'nova-3' } },
            { verb: 'Parameter', attributes: { name: 'customer', value: '7' } },
          ],
        },
      ],
    },
  ],
  Language: [],
};
// Sub-nouns covered by the Request, Response, AIGather, Pay and ConversationRelay documents.
const COVERED_BY_PARENT = new Set([
  'Headers', 'Header', 'Key', 'Value', 'Body', 'Type', 'StatusCode', 'Content', 'Field', 'Name', 'Greeting', 'Voice', 'Parameters',
  'MessageHistory', 'Message', 'InterruptionSettings', 'Assistant', 'Tools', 'Tool', 'Prompt', 'Language',
]);

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

  it('when every sub-noun of HttpRequest, AIGather, Pay and ConversationRelay is used, then each appears in the output', () => {
    const all = [...MINIMAL.Request, ...MINIMAL.Response, ...MINIMAL.AIGather, ...MINIMAL.Pay, ...MINIMAL.ConversationRelay].flatMap((n) => names(parseXml(buildTexml([n])).root));
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
    ['status events', [{ verb: 'Dial', children: [{ verb: 'Sip', attributes: { statusCallbackEvent: 'answered hungup' }, text: 'sip:a@b' }] }], `Sip: attribute 'statusCallbackEvent' must be a space-separated list of initiated, ringing, answered, amd, dtmf, completed (got 'answered hungup')`, {}],
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
    ['text inside Pause', [{ verb: 'Pause', text: 'wait' }], `Pause: text is not allowed (got 'wait')`, { verb: 'Pause' }],
    ['a Say without text', [{ verb: 'Say' }], 'Say: text is required', {}],
    ['a Number with empty text', [{ verb: 'Dial', children: [{ verb: 'Number', text: '' }] }], 'Number: text is required', {}],
    ['a Play with neither URL nor digits', [{ verb: 'Play' }], 'Play: needs a URL (text) or digits', {}],
    ['an empty Dial', [{ verb: 'Dial' }], 'Dial: requires at least one of Number, Sip, Queue, Conference', {}],
    ['a Conference with a Number', [{ verb: 'Dial', children: [{ verb: 'Conference', text: 'r' }, { verb: 'Number', text: '+1' }] }], 'Dial: Conference cannot be combined with other nouns', {}],
    ['two Queues', [{ verb: 'Dial', children: [{ verb: 'Queue', text: 'a' }, { verb: 'Queue', text: 'b' }] }], 'Dial: allows at most one Queue (got 2)', {}],
    ['a Refer without Sip', [{ verb: 'Refer' }], 'Refer: requires exactly one Sip (got 0)', {}],
    ['a Connect with two Streams', [{ verb: 'Connect', children: [{ verb: 'Stream' }, { verb: 'Stream' }] }], 'Connect: allows at most one Stream (got 2)', {}],
    ['an empty Start', [{ verb: 'Start' }], 'Start: requires at least one of Stream, Siprec, Transcription, Suppression, Recording', {}],
    ['a Parameter without value', [{ verb: 'Start', children: [{ verb: 'Stream', children: [{ verb: 'Parameter', attributes: { name: 'a' } }] }] }], `Parameter: attribute 'value' is required`, { attribute: 'value' }],
    ['an AIGather without Parameters', [{ verb: 'AIGather', children: [{ verb: 'Greeting', text: 'Hi' }] }], 'AIGather: requires exactly one Parameters (got 0)', {}],
    ['AIGather Parameters that are not a JSON object', [{ verb: 'AIGather', children: [{ verb: 'Parameters', text: '[1]' }] }], 'Parameters: text must be a JSON object', {}],
    ['a Message with another role', [{ verb: 'AIGather', children: [{ verb: 'Parameters', text: '{}' }, { verb: 'MessageHistory', children: [{ verb: 'Message', attributes: { role: 'system' }, text: 'x' }] }] }], `Message: attribute 'role' must be one of user, assistant (got 'system')`, {}],
    ['an unknown verb', [{ verb: 'Client' as ElementName }], 'Client: unknown verb or noun', { verb: 'Client' }],
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

  it('when a Reject fragment follows verbs, then the document holds it where it stands (Telnyx hangs up there)', () => {
    const reject = buildTexmlFragment([{ verb: 'Reject' }]);
    expect(joinTexmlFragments([buildTexmlFragment([{ verb: 'Say', text: 'Bye' }]), reject])).toBe(`${HEAD}<Say>Bye</Say><Reject/></Response>`);
    expect(joinTexmlFragments([buildTexmlFragment([]), reject])).toBe(`${HEAD}<Reject/></Response>`);
  });
});

/** The verbs, nouns and attributes taken from Telnyx's verb pages in the second pass (issue 11 item 8). */
describe('documented TeXML: Stream, Pay, Connect services, AIGather children, Dial/Number/Sip/Conference/Record attributes', () => {
  const dial = (attributes: Record<string, string | number | boolean>): TexmlNode[] => [{ verb: 'Dial', attributes, children: [{ verb: 'Number', text: '+13125550001' }] }];
  const leg = (verb: 'Number' | 'Sip', attributes: Record<string, string | number | boolean>): TexmlNode[] => [
    { verb: 'Dial', children: [{ verb, attributes, text: verb === 'Number' ? '+13125550001' : 'sip:a@b.c' }] },
  ];
  const conference = (attributes: Record<string, string | number | boolean>): TexmlNode[] => [{ verb: 'Dial', children: [{ verb: 'Conference', attributes, text: 'room' }] }];
  const connect = (child: TexmlNode, attributes?: Record<string, string>): TexmlNode[] => [{ verb: 'Connect', ...(attributes ? { attributes } : {}), children: [child] }];
  const relay = (attributes: Record<string, string | boolean>, children?: TexmlNode[]): TexmlNode[] =>
    connect({ verb: 'ConversationRelay', attributes, ...(children ? { children } : {}) });
  const aiGather = (children: TexmlNode[]): TexmlNode[] => [{ verb: 'AIGather', children: [{ verb: 'Parameters', text: '{}' }, ...children] }];

  it.each<[string, TexmlNode[], string]>([
    ['Stream enableReconnect and Parameters', [{ verb: 'Start', children: [{ verb: 'Stream', attributes: { url: 'wss://s', enableReconnect: false }, children: [{ verb: 'Parameter', attributes: { name: 'token', value: '{{#secret}}api{{/secret}}' } }] }] }], '<Start><Stream url="wss://s" enableReconnect="false"><Parameter name="token" value="{{#secret}}api{{/secret}}"/></Stream></Start>'],
    ['Dial sendRecordingUrl, audioUrl and AMD thresholds', dial({ sendRecordingUrl: false, audioUrl: 'https://x/ring.mp3', machineDetectionSpeechThreshold: 2400, machineDetectionSpeechEndThreshold: 1200, machineDetectionSilenceTimeout: 5000, passDiversionHeader: true }), '<Dial sendRecordingUrl="false" audioUrl="https://x/ring.mp3" machineDetectionSpeechThreshold="2400" machineDetectionSpeechEndThreshold="1200" machineDetectionSilenceTimeout="5000" passDiversionHeader="true"><Number>+13125550001</Number></Dial>'],
    ['Dial ringTone us-old', dial({ ringTone: 'us-old' }), '<Dial ringTone="us-old">'],
    ['Number AMD tuning, region and deepfake', leg('Number', { detectionMode: 'PremiumCallScreening', machineDetectionPromptEndTimeout: 1000, machineDetectionBeepProfile: 'freq_only', amdStatusCallback: '/amd', sipRegion: 'Middle East', deepfakeDetection: 'Enable', statusCallbackEvent: 'amd deepfake' }), '<Number detectionMode="PremiumCallScreening" machineDetectionPromptEndTimeout="1000" machineDetectionBeepProfile="freq_only" amdStatusCallback="/amd" sipRegion="Middle East" deepfakeDetection="Enable" statusCallbackEvent="amd deepfake">'],
    ['Sip AMD callback and region', leg('Sip', { amdStatusCallback: '/amd', sipRegion: 'Europe', machineDetectionBeepProfile: 'both' }), '<Sip amdStatusCallback="/amd" sipRegion="Europe" machineDetectionBeepProfile="both">'],
    ['Conference recordingTimeout and sendRecordingUrl', conference({ recordingTimeout: 0, sendRecordingUrl: true }), '<Conference recordingTimeout="0" sendRecordingUrl="true">room</Conference>'],
    ['Record transcriptionLanguage', [{ verb: 'Record', attributes: { transcription: true, transcriptionLanguage: 'es-MX', transcriptionEngine: 'Deepgram', transcriptionModel: 'deepgram/nova-3' } }], '<Record transcription="true" transcriptionLanguage="es-MX" transcriptionEngine="Deepgram" transcriptionModel="deepgram/nova-3"/>'],
    ['Pay with a prompt and a parameter', MINIMAL.Pay, '<Pay action="/paid" paymentConnector="main" chargeAmount="10.50" transactionType="charge" validCardTypes="visa amex" maxAttempts="3"><Prompt for="payment-card-number"><Say>Enter your card number.</Say></Prompt><Parameter name="order" value="42"/></Pay>'],
    ['a bare Pay (every attribute optional)', [{ verb: 'Pay' }], '<Pay/>'],
    ['Connect with an action and an AIAssistant', connect({ verb: 'AIAssistant', attributes: { join: 'v3:abc', participantName: 'John', participantRole: 'user' } }, { action: '/after', method: 'POST' }), '<Connect action="/after" method="POST"><AIAssistant join="v3:abc" participantName="John" participantRole="user"/></Connect>'],
    ['ConversationRelay with background audio', relay({ url: 'wss://r', backgroundAudioType: 'media_url', backgroundAudioValue: 'https://x/a.mp3', welcomeGreetingInterruptible: 'false' }), '<ConversationRelay url="wss://r" backgroundAudioType="media_url" backgroundAudioValue="https://x/a.mp3" welcomeGreetingInterruptible="false"/>'],
    ['AIGather Tools directly (the page table) and a Tool as CDATA', aiGather([{ verb: 'Tools', children: [{ verb: 'Tool', text: '{"type":"hangup","hangup":{"description":"Hang up."}}' }] }]), '<Tools><Tool><![CDATA[{"type":"hangup","hangup":{"description":"Hang up."}}]]></Tool></Tools>'],
    ['AIGather InterruptionSettings, Transcription and Assistant (the page example)', aiGather([{ verb: 'InterruptionSettings', attributes: { enable: true } }, { verb: 'Transcription', attributes: { model: 'some_model' } }, { verb: 'Assistant', attributes: { model: 'openai/gpt-4', api_key_ref: 'k', instructions: 'Help.' } }]), '<InterruptionSettings enable="true"/><Transcription model="some_model"/><Assistant model="openai/gpt-4" api_key_ref="k" instructions="Help."/>'],
    ['a Reject after other verbs (Telnyx hangs up there)', [{ verb: 'Say', text: 'x' }, { verb: 'Reject', attributes: { reason: 'busy' } }], '<Say>x</Say><Reject reason="busy"/>'],
  ])('when %s, then it is accepted as documented', (_case, nodes, xml) => {
    const out = buildTexml(nodes);
    expect(out).toContain(xml);
    parseXml(out);
  });

  it.each<[string, TexmlNode[], string]>([
    ['Stream enableReconnect "yes"', [{ verb: 'Start', children: [{ verb: 'Stream', attributes: { url: 'wss://s', enableReconnect: 'yes' } }] }], `Stream: attribute 'enableReconnect' must be one of true, false (got 'yes')`],
    ['a Stream Parameter without name', [{ verb: 'Start', children: [{ verb: 'Stream', children: [{ verb: 'Parameter', attributes: { value: 'v' } }] }] }], `Parameter: attribute 'name' is required`],
    ['Dial sendRecordingUrl 1', dial({ sendRecordingUrl: 1 }), `Dial: attribute 'sendRecordingUrl' must be one of true, false (got 1)`],
    ['Dial ringTone xx', dial({ ringTone: 'xx' }), `Dial: attribute 'ringTone' must be one of at, au, bg, br, be, ch, cl, cn, cz, de, dk, ee, es, fi, fr, gr, hu, il, in, it, lt, jp, mx, my, nl, no, nz, ph, pl, pt, ru, se, sg, th, tw, ve, za, us, us-old, uk (got 'xx')`],
    ['Dial machineDetectionSilenceTimeout -1', dial({ machineDetectionSilenceTimeout: -1 }), `Dial: attribute 'machineDetectionSilenceTimeout' must be an integer 0 or more (got -1)`],
    ['Number machineDetectionPromptEndTimeout 999', leg('Number', { machineDetectionPromptEndTimeout: 999 }), `Number: attribute 'machineDetectionPromptEndTimeout' must be an integer from 1000 to 120000 (got 999)`],
    ['Number machineDetectionBeepProfile amp_only', leg('Number', { machineDetectionBeepProfile: 'amp_only' }), `Number: attribute 'machineDetectionBeepProfile' must be one of both, freq_only (got 'amp_only')`],
    ['Sip deepfakeDetection (Number only)', leg('Sip', { deepfakeDetection: 'Enable' }), `Sip: unknown attribute 'deepfakeDetection' (allowed: url, method, statusCallback, statusCallbackMethod, statusCallbackEvent, machineDetection, detectionMode, machineDetectionTimeout, machineDetectionPromptEndTimeout, machineDetectionBeepProfile, amdStatusCallback, sipRegion, username, password)`],
    ['Sip sipRegion Asia', leg('Sip', { sipRegion: 'Asia' }), `Sip: attribute 'sipRegion' must be one of US, Europe, Canada, Australia, "Middle East" (got 'Asia')`],
    ['Conference recordingTimeout 14401', conference({ recordingTimeout: 14401 }), `Conference: attribute 'recordingTimeout' must be an integer from 0 to 14400 (got 14401)`],
    ['Record transcriptionLanguage english', [{ verb: 'Record', attributes: { transcriptionLanguage: 'english!' } }], `Record: attribute 'transcriptionLanguage' must be a language tag such as en-US (got 'english!')`],
    ['Pay chargeAmount 10.505', [{ verb: 'Pay', attributes: { chargeAmount: '10.505' } }], `Pay: attribute 'chargeAmount' must be an amount such as 10.50 (got '10.505')`],
    ['Pay currency EUR', [{ verb: 'Pay', attributes: { currency: 'EUR' } }], `Pay: attribute 'currency' must be one of USD (got 'EUR')`],
    ['Pay paymentMethod paypal', [{ verb: 'Pay', attributes: { paymentMethod: 'paypal' } }], `Pay: attribute 'paymentMethod' must be one of credit-card, ach-debit (got 'paypal')`],
    ['Pay maxAttempts 4', [{ verb: 'Pay', attributes: { maxAttempts: 4 } }], `Pay: attribute 'maxAttempts' must be an integer from 1 to 3 (got 4)`],
    ['Pay validCardTypes unionpay', [{ verb: 'Pay', attributes: { validCardTypes: 'visa unionpay' } }], `Pay: attribute 'validCardTypes' must be a space-separated list of visa, mastercard, amex, maestro, discover, optima, jcb, diners-club, enroute (got 'visa unionpay')`],
    ['a Prompt without for', [{ verb: 'Pay', children: [{ verb: 'Prompt', children: [{ verb: 'Say', text: 'x' }] }] }], `Prompt: attribute 'for' is required`],
    ['a Prompt with a Play', [{ verb: 'Pay', children: [{ verb: 'Prompt', attributes: { for: 'x' }, children: [{ verb: 'Play', text: 'https://a' }] }] }], 'Play: not allowed inside Prompt (Prompt accepts Say)'],
    ['a Pay inside a Gather', [{ verb: 'Gather', children: [{ verb: 'Pay' }] }], 'Pay: not allowed inside Gather (Gather accepts Say, Play)'],
    ['an AIAssistant outside Connect', [{ verb: 'AIAssistant', attributes: { id: 'a' } }], 'AIAssistant: not allowed directly in Response (it belongs inside Connect)'],
    ['an AIAssistant with neither id nor join', connect({ verb: 'AIAssistant', attributes: { participantName: 'x' } }), 'AIAssistant: needs id (an assistant to start) or join (a conversation to join)'],
    ['an AIAssistant participantRole agent', connect({ verb: 'AIAssistant', attributes: { id: 'a', participantRole: 'agent' } }), `AIAssistant: attribute 'participantRole' must be one of user, assistant (got 'agent')`],
    ['a Connect with an AIAssistant and a Stream', [{ verb: 'Connect', children: [{ verb: 'AIAssistant', attributes: { id: 'a' } }, { verb: 'Stream', attributes: { url: 'wss://s' } }] }], 'Connect: Stream cannot be combined with other nouns'],
    ['an empty Connect', [{ verb: 'Connect' }], 'Connect: requires at least one of Stream, AIAssistant, ConversationRelay'],
    ['a ConversationRelay without url', relay({ welcomeGreeting: 'Hi' }), `ConversationRelay: attribute 'url' is required`],
    ['ConversationRelay interruptible always', relay({ url: 'wss://r', interruptible: 'always' }), `ConversationRelay: attribute 'interruptible' must be one of none, any, speech, dtmf, true, false (got 'always')`],
    ['a background audio type without value', relay({ url: 'wss://r', backgroundAudioType: 'media_url' }), 'ConversationRelay: needs backgroundAudioType and backgroundAudioValue together'],
    ['a Language without code', relay({ url: 'wss://r' }, [{ verb: 'Language', attributes: { voice: 'v' } }]), `Language: attribute 'code' is required`],
    ['a Tool that is not JSON', aiGather([{ verb: 'Tools', children: [{ verb: 'Tool', text: 'hangup' }] }]), 'Tool: text must be a JSON object'],
    ['empty Tools', aiGather([{ verb: 'Tools' }]), 'Tools: requires at least one Tool'],
    ['InterruptionSettings enable on', aiGather([{ verb: 'InterruptionSettings', attributes: { enable: 'on' } }]), `InterruptionSettings: attribute 'enable' must be one of true, false (got 'on')`],
  ])('when %s, then a TexmlError says so', (_case, nodes, message) => {
    expect(texmlError(() => buildTexml(nodes)).message).toBe(message);
  });
});
