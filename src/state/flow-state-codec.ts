import { z } from 'zod';
import type { FlowState } from '../flows/flow-state';
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
});
type CompactState = z.infer<typeof compactStateSchema>;

function isCompactState(value: unknown): value is CompactState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.f === 'string' && typeof v.ver === 'string' && typeof v.s === 'string' && Number.isInteger(v.a) && Number.isInteger(v.r) && Number.isInteger(v.l) &&
    (v.k === undefined || typeof v.k === 'string') && (v.w === undefined || v.w === 1) && (v.q === undefined || Number.isInteger(v.q)) && typeof v.v === 'object' && v.v !== null && !Array.isArray(v.v) &&
    Object.values(v.v as object).every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') &&
    (v.a as number) >= 0 && (v.r as number) >= 0 && (v.l as number) >= 0
  );
}

/** Seals and opens the flow state carried in action URLs. */
export class FlowStateCodec {
  private readonly sealer: StateSealer<CompactState>;

  constructor(options: StateSealerOptions) {
    this.sealer = new StateSealer<CompactState>(options);
  }

  get maxTokenLength(): number {
    return this.sealer.maxTokenLength;
  }

  seal(state: FlowState): string {
    return this.sealer.seal({ f: state.flow, ver: state.version, s: state.step, a: state.action, ...(state.kind ? { k: state.kind } : {}), r: state.retries, l: state.leg, ...(state.queueWait ? { w: 1 as const } : {}), ...(state.queuedAt !== undefined ? { q: state.queuedAt } : {}), v: state.vars });
  }

  open(token: unknown): FlowState {
    const opened = this.sealer.open(token);
    // The token is authenticated, so its shape is ours; the check guards against a key reused by
    // another version. A cheap structural check first, the full schema only when it fails.
    const c = isCompactState(opened) ? opened : compactStateSchema.safeParse(opened).data;
    if (!c) throw new StateTokenError('malformed', 'state token does not hold a flow state');
    return { flow: c.f, version: c.ver, step: c.s, action: c.a, ...(c.k ? { kind: c.k } : {}), retries: c.r, leg: c.l, ...(c.w === 1 ? { queueWait: true as const } : {}), ...(typeof c.q === 'number' ? { queuedAt: c.q } : {}), vars: c.v };
  }
}
