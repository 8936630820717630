import type { Logger } from 'pino';
import type { CallbackKind, CallEvent } from './call-event';
import type { EventStore } from './event-store';
import { normaliseCallback, type CallbackParams } from './normalise-callback';

/** Runs a flow's `on:` hooks for an event. Must be idempotent per event id (job ids derive from it). */
export interface HookDispatcher {
  dispatch(event: CallEvent): Promise<number>;
}

/**
 * Something else that must learn of a new event before the callback is acknowledged (campaign
 * outcomes, for instance). It runs on every delivery, before the event is stored (so a failure is
 * retried by Telnyx), and must therefore be idempotent per event id.
 */
export interface CallEventObserver {
  observe(event: CallEvent): Promise<void>;
}

export interface IngestResult {
  event: CallEvent;
  /** False for a repeated delivery: nothing was stored and no hook ran again. */
  stored: boolean;
  hooks: number;
}

/**
 * Takes a callback durably or not at all. Hooks are enqueued first, with job ids derived from the
 * event's identity, then the event is stored; a failure anywhere throws, the endpoint answers 503
 * and Telnyx delivers again. A redelivery finds the hook jobs already there (same ids) and the
 * event already stored, so each hook runs once.
 */
export class CallbackIngestor {
  constructor(
    /** The event store (the simulator passes an in-memory one with the same two methods). */
    private readonly store: Pick<EventStore, 'record' | 'summary'>,
    private readonly logger: Logger,
    private readonly hooks?: HookDispatcher,
    private readonly now: () => Date = () => new Date(),
    private readonly observers: readonly CallEventObserver[] = [],
  ) {}

  async ingest(kind: CallbackKind, params: CallbackParams): Promise<IngestResult> {
    const event = normaliseCallback(kind, params, this.now());
    // Hooks belong to a flow: when the callback URL does not name it, the call's timeline does.
    const needsFlow = event.flow === null && (this.hooks !== undefined || this.observers.length > 0);
    const flow = needsFlow ? ((await this.store.summary(event.callSid))?.flow ?? null) : event.flow;
    const attributed: CallEvent = flow === event.flow ? event : { ...event, flow };
    const hooks = this.hooks ? await this.hooks.dispatch(attributed) : 0;
    // Observers run before the event is marked stored, so a failure in them is retried by Telnyx.
    for (const observer of this.observers) await observer.observe(attributed);
    const stored = await this.store.record(attributed);
    this.logger[stored ? 'info' : 'debug']({ callSid: event.callSid, event: event.type, id: event.id, duplicate: !stored, flow, hooks }, 'callback');
    return { event: attributed, stored, hooks };
  }
}
