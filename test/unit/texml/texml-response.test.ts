import { buildTexml, TexmlError, TexmlResponse } from '../../../src/texml';
import { parseXml } from './xml-tree';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?><Response>';

describe('TexmlResponse', () => {
  it('when the example from the issue is built, then it yields the same document as the data layer', () => {
    const fluent = new TexmlResponse()
      .say('Welcome', { voice: 'Polly.Joanna-Neural', loop: 1 })
      .gather({ action: '/menu', input: 'dtmf speech', timeout: 5, numDigits: 1 }, (g) => g.say('Press 1').play('/beep.mp3'))
      .dial({ timeout: 20, record: 'record-from-answer' }, (d) => d.number('+13125550001', { sendDigits: 'ww1' }));
    expect(fluent.toString()).toBe(
      buildTexml([
        { verb: 'Say', attributes: { voice: 'Polly.Joanna-Neural', loop: 1 }, text: 'Welcome' },
        {
          verb: 'Gather',
          attributes: { action: '/menu', input: 'dtmf speech', timeout: 5, numDigits: 1 },
          children: [
            { verb: 'Say', text: 'Press 1' },
            { verb: 'Play', text: '/beep.mp3' },
          ],
        },
        { verb: 'Dial', attributes: { timeout: 20, record: 'record-from-answer' }, children: [{ verb: 'Number', attributes: { sendDigits: 'ww1' }, text: '+13125550001' }] },
      ]),
    );
  });

  it('when every top-level verb is used, then each appears once in order', () => {
    const xml = new TexmlResponse()
      .reject({ reason: 'busy' })
      .say('a')
      .play(undefined, { digits: '1#' })
      .pause({ length: 1 })
      .gather()
      .dial(undefined, (d) => d.sip('sip:a@b.c', { username: 'u' }))
      .record({ playBeep: false })
      .enqueue('support', { waitUrl: '/wait' })
      .leave()
      .redirect('/next')
      .refer({ action: '/r' }, (r) => r.sip('sip:x@y.z'))
      .start((s) => s.stream({ url: 'wss://s' }, (p) => p.parameter({ name: 'k', value: 'v' })).siprec({ connectorName: 'c' }).transcription({ language: 'en' }).suppression({ direction: 'both' }).recording({ format: 'wav' }))
      .stop((s) => s.stream({ name: 's' }).siprec({ name: 'r' }).transcription().suppression())
      .connect((c) => c.stream({ url: 'wss://c', bidirectionalMode: 'rtp', bidirectionalCodec: 'PCMU' }))
      .httpRequest({ async: false, action: '/done' }, (h) =>
        h
          .request({ url: 'https://api', method: 'POST' }, (r) => r.headers((hs) => hs.header('Authorization', 'Bearer x').header('Accept', 'application/json')).body('{"a":1}'))
          .response((r) => r.type('JSON').statusCode(200).content((c) => c.field('contact.name', 'name'))),
      )
      .aiGather({ action: '/ai' }, (a) =>
        a
          .greeting('Hello')
          .voice({ name: 'Telnyx.NaturalHD.astra', voice_speed: 1.2 })
          .parameters({ type: 'object', properties: { age: { type: 'integer' } } })
          .messageHistory((m) => m.message('assistant', 'Name?').message('user', 'Enzo')),
      )
      .hangup()
      .toString();
    const verbs = parseXml(xml).root.children.map((c) => c.name);
    expect(verbs).toEqual(['Reject', 'Say', 'Play', 'Pause', 'Gather', 'Dial', 'Record', 'Enqueue', 'Leave', 'Redirect', 'Refer', 'Start', 'Stop', 'Connect', 'HttpRequest', 'AIGather', 'Hangup']);
    expect(xml).toContain('<Header><Key>Authorization</Key><Value>Bearer x</Value></Header>');
    expect(xml).toContain('<Field><Name>contact.name</Name><Value>name</Value></Field>');
    expect(xml).toContain('<Parameters><![CDATA[{"type":"object","properties":{"age":{"type":"integer"}}}]]></Parameters>');
    expect(xml).toContain('<Message role="user">Enzo</Message>');
    expect(xml).toContain('<StatusCode>200</StatusCode>');
  });

  it('when Dial nouns are used, then Number, Sip, Queue and Conference carry their attributes', () => {
    expect(new TexmlResponse().dial({ callerId: '+1' }, (d) => d.number('+2', { machineDetection: 'Enable' }).sip('sip:a@b')).toString()).toBe(
      `${HEAD}<Dial callerId="+1"><Number machineDetection="Enable">+2</Number><Sip>sip:a@b</Sip></Dial></Response>`,
    );
    expect(new TexmlResponse().dial(undefined, (d) => d.queue('support', { url: '/whisper' })).toString()).toContain('<Queue url="/whisper">support</Queue>');
    expect(new TexmlResponse().dial(undefined, (d) => d.conference('room 1', { beep: false, maxParticipants: 10 })).toString()).toContain(
      '<Conference beep="false" maxParticipants="10">room 1</Conference>',
    );
  });

  it('when a list attribute is given as an array, then it is written space-separated', () => {
    const xml = new TexmlResponse()
      .dial({ recordingStatusCallbackEvent: ['in-progress', 'completed'] }, (d) => d.number('+1', { statusCallbackEvent: ['answered', 'completed'] }))
      .toString();
    expect(xml).toContain('recordingStatusCallbackEvent="in-progress completed"');
    expect(xml).toContain('statusCallbackEvent="answered completed"');
  });

  it('when turned into nodes or a fragment, then the same verbs come out', () => {
    const response = new TexmlResponse().say('Hi').hangup();
    expect(response.toNodes()).toEqual([{ verb: 'Say', text: 'Hi' }, { verb: 'Hangup' }]);
    expect(response.toFragment().xml).toBe('<Say>Hi</Say><Hangup/>');
  });

  it('when the types are bypassed, then the runtime rules still refuse the document', () => {
    const badLength = { length: 200 } as unknown as { length: 1 };
    expect(() => new TexmlResponse().pause(badLength).toString()).toThrow(TexmlError);
    expect(new TexmlResponse().say('x').reject().toString()).toBe(`${HEAD}<Say>x</Say><Reject/></Response>`);
  });
});

