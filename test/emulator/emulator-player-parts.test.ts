import { createPublicKey, verify } from 'node:crypto';
import { ManualClock, OffsetClock, parseCallScript, parseTexmlDocument, TexmlDocumentError, VirtualScheduler, WebhookSigner } from '../../src/emulator';

describe('emulator call player: parts', () => {
  describe('parseTexmlDocument', () => {
    it('when the document is well-formed, then verbs keep their order, attributes are decoded and text is trimmed', () => {
      const root = parseTexmlDocument('<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say voice="alice">Tom &amp; Jerry</Say>\n  <Gather action="/a?x=1&amp;y=2"><Say>In</Say></Gather><Pause/>\n</Response>');
      expect(root.children.map((c) => c.name)).toEqual(['Say', 'Gather', 'Pause']);
      expect(root.children[0]).toMatchObject({ attributes: { voice: 'alice' }, text: 'Tom & Jerry' });
      expect(root.children[1]!.attributes.action).toBe('/a?x=1&y=2');
      expect(root.children[1]!.children[0]!.text).toBe('In');
    });

    it.each([
      ['<Response><Say>x</Response>', '</Response> closes <Say> (line 1, column 17)'],
      ['<Response><Say>x</Say>', '<Response> is never closed'],
      ['<Response></Response><Response/>', 'a second root element <Response>'],
      ['<Response><Say a=1>x</Say></Response>', 'the value of a must be quoted'],
      ['<Response><Say>Tom & Jerry</Say></Response>', "a bare '&' (write &amp;)"],
      ['<Response><Say a="1" a="2">x</Say></Response>', 'has the attribute a twice'],
      ['hello <Response/>', 'text outside the root element'],
      ['<!DOCTYPE x><Response/>', 'DOCTYPE and other declarations are not allowed'],
      ['', 'the answer is empty'],
      ['<Play>x</Play>', 'the root element is <Play>, not <Response>'],
    ])('when the answer is %j, then it is refused: %s', (xml, message) => {
      expect(() => parseTexmlDocument(xml)).toThrow(TexmlDocumentError);
      expect(() => parseTexmlDocument(xml)).toThrow(message);
    });

    it('when CDATA and comments appear, then they are accepted', () => {
      expect(parseTexmlDocument('<Response><!-- hi --><Say><![CDATA[a < b]]></Say></Response>').children[0]!.text).toBe('a < b');
    });
  });

  describe('VirtualScheduler', () => {
    it('when every task waits, then time jumps to the earliest wake-up and the tasks run in time order', async () => {
      const clock = new ManualClock(0);
      const scheduler = new VirtualScheduler(clock);
      const order: string[] = [];
      const task = async (name: string, ms: number) => {
        scheduler.enter();
        await scheduler.wait(ms).promise;
        order.push(`${name}@${clock.now()}`);
        scheduler.exit();
      };
      await Promise.all([task('late', 5000), task('early', 1000), task('middle', 3000)]);
      expect(order).toEqual(['early@1000', 'middle@3000', 'late@5000']);
    });

    it('when a task is busy (an HTTP request), then time does not move for the others', async () => {
      const clock = new ManualClock(0);
      const scheduler = new VirtualScheduler(clock);
      let release!: () => void;
      const busyWork = new Promise<void>((resolve) => (release = resolve));
      scheduler.enter();
      const sleeper = (async () => {
        scheduler.enter();
        await scheduler.wait(60_000).promise;
        scheduler.exit();
      })();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(clock.now()).toBe(0);
      expect(scheduler.waitingTasks).toBe(1);
      release();
      await busyWork;
      scheduler.exit();
      await sleeper;
      expect(clock.now()).toBe(60_000);
    });

    it('when a waiting task is woken, then its wait ends early and time stays where it was', async () => {
      const clock = new ManualClock(0);
      const scheduler = new VirtualScheduler(clock);
      scheduler.enter();
      const waiter = scheduler.wait(undefined);
      waiter.wake();
      await expect(waiter.promise).resolves.toBe('woken');
      scheduler.exit();
      expect(clock.now()).toBe(0);
    });

    it('when the clock cannot be moved (the wall clock), then an offset clock runs ahead by the simulated time', () => {
      const base = { now: () => 1_000 };
      const clock = new OffsetClock(base);
      clock.advance(2_500);
      expect(clock.now()).toBe(3_500);
      expect(() => clock.advance(-1)).toThrow(RangeError);
    });
  });

  describe('call scripts', () => {
    it('when a script uses the short forms, then they become the normalised actions', () => {
      const script = parseCallScript({
        answered_by: 'machine_start',
        caller: ['silence', { press: 12 }, { say: 'sales' }, { record: 20 }, { queue: 'timeout' }, { conference: 'until-end' }, 'hangup'],
        dial: { '+13125550111': 'busy', '*': { talk: 5 } },
      });
      expect(script.answeredBy).toBe('machine_start');
      expect(script.actions).toEqual([
        { kind: 'silence' },
        { kind: 'press', digits: '12' },
        { kind: 'say', text: 'sales', confidence: 0.92 },
        { kind: 'record', seconds: 20, transcript: undefined, end: undefined },
        { kind: 'queue', result: 'timeout', afterSeconds: undefined, talkSeconds: 60, agent: undefined },
        { kind: 'conference', staySeconds: undefined },
        { kind: 'hangup' },
      ]);
      expect(script.dial).toEqual({
        '+13125550111': { status: 'busy', ringSeconds: 4, talkSeconds: 30, hangupBy: 'callee' },
        '*': { status: 'answered', ringSeconds: 4, talkSeconds: 5, hangupBy: 'callee' },
      });
    });

    it('when a script has an unknown action, then parsing fails', () => {
      expect(() => parseCallScript({ caller: [{ dance: true }] })).toThrow();
      expect(() => parseCallScript({ answered_by: 'robot' })).toThrow();
    });
  });

  describe('WebhookSigner', () => {
    it('when a body is signed, then Node verifies it with the advertised 32-byte public key over timestamp|body', () => {
      const signer = new WebhookSigner();
      const headers = signer.headers('a=1&b=2', 1_700_000_000);
      expect(headers['telnyx-timestamp']).toBe('1700000000');
      const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(signer.publicKeyBase64, 'base64')]), format: 'der', type: 'spki' });
      expect(verify(null, Buffer.from('1700000000|a=1&b=2'), key, Buffer.from(headers['telnyx-signature-ed25519']!, 'base64'))).toBe(true);
      expect(verify(null, Buffer.from('1700000000|a=1&b=3'), key, Buffer.from(headers['telnyx-signature-ed25519']!, 'base64'))).toBe(false);
    });
  });
});
