import type { EmulatedQueue } from '../../emulator-models';
import { CallInterrupt } from '../call-interrupt';
import type { CallerAction } from '../call-script';
import type { PlayCall, TexmlSource } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { intAttribute, methodAttribute } from './verb-attributes';

/**
 * How the transcript names a wait that maxWaitTimeSecs ended. Telnyx documents no parameter on
 * the Enqueue action saying why the call left the queue (QueueResult is TwiML's), so the action
 * request carries only the instruction-fetch parameters (enqueue.md; docs/telnyx-contract.md);
 * the reason is in the transcript only.
 */
export const MAX_WAIT_QUEUE_RESULT = 'timeout';

/** Seconds of the default hold music between checks when the Enqueue names no waitUrl. */
const DEFAULT_MUSIC_SECONDS = 30;

type QueueAction = Extract<CallerAction, { kind: 'queue' }>;

/**
 * `<Enqueue>`: puts the call in a real queue resource (created on demand) and plays the waitUrl
 * document again and again until an agent's `<Dial><Queue>` takes it, the script's agent comes
 * (`bridged`), the caller gives up (`hangup`), `<Leave>` runs, or maxWaitTimeSecs passes.
 */
export async function runEnqueue(element: TexmlElement, call: PlayCall): Promise<TexmlSource | undefined> {
  const name = element.text;
  if (!name) throw CallInterrupt.end('error', 'invalid TeXML: <Enqueue> needs a queue name');
  const { state } = call.services;
  const parent = call.snapshot();
  const queue: EmulatedQueue = state.queues.findByName(parent.accountSid, name) ?? state.queues.create(parent.accountSid, { friendlyName: name, maxSize: 100 });
  const maxWait = element.attributes.maxWaitTimeSecs === undefined ? undefined : intAttribute(element, 'maxWaitTimeSecs', 0, { min: 1 });
  const waitUrl = element.attributes.waitUrl ? call.resolveUrl(element.attributes.waitUrl) : undefined;
  const waitMethod = methodAttribute(element, 'waitUrlMethod', 'POST');
  const actionUrl = element.attributes.action ? call.resolveUrl(element.attributes.action) : undefined;
  const actionMethod = methodAttribute(element, 'method', 'POST');
  const scripted = (call.takeAction(['queue'], '<Enqueue>') as QueueAction | undefined) ?? { kind: 'queue', result: 'timeout', afterSeconds: undefined, talkSeconds: 60, agent: undefined };

  const enqueuedAt = call.now();
  const queueTime = () => String(Math.round((call.now() - enqueuedAt) / 1000));
  const finish = (result: string, extra: Record<string, string> = {}): TexmlSource | undefined => {
    call.log({ kind: 'verb', verb: 'Enqueue', detail: `leaves queue "${name}" after ${queueTime()} s: ${result}`, data: { left: result, ...extra } });
    // enqueue.md: the action is requested when the call leaves the queue, with no parameter of its own.
    return actionUrl ? { kind: 'url', url: actionUrl, method: actionMethod, purpose: 'action' } : undefined;
  };
  if (!state.queues.enqueue(queue.sid, call.sid)) return finish('queue-full');
  const position = () => {
    const now = state.queues.get(queue.sid);
    return { position: (now?.members.findIndex((m) => m.callSid === call.sid) ?? -1) + 1, size: now?.members.length ?? 0, now };
  };
  call.log({
    kind: 'verb',
    verb: 'Enqueue',
    detail: `waits in queue "${name}" at position ${position().position}${maxWait ? ` (max wait ${maxWait} s)` : ''}`,
    data: { QueueSid: queue.sid },
  });

  const queueParams = (): Record<string, string> => {
    const { position: at, size, now } = position();
    const average = now && now.completedMembers > 0 ? Math.round(now.completedWaitMs / now.completedMembers / 1000) : 0;
    return { QueueSid: queue.sid, QueuePosition: String(at), CurrentQueueSize: String(size), QueueTime: queueTime(), AvgQueueTime: String(average) };
  };
  const leaveQueue = () => {
    if (state.queues.get(queue.sid)?.members.some((m) => m.callSid === call.sid)) state.queues.dequeue(queue.sid, call.sid);
  };
  const deadlines: { at: number; reason: string }[] = [];
  if (maxWait !== undefined) deadlines.push({ at: enqueuedAt + maxWait * 1000, reason: 'max-wait' });
  if ((scripted.result === 'bridged' || scripted.result === 'hangup') && scripted.afterSeconds !== undefined) {
    deadlines.push({ at: enqueuedAt + scripted.afterSeconds * 1000, reason: scripted.result });
  }

  const waitLoop = async (): Promise<'leave'> => {
    let next: TexmlSource | undefined = waitUrl ? { kind: 'url', url: waitUrl, method: waitMethod, purpose: 'wait' } : undefined;
    // Key presses and speech scripted after the queue action go to the wait documents' Gathers, in
    // order; a Gather's answer (its action URL) plays in the wait too, as Telnyx does.
    let takenAtRoundStart = call.scriptPosition();
    for (let round = 1; ; round++) {
      if (round > call.services.limits.maxWaitDocuments) throw CallInterrupt.end('error', `more than ${call.services.limits.maxWaitDocuments} waitUrl rounds in one queue wait`);
      const started = call.now();
      let followUp = false;
      if (!next || next.kind !== 'url') {
        call.log({ kind: 'heard', verb: 'music', url: 'default hold music', seconds: DEFAULT_MUSIC_SECONDS });
        await call.pass(DEFAULT_MUSIC_SECONDS);
      } else {
        const document = await call.fetchDocument({ ...next, purpose: 'wait', params: { ...next.params, ...queueParams() } });
        const after = await call.runDocument(document, 'queue-wait');
        if (after?.kind === 'leave') return 'leave';
        followUp = after?.kind === 'url';
        next = after?.kind === 'url' ? after : waitUrl ? { kind: 'url', url: waitUrl, method: waitMethod, purpose: 'wait' } : undefined;
      }
      // 'hold' parks once a whole round of the wait went by without the caller doing anything
      // scripted: until then the caller's presses and speech still reach the wait's Gathers.
      const idle = !followUp && call.scriptPosition() === takenAtRoundStart;
      if (!followUp) takenAtRoundStart = call.scriptPosition();
      if (scripted.result === 'hold' && idle) {
        call.log({ kind: 'note', message: 'the caller holds until something outside the script happens (a <Dial><Queue>, a REST update or hangup); maxWaitTimeSecs does not apply' });
        await call.pass(undefined, { parked: true });
      }
      // A wait document that takes no time would spin: every round takes at least a second.
      if (call.now() - started < 1000) await call.pass((1000 - (call.now() - started)) / 1000);
    }
  };

  try {
    const outcome = await call.withScope(deadlines, ['bridged'], waitLoop);
    if ('value' in outcome) return finish('leave');
    switch (outcome.exit) {
      case 'max-wait':
        return finish(MAX_WAIT_QUEUE_RESULT);
      case 'hangup':
        call.log({ kind: 'caller', action: 'hangup', detail: `gives up waiting after ${queueTime()} s` });
        throw CallInterrupt.end('caller', 'normal_clearing');
      case 'bridged': {
        // Either the script's agent (a deadline) or a real agent's <Dial><Queue> (a signal).
        const bridge = call.takeBridge();
        leaveQueue();
        const waited = queueTime();
        let agentSid = bridge?.agentCallSid;
        const talk = bridge?.talkSeconds ?? scripted.talkSeconds;
        if (!bridge) {
          const agent = state.calls.create({ accountSid: parent.accountSid, applicationSid: parent.applicationSid, origin: 'dial', from: scripted.agent ?? 'sip:agent@emulator.invalid', to: parent.to });
          state.calls.setStatus(agent.sid, 'in-progress');
          agentSid = agent.sid;
        }
        call.log({ kind: 'verb', verb: 'Enqueue', detail: `an agent (${bridge ? agentSid : (scripted.agent ?? 'scripted agent')}) takes the call after ${waited} s; they talk for ${talk} s`, data: { DequeuingCallSid: agentSid } });
        await call.pass(talk);
        if (!bridge && agentSid) state.calls.setStatus(agentSid, 'completed');
        // No DequeuingCallSid: TwiML's, not documented by Telnyx (docs/telnyx-contract.md).
        return finish('bridged', { QueueTime: waited });
      }
      default:
        throw CallInterrupt.end('error', `emulator bug: unknown queue exit ${outcome.exit}`);
    }
  } catch (error) {
    if (error instanceof CallInterrupt && error.kind === 'end' && (error.by === 'caller' || error.by === 'time-limit') && actionUrl) {
      leaveQueue();
      // The call has ended: its CallStatus says so (the instruction-fetch parameters).
      await call.notify('action', actionUrl, actionMethod, { CallStatus: 'completed' });
    }
    throw error;
  } finally {
    leaveQueue();
  }
}
