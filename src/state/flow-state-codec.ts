import { z } from 'zod';
import type { FlowState } from './flow-state';
import { StateSealer } from './state-sealer';
import type { StateSealerOptions } from './state-sealer-options';
import { StateTokenError } from './state-token-error';

/** Short keys keep tokens (and so action URLs) small. */
const compactStateSchema = z.object({
  f: z.string(),
  ver: z.string(),
  s: z.string(),
  a: z.number().int().min(0),
  k: z.string().optional(),
  r: z.number().int().min(0),
  l: z.number().int().min(0),
  w: z.literal(1).optional(),
  q: z.number().int().min(0).optional(),
  v: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  c: z.string().optional(),
  e: z.string().optional(),
  g: z.literal(1).optional(),
});
type CompactState = z.infer<typeof compactStateSchema>;

function isCompactState(value: unknown): value is CompactState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.f === 'string' && typeof v.ver === 'string' && typeof v.s === 'string' && Number.isInteger(v.a) && Number.isInteger(v.r) && Number.isInteger(v.l) &&
    (v.k === undefined || typeof v.k === 'string') && (v.w === undefined || v.w === 1) && (v.q === undefined || Number.isInteger(v.q)) && (v.c === undefined || typeof v.c === 'string') && (v.e === undefined || typeof v.e === 'string') && (v.g === undefined || v.g === 1) && typeof v.v === 'object' && v.v !== null && !Array.isArray(v.v) &&
    Object.values(v.v as object).every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') &&
    (v.a as number) >= 0 && (v.r as number) >= 0 && (v.l as number) >= 0
  );
}

/** Longest CallSid a token is bound to (Telnyx's are ~60 characters); longer ones bind by this prefix. */
export const BOUND_CALL_SID_MAX_LENGTH = 128;

/**
 * What a state token is bound to besides the state: the call it was issued for, and the event
 * that brought Telnyx back (a Gather's no-input Redirect). Sealed with the state, so neither can be
 * changed or added from the URL (docs/security.md).
 */
export interface StateBinding {
  /** The CallSid of the signed request the token was issued in ('' when it had none). */
  callSid: string;
  /** A dial leg's token: accepted from the leg (its request's ParentCallSid is callSid). */
  leg?: boolean;
  /** Why Telnyx comes back on this URL (e.g. no-input), when it is not the action's own result. */
  event?: string;
}

/** Seals and opens the flow state carried in action URLs. */
export class FlowStateCodec {
  private readonly sealer: StateSealer<CompactState>;
  private readonly now: () => number;
  /**
   * The last token opened, in the second it was opened: a step webhook's token is opened twice
   * (the receiver looks at it before the responder reads it). Opening depends only on the token
   * and the second (expiry counts whole seconds), so the second open's answer is the first's.
   */
  private lastOpened: { token: string; second: number; result: { state: FlowState; binding?: StateBinding } } | undefined;

  constructor(options: StateSealerOptions) {
    this.sealer = new StateSealer<CompactState>(options);
    this.now = options.now ?? Date.now;
  }

  get maxTokenLength(): number {
    return this.sealer.maxTokenLength;
  }

  /** Seals a state; with a binding, the token also names the call (and event) it is for. */
  seal(state: FlowState, binding?: StateBinding): string {
    return this.sealer.seal({
      f: state.flow,
      ver: state.version,
      s: state.step,
      a: state.action,
      ...(state.kind ? { k: state.kind } : {}),
      r: state.retries,
      l: state.leg,
      ...(state.queueWait ? { w: 1 as const } : {}),
      ...(state.queuedAt !== undefined ? { q: state.queuedAt } : {}),
      v: state.vars,
      ...(binding ? { c: binding.callSid.slice(0, BOUND_CALL_SID_MAX_LENGTH) } : {}),
      ...(binding?.event ? { e: binding.event } : {}),
      ...(binding?.leg ? { g: 1 as const } : {}),
    });
  }

  open(token: unknown): FlowState {
    return this.openBound(token).state;
  }

  /** The state and what it is bound to (binding undefined for a token sealed without one). */
  openBound(token: unknown): { state: FlowState; binding?: StateBinding } {
    const second = Math.floor(this.now() / 1000);
    const last = this.lastOpened;
    if (last !== undefined && last.token === token && last.second === second) return last.result;
    const result = this.openUncached(token);
    this.lastOpened = { token: token as string, second, result };
    return result;
  }

  private openUncached(token: unknown): { state: FlowState; binding?: StateBinding } {
    const opened = this.sealer.open(token);
    // The token is authenticated, so its shape is ours; the check guards against a key reused by
    // another version. A cheap structural check first, the full schema only when it fails.
    const c = isCompactState(opened) ? opened : compactStateSchema.safeParse(opened).data;
    if (!c) throw new StateTokenError('malformed', 'state token does not hold a flow state');
    const state: FlowState = { flow: c.f, version: c.ver, step: c.s, action: c.a, ...(c.k ? { kind: c.k } : {}), retries: c.r, leg: c.l, ...(c.w === 1 ? { queueWait: true as const } : {}), ...(typeof c.q === 'number' ? { queuedAt: c.q } : {}), vars: c.v };
    if (c.c === undefined) return { state };
    return { state, binding: { callSid: c.c, ...(c.g === 1 ? { leg: true } : {}), ...(c.e !== undefined ? { event: c.e } : {}) } };
  }
}
