import { CallInterrupt } from '../call-interrupt';
import type { PlayCall, TexmlSource, VerbContext } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { runDial } from './dial-verb';
import { runEnqueue } from './enqueue-verb';
import { runGather } from './gather-verb';
import { runHttpRequest } from './http-request-verb';
import { runPause, runPlay, runSay } from './media-verbs';
import { runRecord } from './record-verb';
import { runAIGather, runConnect, runPay } from './service-verbs';
import { runStart, runStop } from './start-stop-verbs';
import { methodAttribute, oneOfAttribute } from './verb-attributes';

/** Verbs Telnyx allows in a queue's waitUrl document. */
const WAIT_VERBS = new Set(['Play', 'Say', 'Gather', 'Pause', 'Hangup', 'Redirect', 'Leave']);
/** TeXML verbs the emulator knows but does not play: the call ends with an error naming them. */
const NOT_MODELLED = new Set(['Refer', 'Stream', 'Siprec', 'Transcription']);

export interface VerbPosition {
  /** Index of the verb in its document. */
  index: number;
  context: VerbContext;
  /** Whether the call had been answered before this verb. */
  answered: boolean;
}

/** Runs one verb; returns where the call goes next when the verb sends it elsewhere. */
export async function runVerb(element: TexmlElement, call: PlayCall, position: VerbPosition): Promise<TexmlSource | undefined> {
  const { name } = element;
  if (position.context !== 'call' && !WAIT_VERBS.has(name)) {
    throw CallInterrupt.end('error', `invalid TeXML: <${name}> is not allowed in a wait document (allowed: ${[...WAIT_VERBS].join(', ')})`);
  }
  if (name !== 'Reject') await call.ensureAnswered();
  switch (name) {
    case 'Say':
      await runSay(element, call);
      return undefined;
    case 'Play':
      await runPlay(element, call);
      return undefined;
    case 'Pause':
      await runPause(element, call);
      return undefined;
    case 'Gather':
      return runGather(element, call, position.context);
    case 'Dial':
      return runDial(element, call);
    case 'Record':
      return runRecord(element, call);
    case 'Enqueue':
      return runEnqueue(element, call);
    case 'Start':
      await runStart(element, call);
      return undefined;
    case 'Stop':
      await runStop(element, call);
      return undefined;
    case 'Pay':
      return runPay(element, call);
    case 'Connect':
      return runConnect(element, call);
    case 'HttpRequest':
      return runHttpRequest(element, call);
    case 'AIGather':
      return runAIGather(element, call);
    case 'Redirect': {
      if (!element.text) throw CallInterrupt.end('error', 'invalid TeXML: <Redirect> needs a URL');
      const url = call.resolveUrl(element.text);
      call.log({ kind: 'verb', verb: 'Redirect', detail: `redirects to ${url}` });
      return { kind: 'url', url, method: methodAttribute(element, 'method', 'POST'), purpose: position.context === 'call' ? 'redirect' : 'wait' };
    }
    case 'Hangup':
      call.log({ kind: 'verb', verb: 'Hangup', detail: 'hangs up' });
      throw CallInterrupt.end('hangup', 'normal_clearing');
    case 'Reject': {
      const reason = oneOfAttribute(element, 'reason', ['rejected', 'busy'], 'rejected');
      // Reject page: first verb of an unanswered call = never answered; elsewhere it hangs up the
      // answered call (charged up to that point).
      const late = position.index !== 0 || position.answered;
      call.log({ kind: 'verb', verb: 'Reject', detail: late ? `hangs up the answered call (${reason}: Reject after other verbs)` : `rejects the call (${reason})` });
      throw CallInterrupt.end('reject', reason === 'busy' ? 'user_busy' : 'call_rejected');
    }
    case 'Leave':
      if (position.context === 'queue-wait') {
        call.log({ kind: 'verb', verb: 'Leave', detail: 'leaves the queue' });
        return { kind: 'leave' };
      }
      call.log({ kind: 'note', message: '<Leave> outside a queue wait does nothing' });
      return undefined;
    default:
      if (NOT_MODELLED.has(name)) throw CallInterrupt.end('error', `<${name}> is a TeXML verb the emulator does not model`);
      throw CallInterrupt.end('error', `unknown TeXML verb <${name}>`);
  }
}
