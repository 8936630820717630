import { z } from 'zod';
import { StateSealer } from '../state/state-sealer';
import type { StateSealerOptions } from '../state/state-sealer-options';
import { StateTokenError } from '../state/state-token-error';

/** Flow variables a link carries (job and contact variables). */
export type LinkVars = Record<string, string | number | boolean>;

/** The campaign attempt a call was placed for. */
export interface CampaignAttemptRef {
  campaign: string;
  contact: number;
  attempt: number;
}

/** What a campaign call's machines get when it is not the flow itself. */
export type AnswerMachine = { kind: 'hangup' } | { kind: 'step'; step: string };

/** The parameters the service puts in the URLs it emits, sealed as one value per URL. */
export type SealedLink =
  /** A voice URL the service hands to Telnyx (calls.create/update Url, an application's voice_url). */
  | { kind: 'voice'; flow: string; vars: LinkVars }
  /**
   * A callback URL: the flow whose hooks the events feed (with its variables, for an AMD verdict
   * that re-renders its start), the call it was issued in, a campaign attempt and what its machines get.
   */
  | { kind: 'callback'; flow?: string; vars?: LinkVars; callSid?: string; attempt?: CampaignAttemptRef; machine?: AnswerMachine }
  /** A campaign call's Url: the flow, what a machine gets, the attempt and the contact's variables. */
  | { kind: 'answer'; flow: string; machine: AnswerMachine; attempt: CampaignAttemptRef; vars: LinkVars };

export type SealedLinkOf<K extends SealedLink['kind']> = Extract<SealedLink, { kind: K }>;

const name = z.string().min(1).max(128);
const vars = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const machine = z.union([z.literal('hangup'), z.string().regex(/^step:.+$/)]);
const attempt = z.strictObject({ c: name, n: z.number().int().min(1), t: z.number().int().min(1) });
/** Short keys keep the URLs small. */
const compactLinkSchema = z.discriminatedUnion('k', [
  z.strictObject({ k: z.literal('v'), f: name, v: vars.optional() }),
  z.strictObject({ k: z.literal('c'), f: name.optional(), v: vars.optional(), s: z.string().max(256).optional(), a: attempt.optional(), m: machine.optional() }),
  z.strictObject({ k: z.literal('a'), f: name, m: machine, a: attempt, v: vars.optional() }),
]);
type CompactLink = z.infer<typeof compactLinkSchema>;
const KIND_KEYS = { voice: 'v', callback: 'c', answer: 'a' } as const;

/**
 * Seals the parameters of the URLs the service emits (AES-256-GCM with its own key, derived from
 * FLOW_STATE_SECRET for this purpose, issue time inside, expiry FLOW_STATE_TTL_SECONDS): a URL's
 * one sealed value can be neither read, changed nor made up, and the kind is sealed with it, so a
 * callback link never opens as a voice link.
 */
export class LinkSealer {
  private readonly sealer: StateSealer<CompactLink>;

  constructor(options: Omit<StateSealerOptions, 'purpose'>) {
    this.sealer = new StateSealer<CompactLink>({ ...options, purpose: 'url-link-v1' });
  }

  seal(link: SealedLink): string {
    return this.sealer.seal(compact(link));
  }

  /** Opens a link of the expected kind; a StateTokenError for anything else. */
  open<K extends SealedLink['kind']>(token: unknown, kind: K): SealedLinkOf<K> {
    const parsed = compactLinkSchema.safeParse(this.sealer.open(token));
    if (!parsed.success) throw new StateTokenError('malformed', 'link does not hold link parameters');
    if (parsed.data.k !== KIND_KEYS[kind]) throw new StateTokenError('wrong-kind', `link is not a ${kind} link`);
    return expand(parsed.data) as SealedLinkOf<K>;
  }
}

function compact(link: SealedLink): CompactLink {
  const withVars = (v: LinkVars) => (Object.keys(v).length > 0 ? { v } : {});
  switch (link.kind) {
    case 'voice':
      return { k: 'v', f: link.flow, ...withVars(link.vars) };
    case 'callback':
      return {
        k: 'c',
        ...(link.flow ? { f: link.flow } : {}),
        ...(link.vars ? withVars(link.vars) : {}),
        ...(link.callSid !== undefined ? { s: link.callSid.slice(0, 256) } : {}),
        ...(link.attempt ? { a: attemptOut(link.attempt) } : {}),
        ...(link.machine ? { m: machineOut(link.machine) } : {}),
      };
    case 'answer':
      return { k: 'a', f: link.flow, m: machineOut(link.machine), a: attemptOut(link.attempt), ...withVars(link.vars) };
  }
}

function expand(c: CompactLink): SealedLink {
  switch (c.k) {
    case 'v':
      return { kind: 'voice', flow: c.f, vars: c.v ?? {} };
    case 'c':
      return {
        kind: 'callback',
        ...(c.f ? { flow: c.f } : {}),
        ...(c.v ? { vars: c.v } : {}),
        ...(c.s !== undefined ? { callSid: c.s } : {}),
        ...(c.a ? { attempt: attemptIn(c.a) } : {}),
        ...(c.m ? { machine: machineIn(c.m) } : {}),
      };
    case 'a':
      return { kind: 'answer', flow: c.f, machine: machineIn(c.m), attempt: attemptIn(c.a), vars: c.v ?? {} };
  }
}

const machineOut = (m: AnswerMachine): string => (m.kind === 'hangup' ? 'hangup' : `step:${m.step}`);
const machineIn = (m: string): AnswerMachine => (m === 'hangup' ? { kind: 'hangup' } : { kind: 'step', step: m.slice(5) });
const attemptOut = (a: CampaignAttemptRef) => ({ c: a.campaign, n: a.contact, t: a.attempt });
const attemptIn = (a: { c: string; n: number; t: number }): CampaignAttemptRef => ({ campaign: a.c, contact: a.n, attempt: a.t });
