import { CallInterrupt } from '../call-interrupt';
import type { PlayCall, TexmlSource, VerbContext } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { runPlay, runSay, speechSeconds } from './media-verbs';
import { intAttribute, oneOfAttribute } from './verb-attributes';

const KEY_PRESS_SECONDS = 0.4;

/**
 * `<Gather>`: plays its Say/Play prompts, then takes the caller's next scripted action. Digits or
 * speech go to the action URL; silence (or input of a kind the Gather does not take) lets it time
 * out and the document goes on with the next verb, as Telnyx does.
 */
export async function runGather(element: TexmlElement, call: PlayCall, context: VerbContext): Promise<TexmlSource | undefined> {
  const input = oneOfAttribute(element, 'input', ['dtmf', 'speech', 'dtmf speech', 'speech dtmf'], 'dtmf');
  const takesDtmf = input.includes('dtmf');
  const takesSpeech = input.includes('speech');
  const timeout = intAttribute(element, 'timeout', 5, { min: 1, max: 120 });
  const finishOnKey = element.attributes.finishOnKey ?? '#';
  // numDigits (or maxDigits) keys end the Gather as soon as they are in.
  const numDigits =
    element.attributes.numDigits !== undefined
      ? intAttribute(element, 'numDigits', 1, { min: 1, max: 128 })
      : element.attributes.maxDigits !== undefined
        ? intAttribute(element, 'maxDigits', 128, { min: 1, max: 128 })
        : undefined;
  for (const child of element.children) {
    if (child.name === 'Say') await runSay(child, call);
    else if (child.name === 'Play') await runPlay(child, call);
    else throw CallInterrupt.end('error', `invalid TeXML: <Gather> may contain only <Say> and <Play>, not <${child.name}>`);
  }
  const action = call.takeAction(['press', 'say', 'silence'], '<Gather>', { optional: context !== 'call' });
  const submit = (params: Record<string, string>): TexmlSource => {
    const target = element.attributes.action ? call.resolveUrl(element.attributes.action) : call.documentUrl();
    if (!target) throw CallInterrupt.end('error', '<Gather> has no action and the document came from no URL to post back to');
    return { kind: 'url', url: target, method: call.voiceMethod(), purpose: 'action', params };
  };
  const timesOut = async (detail: string): Promise<undefined> => {
    call.log({ kind: 'caller', action: 'timeout', detail: `${detail}; the Gather times out after ${timeout} s` });
    await call.pass(timeout);
    return undefined;
  };

  if (!action || action.kind === 'silence') return timesOut('says nothing');
  if (action.kind === 'press') {
    const pressed = action.digits.replace(/[wW]/g, '');
    if (!takesDtmf) return timesOut(`presses ${pressed}, but this Gather takes speech only`);
    const cut = finishOnKey === '' ? -1 : [...pressed].findIndex((key) => finishOnKey.includes(key));
    let digits = cut >= 0 ? pressed.slice(0, cut) : pressed;
    if (numDigits !== undefined && digits.length > numDigits) {
      call.log({ kind: 'note', message: `the Gather stops after ${numDigits} key(s); '${digits.slice(numDigits)}' goes nowhere` });
      digits = digits.slice(0, numDigits);
    }
    await call.pass(Math.max(1, Math.min(pressed.length, cut >= 0 ? cut + 1 : pressed.length)) * KEY_PRESS_SECONDS);
    call.log({ kind: 'caller', action: 'press', value: pressed, detail: `presses ${pressed}` });
    const complete = cut >= 0 || (numDigits !== undefined && digits.length >= numDigits);
    if (!complete) await call.pass(timeout);
    if (digits === '') {
      call.log({ kind: 'note', message: 'no digits before the finish key: the Gather goes on with the next verb' });
      return undefined;
    }
    return submit({ Digits: digits });
  }
  if (action.kind === 'say') {
    if (!takesSpeech) {
      call.log({ kind: 'caller', action: 'say', value: action.text, detail: `says "${action.text}"` });
      return timesOut('nothing recognised, because this Gather takes DTMF only');
    }
    await call.pass(speechSeconds(action.text, call.services.limits.wordsPerMinute) + 1);
    call.log({ kind: 'caller', action: 'say', value: action.text, detail: `says "${action.text}" (confidence ${action.confidence})` });
    return submit({ SpeechResult: action.text, Confidence: String(action.confidence) });
  }
  return undefined;
}
