/**
 * TeXML builder benchmark: our builder (the data layer) against twilio's VoiceResponse,
 * building the same representative 10-verb document, plus precompiled-template rendering and our
 * builder with its shape cache off (xmlbuilder2 on every build). Contenders are interleaved and
 * rotated each round so drift (GC, JIT, a noisy neighbour) hits all of them; figures are medians.
 *
 *   npx tsx bench/texml-builder.ts [--rounds 9] [--ms 300]
 */
import os from 'node:os';
import twilio from 'twilio';
import { buildTexml, compileTexmlTemplate, texmlSlot, type TexmlNode } from '../src/texml';
import { buildTexmlUncached } from '../src/texml/build-texml';
import { parseXml } from '../test/unit/texml/xml-tree';
import { medianOpsPerSecond, option } from './support/measure';

const ROUNDS = option('rounds', 9);
const ROUND_MS = option('ms', 300);

// Values change every build, as they do per call (caller name, state token in the action URL).
const CALLERS = Array.from({ length: 16 }, (_, i) => `Caller ${i} & Sons <VIP>`);
const TOKENS = Array.from({ length: 16 }, (_, i) => `tok${i}.${'x'.repeat(40)}`);
let turn = 0;
const next = (): { caller: string; token: string } => {
  turn = (turn + 1) & 15;
  return { caller: CALLERS[turn]!, token: TOKENS[turn]! };
};

// The document: 10 verbs, two of them nesting nouns or verbs.
function nodes(caller: string, token: string): TexmlNode[] {
  return [
    { verb: 'Say', attributes: { voice: 'Polly.Joanna-Neural', language: 'en-US' }, text: `Thanks for calling, ${caller}.` },
    {
      verb: 'Gather',
      attributes: { action: `https://example.com/voice/menu?s=${token}&n=1`, input: 'dtmf speech', timeout: 5, numDigits: 1 },
      children: [
        { verb: 'Say', text: 'For sales press 1 or say sales. For support press 2.' },
        { verb: 'Play', text: 'https://cdn.example.com/beep.mp3' },
      ],
    },
    { verb: 'Pause', attributes: { length: 1 } },
    { verb: 'Play', attributes: { loop: 2 }, text: 'https://cdn.example.com/hold.mp3' },
    { verb: 'Say', text: 'Connecting you now.' },
    {
      verb: 'Dial',
      attributes: { action: `https://example.com/voice/dial?s=${token}`, timeout: 20, callerId: '+13125550000', record: 'record-from-answer' },
      children: [
        { verb: 'Number', attributes: { statusCallback: 'https://example.com/status' }, text: '+13125550001' },
        { verb: 'Number', text: '+13125550002' },
      ],
    },
    { verb: 'Record', attributes: { action: `https://example.com/voice/vm?s=${token}`, maxLength: 120, playBeep: true } },
    { verb: 'Say', text: 'Goodbye.' },
    { verb: 'Redirect', attributes: { method: 'POST' }, text: `https://example.com/voice/end?s=${token}` },
    { verb: 'Hangup' },
  ];
}

function theirs(caller: string, token: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.say({ voice: 'Polly.Joanna-Neural', language: 'en-US' }, `Thanks for calling, ${caller}.`);
  const g = r.gather({ action: `https://example.com/voice/menu?s=${token}&n=1`, input: ['dtmf', 'speech'], timeout: 5, numDigits: 1 });
  g.say('For sales press 1 or say sales. For support press 2.');
  g.play('https://cdn.example.com/beep.mp3');
  r.pause({ length: 1 });
  r.play({ loop: 2 }, 'https://cdn.example.com/hold.mp3');
  r.say('Connecting you now.');
  const d = r.dial({ action: `https://example.com/voice/dial?s=${token}`, timeout: 20, callerId: '+13125550000', record: 'record-from-answer' });
  d.number({ statusCallback: 'https://example.com/status' }, '+13125550001');
  d.number('+13125550002');
  r.record({ action: `https://example.com/voice/vm?s=${token}`, maxLength: 120, playBeep: true });
  r.say('Goodbye.');
  r.redirect({ method: 'POST' }, `https://example.com/voice/end?s=${token}`);
  r.hangup();
  return r.toString();
}

