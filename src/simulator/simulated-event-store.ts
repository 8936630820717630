import type { CallEvent } from '../events/call-event';
import type { CallSummary } from '../events/call-timeline';

/**
 * The simulator's event store, in memory: callbacks are stored (once per event id, as in Redis)
 * and the flow of a call is known from the steps its voice webhooks recorded, so the `on:` hooks of
 * an application-level status callback find their flow. Only what the ingestor and the voice
 * routes use; the Redis EventStore is the real one.
 */
export class SimulatedEventStore {
  private readonly events = new Map<string, CallEvent>();
  private readonly flows = new Map<string, string>();

  async record(event: CallEvent): Promise<boolean> {
    if (this.events.has(event.id)) return false;
    this.events.set(event.id, event);
    if (event.flow && !this.flows.has(event.callSid)) this.flows.set(event.callSid, event.flow);
    return true;
  }

  async summary(callSid: string): Promise<CallSummary | undefined> {
    const flow = this.flows.get(callSid);
    const events = this.eventsOf(callSid);
    if (!flow && events.length === 0) return undefined;
    return {
      callSid,
      status: null,
      flow: flow ?? null,
      from: null,
      to: null,
      firstSeenAt: null,
      lastEventAt: null,
      durationSeconds: null,
      answeredBy: null,
      hangupCause: null,
      recordings: [],
      transcription: null,
      dialOutcomes: [],
    };
  }

  async recordFlowSteps(entry: { callSid: string; flow: string; steps: string[]; outcome: string; endpoint: string; at: Date }): Promise<boolean> {
    if (!this.flows.has(entry.callSid)) this.flows.set(entry.callSid, entry.flow);
    return true;
  }

  /** The callback events stored for a call, in arrival order. */
  eventsOf(callSid: string): CallEvent[] {
    return [...this.events.values()].filter((e) => e.callSid === callSid);
  }

  clear(): void {
    this.events.clear();
    this.flows.clear();
  }
}
