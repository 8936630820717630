import { CallInterrupt } from '../call-interrupt';
import type { PlayCall } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { intAttribute } from './verb-attributes';

/** Seconds a text takes to say at the configured speaking rate (at least half a second). */
export function speechSeconds(text: string, wordsPerMinute: number): number {
  const words = text.split(/\s+/).filter((w) => w.length > 0).length;
  return Math.max(0.5, Math.round((words / wordsPerMinute) * 600) / 10);
}

/** Lets the prompt play; a caller scripted to hang up on hearing it leaves halfway through. */
async function hear(call: PlayCall, heard: string, seconds: number): Promise<void> {
  const trigger = call.script.hangupOnHear;
  if (trigger === undefined || !heard.toLowerCase().includes(trigger.toLowerCase())) {
    await call.pass(seconds);
    return;
  }
  await call.pass(seconds / 2);
  call.log({ kind: 'caller', action: 'hangup', detail: `hangs up while hearing "${trigger}"` });
  throw CallInterrupt.end('caller', 'normal_clearing');
}

function loops(element: TexmlElement, call: PlayCall, max: number): number {
  const loop = intAttribute(element, 'loop', 1, { min: 0, max });
  if (loop === 0) {
    call.log({ kind: 'note', message: `<${element.name} loop="0"> repeats until something interrupts it; the emulator plays it once` });
    return 1;
  }
  return loop;
}

export async function runSay(element: TexmlElement, call: PlayCall): Promise<void> {
  const times = loops(element, call, 10);
  const text = element.text;
  const seconds = speechSeconds(text, call.services.limits.wordsPerMinute) * times;
  call.log({
    kind: 'heard',
    verb: 'Say',
    text,
    seconds,
    ...(element.attributes.voice ? { voice: element.attributes.voice } : {}),
    ...(element.attributes.language ? { language: element.attributes.language } : {}),
  });
  await hear(call, text, seconds);
}

export async function runPlay(element: TexmlElement, call: PlayCall): Promise<void> {
  const times = loops(element, call, 1000);
  const digits = element.attributes.digits;
  if (digits !== undefined && digits !== '') {
    const seconds = Math.max(0.5, digits.length * 0.25);
    call.log({ kind: 'heard', verb: 'Play', digits, seconds });
    await call.pass(seconds);
    return;
  }
  const url = element.text;
  const seconds = call.script.playSeconds * times;
  call.log({ kind: 'heard', verb: 'Play', url, seconds });
  await hear(call, url, seconds);
}

export async function runPause(element: TexmlElement, call: PlayCall): Promise<void> {
  const seconds = intAttribute(element, 'length', 1, { min: 1, max: 180 });
  call.log({ kind: 'heard', verb: 'Pause', seconds });
  await call.pass(seconds);
}
