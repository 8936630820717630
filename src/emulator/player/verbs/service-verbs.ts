import { CallInterrupt } from '../call-interrupt';
import type { PlayCall, TexmlSource } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { methodAttribute } from './verb-attributes';

/**
 * Verbs whose work happens outside the call's audio, which the emulator does not perform: a payment
 * (`<Pay>`), and an AI assistant, Conversation Relay or media stream session (`<Connect>`). The
 * emulator plays them so a call using them does not fail: the session ends at once, and the call
 * goes on where Telnyx would send it next (the `action` URL, or the next verb). Nothing Telnyx
 * would report about the session is invented: the action request carries the call's parameters
 * only (no PayResult), so a flow sees "no payment" and takes its failure path.
 */

/** Pay page: with `action`, TeXML requests it when Pay completes; without, the document goes on. */
export function runPay(element: TexmlElement, call: PlayCall): TexmlSource | undefined {
  const connector = element.attributes.paymentConnector ?? 'Default';
  const amount = element.attributes.chargeAmount;
  call.log({
    kind: 'verb',
    verb: 'Pay',
    detail: `asks for a payment${amount ? ` of ${amount} ${element.attributes.currency ?? 'USD'}` : ''} through connector '${connector}' (not modelled: nothing is collected, no PayResult)`,
  });
  const action = element.attributes.action;
  if (!action) return undefined;
  return { kind: 'url', url: call.resolveUrl(action), method: methodAttribute(element, 'method', 'POST'), purpose: 'action', params: {} };
}

/**
 * AIGather page: the AI gathers, then TeXML requests the action. The emulator has no AI: the
 * gathering ends at once with nothing gathered and the document goes on with the next verb (its
 * action request would need a Status and a result the emulator would have to invent).
 */
export function runAIGather(element: TexmlElement, call: PlayCall): undefined {
  const greeting = element.children.find((c) => c.name === 'Greeting')?.text;
  if (greeting) call.log({ kind: 'heard', verb: 'Say', text: greeting, seconds: 0 });
  call.log({ kind: 'verb', verb: 'AIGather', detail: 'gathers with AI (not modelled: nothing is gathered, the document goes on)' });
  return undefined;
}

const SERVICES = ['Stream', 'AIAssistant', 'ConversationRelay'] as const;

/**
 * Connect page: the service runs synchronously and the next verbs run when it stops; the
 * Conversation Relay guide adds `action`, requested when the service ends.
 */
export function runConnect(element: TexmlElement, call: PlayCall): TexmlSource | undefined {
  const service = element.children.find((c) => (SERVICES as readonly string[]).includes(c.name));
  if (!service) throw CallInterrupt.end('error', `invalid TeXML: <Connect> needs one of ${SERVICES.map((s) => `<${s}>`).join(', ')}`);
  const target = service.attributes.url ?? service.attributes.id ?? service.attributes.join ?? '';
  call.log({ kind: 'verb', verb: 'Connect', detail: `connects <${service.name}>${target ? ` ${target}` : ''} (not modelled: the session ends at once)` });
  const action = element.attributes.action;
  if (!action) return undefined;
  return { kind: 'url', url: call.resolveUrl(action), method: methodAttribute(element, 'method', 'POST'), purpose: 'action', params: {} };
}