// The flow compiler's path: the same document compiled once, the per-call values as slots.
const template = compileTexmlTemplate([
  { verb: 'Say', attributes: { voice: 'Polly.Joanna-Neural', language: 'en-US' }, text: texmlSlot('greeting') },
  {
    verb: 'Gather',
    attributes: { action: texmlSlot('menu'), input: 'dtmf speech', timeout: 5, numDigits: 1 },
    children: [
      { verb: 'Say', text: 'For sales press 1 or say sales. For support press 2.' },
      { verb: 'Play', text: 'https://cdn.example.com/beep.mp3' },
    ],
  },
  { verb: 'Pause', attributes: { length: 1 } },
  { verb: 'Play', attributes: { loop: 2 }, text: 'https://cdn.example.com/hold.mp3' },
  { verb: 'Say', text: 'Connecting you now.' },
  {
    verb: 'Dial',
    attributes: { action: texmlSlot('dial'), timeout: 20, callerId: '+13125550000', record: 'record-from-answer' },
    children: [
      { verb: 'Number', attributes: { statusCallback: 'https://example.com/status' }, text: '+13125550001' },
      { verb: 'Number', text: '+13125550002' },
    ],
  },
  { verb: 'Record', attributes: { action: texmlSlot('vm'), maxLength: 120, playBeep: true } },
  { verb: 'Say', text: 'Goodbye.' },
  { verb: 'Redirect', attributes: { method: 'POST' }, text: texmlSlot('end') },
  { verb: 'Hangup' },
]);
function rendered(caller: string, token: string): string {
  return template.render({
    greeting: `Thanks for calling, ${caller}.`,
    menu: `https://example.com/voice/menu?s=${token}&n=1`,
    dial: `https://example.com/voice/dial?s=${token}`,
    vm: `https://example.com/voice/vm?s=${token}`,
    end: `https://example.com/voice/end?s=${token}`,
  });
}

const contenders: [string, (caller: string, token: string) => string][] = [
  ['ours, data layer (buildTexml)', (c, t) => buildTexml(nodes(c, t))],
  ['twilio VoiceResponse', theirs],
  ['ours, template render', rendered],
  ['ours, shape cache off (xmlbuilder2 per build)', (c, t) => buildTexmlUncached(nodes(c, t))],
];

// Every contender must produce the same document before any timing counts.
const expected = JSON.stringify(parseXml(theirs(CALLERS[0]!, TOKENS[0]!)));
for (const [name, build] of contenders) {
  if (JSON.stringify(parseXml(build(CALLERS[0]!, TOKENS[0]!))) !== expected) {
    console.error(`${name} builds a different document`);
    process.exit(1);
  }
}

const medians = medianOpsPerSecond(
  contenders.map(([, build]) => () => {
    const { caller, token } = next();
    return build(caller, token).length;
  }),
  ROUNDS,
  ROUND_MS,
);
const twilioOps = medians[1]!;
const cpu = os.cpus();
console.log(`texml-builder: ${ROUNDS} rounds x ${ROUND_MS} ms per contender, median ops/s (1 op = one 10-verb document)`);
console.log(`node ${process.version}, ${cpu.length} cpus (${cpu[0]?.model ?? 'unknown'}), ${os.platform()} ${os.arch()}`);
for (let i = 0; i < contenders.length; i++) {
  const ops = medians[i]!;
  console.log(`${contenders[i]![0].padEnd(48)} ${Math.round(ops).toLocaleString('en-US').padStart(10)} ops/s  ${(ops / twilioOps).toFixed(2)}x twilio`);
}
