import { CallInterrupt } from '../call-interrupt';
import { dialOutcomeFor } from '../call-script';
import type { PlayCall, TexmlSource } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { methodAttribute } from './verb-attributes';

/**
 * `<Dial><Queue>`: the agent's side. Takes the caller at the front of the named queue, bridges
 * them (the caller's own player hears about it) and talks for the time the script gives the
 * target `queue:NAME` (or `*`). An empty or unknown queue answers no-answer at once.
 */
export async function runDialQueue(dial: TexmlElement, noun: TexmlElement, call: PlayCall): Promise<TexmlSource | undefined> {
  const name = noun.text;
  if (!name) throw CallInterrupt.end('error', 'invalid TeXML: <Queue> in <Dial> needs a queue name');
  const { state } = call.services;
  const parent = call.snapshot();
  const queue = state.queues.findByName(parent.accountSid, name);
  const outcome = dialOutcomeFor(call.script, `queue:${name}`);
  let params: Record<string, string>;
  if (!queue || queue.members.length === 0) {
    call.log({ kind: 'verb', verb: 'Dial', detail: `queue "${name}" ${queue ? 'is empty' : 'does not exist'}: nobody to take` });
    params = { DialCallStatus: 'no-answer', DialCallDuration: '0', ...(queue ? { QueueSid: queue.sid } : {}) };
  } else {
    const front = queue.members[0]!;
    const memberSid = state.queues.dequeue(queue.sid)!;
    const member = state.calls.get(memberSid);
    const talk = outcome.talkSeconds;
    call.log({
      kind: 'verb',
      verb: 'Dial',
      detail: `takes ${member?.from ?? memberSid} from queue "${name}" after ${Math.round((call.now() - front.enqueuedAt) / 1000)} s of waiting; they talk for ${talk} s`,
      data: { DialCallSid: memberSid, QueueSid: queue.sid },
    });
    if (noun.attributes.url) call.log({ kind: 'note', message: `<Queue url> (a message for the dequeued caller) is not played by the emulator` });
    call.services.playedCall(memberSid)?.bridgeFromQueue({ agentCallSid: call.sid, talkSeconds: talk });
    await call.pass(talk);
    params = { DialCallStatus: 'completed', DialCallSid: memberSid, DialCallDuration: String(talk), QueueSid: queue.sid };
  }
  const action = dial.attributes.action;
  if (!action) return undefined;
  return { kind: 'url', url: call.resolveUrl(action), method: methodAttribute(dial, 'method', 'POST'), purpose: 'action', params };
}