// Compile-time checks: tsc (npm run lint) fails if any of these lines stops being an error.
// Never called; jest only sees that the function exists.
describe('TexmlResponse: Pay and the Connect services', () => {
  it('when Pay, Connect AIAssistant/ConversationRelay and AIGather tools are built fluently, then the XML is what the rules accept', () => {
    const xml = new TexmlResponse()
      .pay({ chargeAmount: '5.00', validCardTypes: ['visa', 'amex'] }, (p) => p.prompt({ for: 'payment-card-number' }, (q) => q.say('Card number?')).parameter({ name: 'o', value: '1' }))
      .connect((c) => c.aiAssistant({ id: 'a1' }), { action: '/after' })
      .connect((c) => c.conversationRelay({ url: 'wss://r' }, (r) => r.language({ code: 'en' }).parameter({ name: 'k', value: 'v' })))
      .aiGather({}, (a) => a.parameters({}).assistant({ model: 'm' }, (s) => s.tools((t) => t.tool({ type: 'hangup' }))).interruptionSettings({ enable: false }))
      .toString();
    expect(xml).toBe(
      `${HEAD}<Pay chargeAmount="5.00" validCardTypes="visa amex"><Prompt for="payment-card-number"><Say>Card number?</Say></Prompt><Parameter name="o" value="1"/></Pay>` +
        '<Connect action="/after"><AIAssistant id="a1"/></Connect>' +
        '<Connect><ConversationRelay url="wss://r"><Language code="en"/><Parameter name="k" value="v"/></ConversationRelay></Connect>' +
        '<AIGather><Parameters><![CDATA[{}]]></Parameters><Assistant model="m"><Tools><Tool><![CDATA[{"type":"hangup"}]]></Tool></Tools></Assistant><InterruptionSettings enable="false"/></AIGather></Response>',
    );
  });
});

export function typeChecksThatMustFail(): void {
  const r = new TexmlResponse();
  // @ts-expect-error a Dial inside a Gather does not compile
  r.gather({}, (g) => g.dial());
  // @ts-expect-error a Number outside a Dial does not compile
  r.number('+1');
  // @ts-expect-error Pause length is 1-180
  r.pause({ length: 200 });
  // @ts-expect-error Say loop is 0-10
  r.say('x', { loop: 11 });
  // @ts-expect-error Gather input is dtmf, speech or "dtmf speech"
  r.gather({ input: 'voice' });
  // @ts-expect-error Dial timeout is 5-120
  r.dial({ timeout: 3 }, (d) => d.number('+1'));
  // @ts-expect-error Conference beep is true, false, onEnter or onExit
  r.dial({}, (d) => d.conference('room', { beep: 'always' }));
  // @ts-expect-error Say voice must be a known voice form
  r.say('x', { voice: 'robot' });
  // @ts-expect-error Recording exists in Start only
  r.stop((s) => s.recording());
  // @ts-expect-error Connect takes a Stream, an AIAssistant or a ConversationRelay, not a Siprec
  r.connect((c) => c.siprec());
  // @ts-expect-error Pay paymentMethod is credit-card or ach-debit
  r.pay({ paymentMethod: 'paypal' });
  // @ts-expect-error ConversationRelay needs a url
  r.connect((c) => c.conversationRelay({ voice: 'x' }));
  // @ts-expect-error unknown attributes do not compile
  r.pause({ lenght: 2 });
  // @ts-expect-error Parameter needs name and value
  r.start((s) => s.stream({}, (p) => p.parameter({ name: 'x' })));
  // @ts-expect-error Message roles are user and assistant
  r.aiGather({}, (a) => a.messageHistory((m) => m.message('system', 'x')));
}
