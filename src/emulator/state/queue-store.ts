import type { Clock } from '../clock';
import type { EmulatedQueue } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import type { CallStore } from './call-store';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

/** The emulated queues and the calls waiting in them, front first. */
export class QueueStore {
  private readonly queues = new Map<string, EmulatedQueue>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly calls: CallStore,
  ) {}

  /** A queue without a name is known by its sid, which is how `<Enqueue>` would then address it. */
  create(accountSid: string, options: { friendlyName?: string; maxSize: number }): EmulatedQueue {
    const now = this.clock.now();
    const sid = this.ids.uuid();
    const queue: EmulatedQueue = {
      sid,
      accountSid,
      friendlyName: options.friendlyName ?? sid,
      maxSize: options.maxSize,
      members: [],
      createdAt: now,
      updatedAt: now,
      completedWaitMs: 0,
      completedMembers: 0,
    };
    this.queues.set(queue.sid, queue);
    this.events.emit('queue.created', snapshot(queue));
    return snapshot(queue);
  }

  require(accountSid: string, sid: string): EmulatedQueue {
    const queue = this.queues.get(sid);
    if (!queue || queue.accountSid !== accountSid) throw new EmulatorNotFoundError('queue');
    return snapshot(queue);
  }

  get(sid: string): EmulatedQueue | undefined {
    const queue = this.queues.get(sid);
    return queue ? snapshot(queue) : undefined;
  }

  findByName(accountSid: string, friendlyName: string): EmulatedQueue | undefined {
    for (const queue of this.queues.values()) {
      if (queue.accountSid === accountSid && queue.friendlyName === friendlyName) return snapshot(queue);
    }
    return undefined;
  }

  list(accountSid?: string): EmulatedQueue[] {
    return [...this.queues.values()]
      .filter((q) => accountSid === undefined || q.accountSid === accountSid)
      .reverse()
      .map(snapshot);
  }

  update(sid: string, change: { maxSize?: number }): EmulatedQueue {
    const queue = this.mutable(sid);
    if (change.maxSize !== undefined) queue.maxSize = change.maxSize;
    queue.updatedAt = this.clock.now();
    this.events.emit('queue.updated', snapshot(queue));
    return snapshot(queue);
  }

  delete(sid: string): EmulatedQueue {
    const queue = this.mutable(sid);
    this.queues.delete(sid);
    this.events.emit('queue.deleted', snapshot(queue));
    return snapshot(queue);
  }

  /** Adds a call to the back of the queue. Returns false when the queue is full. */
  enqueue(queueSid: string, callSid: string): boolean {
    const queue = this.mutable(queueSid);
    this.calls.live(callSid);
    if (queue.members.length >= queue.maxSize) return false;
    queue.members.push({ callSid, enqueuedAt: this.clock.now() });
    queue.updatedAt = this.clock.now();
    this.events.emit('queue.updated', snapshot(queue));
    return true;
  }

  /** Removes a call (or the front member when no call sid is given) and returns its call sid. */
  dequeue(queueSid: string, callSid?: string): string | undefined {
    const queue = this.mutable(queueSid);
    const index = callSid === undefined ? 0 : queue.members.findIndex((m) => m.callSid === callSid);
    const member = index >= 0 ? queue.members[index] : undefined;
    if (!member) return undefined;
    queue.members.splice(index, 1);
    const now = this.clock.now();
    queue.completedWaitMs += now - member.enqueuedAt;
    queue.completedMembers += 1;
    queue.updatedAt = now;
    this.events.emit('queue.updated', snapshot(queue));
    return member.callSid;
  }

  /** An ended call leaves every queue it waits in. */
  removeCall(callSid: string): void {
    for (const queue of this.queues.values()) {
      if (queue.members.some((m) => m.callSid === callSid)) this.dequeue(queue.sid, callSid);
    }
  }

  clear(): void {
    this.queues.clear();
  }

  private mutable(sid: string): EmulatedQueue {
    const queue = this.queues.get(sid);
    if (!queue) throw new EmulatorNotFoundError('queue');
    return queue;
  }
}
