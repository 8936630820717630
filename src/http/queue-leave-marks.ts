/**
 * Remembers that the service issued a `<Leave>` to a queued caller, so the Enqueue action that
 * follows it "right away" (enqueue.md) goes on as a leave, not as a bridged call: Telnyx's action
 * request says nothing of why the call left the queue, and `<Leave>` has no URL that could carry a
 * sealed state (docs/flows.md, enqueue).
 */
export interface QueueLeaveMarks {
  /** Records that a Leave is being answered to the call. */
  mark(callSid: string, flow: string | undefined): Promise<void>;
  /** True when a Leave was marked for the call since it was queued (epoch seconds). */
  issued(callSid: string, queuedAt: number | undefined): Promise<boolean>;
}
