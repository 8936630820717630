/** A notify job the simulator delivered to its local receiver instead of the real URL. */
export interface NotifyDelivery {
  /** Where it would have gone (the hook's url, or NOTIFY_URL). */
  url: string;
  /** The JSON body as received. */
  payload: Record<string, unknown>;
  /** The x-texml-router-signature header checked against the body: valid, invalid or missing. */
  signature: 'valid' | 'invalid' | 'missing';
  /** Simulated time it was due (enqueued + its delay), ISO. */
  dueAt: string;
  /** The job's origin: the step, or `on EVENT` for a hook. */
  origin: string;
  callSid: string | undefined;
}
