import type { CallbackKind } from '../events/call-event';
import type { FlowLinks, FlowState } from '../state/flow-state';
import { BOUND_CALL_SID_MAX_LENGTH, FlowStateCodec, type StateBinding } from '../state/flow-state-codec';
import { StateTokenError } from '../state/state-token-error';
import { LinkSealer, type AnswerMachine, type CampaignAttemptRef, type LinkVars, type SealedLinkOf } from './link-sealer';
import { callbackPaths, servicePaths, urlParameters } from './service-paths';

export interface ServiceUrlsOptions {
  /** FLOW_STATE_SECRET: the state and link keys are derived from it, one per purpose. */
  secret: string;
  /** FLOW_STATE_TTL_SECONDS: how long any sealed URL value stays valid. */
  ttlSeconds: number;
  maxTokenLength?: number;
  /** FLOW_STATE_TOKEN_FORMAT: the format tokens are written in (1 when unset); both are opened. */
  tokenFormat?: 1 | 2;
  /** Injectable clock, in milliseconds. */
  now?: () => number;
}

/** A URL's query as Express or URLSearchParams gives it. Only the sealed value is ever read. */
export type UrlQuery = Readonly<Record<string, unknown>>;

/** The signed request's parameters (the body), where the call binding is checked. */
export type SignedParameters = Readonly<Record<string, unknown>>;

/** How a voice URL says which flow to run. */
export type VoiceEntry =
  /** Nothing named: the inbound routes decide. */
  | { kind: 'route' }
  /** Our own sealed voice link (calls.create, calls.update, campaigns, the simulator, the CLI). */
  | { kind: 'sealed'; flow: string; vars: LinkVars }
  /** An unsealed `?flow=` (a voice URL typed into the Telnyx portal): entry-point flows only, no variables. */
  | { kind: 'named'; flow: string }
  /** A link that does not open (tampered, expired, another key): the call gets the fallback. */
  | { kind: 'invalid'; error: StateTokenError };

/** What a callback URL's link says; `problem` when it was there but is not honoured. */
export interface CallbackLink {
  flow?: string;
  vars?: LinkVars;
  attempt?: CampaignAttemptRef;
  machine?: AnswerMachine;
  problem?: string;
}

/** The flow, what machines get, the attempt and the contact's variables of a campaign call. */
export interface CampaignAnswerTarget {
  flow: string;
  machine: AnswerMachine;
  attempt: CampaignAttemptRef;
  vars: LinkVars;
}

/**
 * The one place that builds every URL the service emits and reads back its parameters.
 *
 * Telnyx signs `timestamp|body`, not the URL (docs/security.md). So every parameter the service
 * puts in a URL is sealed here (AES-256-GCM or ChaCha20-Poly1305, with an issue time and FLOW_STATE_TTL_SECONDS expiry)
 * as ONE query value, `state` on step URLs and `link` on the others, and that value is the only
 * thing read back; any other query parameter is ignored. Step and queue-wait states are bound to
 * the CallSid of the signed request they were issued in and open only for that call (or, for a
 * dial leg's token, for a request whose ParentCallSid is that call).
 */
export class ServiceUrls {
  readonly states: FlowStateCodec;
  private readonly links: LinkSealer;

  constructor(options: ServiceUrlsOptions) {
    const sealing = {
      secret: options.secret,
      ttlSeconds: options.ttlSeconds,
      ...(options.maxTokenLength ? { maxTokenLength: options.maxTokenLength } : {}),
      ...(options.tokenFormat ? { tokenFormat: options.tokenFormat } : {}),
      ...(options.now ? { now: options.now } : {}),
    };
    this.states = new FlowStateCodec(sealing);
    this.links = new LinkSealer(sealing);
  }

  /** From FLOW_STATE_SECRET, FLOW_STATE_TTL_SECONDS and FLOW_STATE_TOKEN_FORMAT (every process of one install must share the secret). */
  static fromConfig(config: { flowStateSecret: string; flowStateTtlSeconds: number; flowStateTokenFormat?: 1 | 2 }, now?: () => number): ServiceUrls {
    return new ServiceUrls({
      secret: config.flowStateSecret,
      ttlSeconds: config.flowStateTtlSeconds,
      ...(config.flowStateTokenFormat ? { tokenFormat: config.flowStateTokenFormat } : {}),
      ...(now ? { now } : {}),
    });
  }

  // ---- building ----

  /** A voice URL that runs `flow` with `vars` (sealed): calls.create/update Url, an application's voice_url. */
  voice(base: string, flow: string, vars: LinkVars = {}): string {
    return `${base}${servicePaths.voice}?${urlParameters.link}=${this.links.seal({ kind: 'voice', flow, vars })}`;
  }

  /** An action URL: the waiting state, bound to the call (and the event that brings Telnyx back). */
  step(base: string, state: FlowState, binding: StateBinding): string {
    return `${base}${servicePaths.step}?${urlParameters.state}=${this.states.seal(state, binding)}`;
  }

  /** The Enqueue waitUrl: the Enqueue's own state, bound to the queued call. */
  queueWait(base: string, state: FlowState, binding: StateBinding): string {
    return `${base}${servicePaths.queueWait}?${urlParameters.state}=${this.states.seal(state, binding)}`;
  }

  /**
   * Where Telnyx posts callbacks of `kind`. The flow (whose hooks the events feed), the call the URL
   * was issued in and a campaign attempt ride sealed; with none of them the URL is the bare path.
   */
  callback(base: string, kind: CallbackKind, link: Omit<SealedLinkOf<'callback'>, 'kind'> = {}): string {
    const path = `${base}${callbackPaths[kind]}`;
    if (!link.flow && link.callSid === undefined && !link.attempt && !link.machine) return path;
    return `${path}?${urlParameters.link}=${this.links.seal({ kind: 'callback', ...link })}`;
  }

  /** A campaign call's Url when its machines get a hang-up or a step of the flow. */
  campaignAnswer(base: string, target: CampaignAnswerTarget): string {
    return `${base}${servicePaths.campaignAnswer}?${urlParameters.link}=${this.links.seal({ kind: 'answer', ...target })}`;
  }

  /**
   * The links a flow document rendered for the call `callSid` points Telnyx at. A Gather's action
   * and its no-input Redirect differ only by the sealed event; callback links are sealed once per
   * flow per document.
   */
  flowLinks(base: string, callSid: string): FlowLinks {
    const callbacks = new Map<string, string>();
    return {
      action: (state, event) => this.step(base, state, { callSid, ...(event ? { event } : {}) }),
      queueWait: (state) => this.queueWait(base, state, { callSid }),
      callback: (kind, flow) => {
        let token = callbacks.get(flow);
        if (token === undefined) callbacks.set(flow, (token = this.links.seal({ kind: 'callback', flow, callSid })));
        return `${base}${callbackPaths[kind]}?${urlParameters.link}=${token}`;
      },
    };
  }

  // ---- reading ----

  /** Which flow a voice URL asks for: only our sealed link, or an unsealed `?flow=` name. */
  readVoice(query: UrlQuery): VoiceEntry {
    const link = query[urlParameters.link];
    if (link !== undefined) {
      try {
        const opened = this.links.open(single(link, urlParameters.link), 'voice');
        return { kind: 'sealed', flow: opened.flow, vars: opened.vars };
      } catch (error) {
        if (error instanceof StateTokenError) return { kind: 'invalid', error };
        throw error;
      }
    }
    const flow = query[urlParameters.flow];
    // Unsealed: a name and nothing else (var.* and every other parameter are ignored).
    if (typeof flow === 'string' && flow !== '') return { kind: 'named', flow: flow.slice(0, 128) };
    return { kind: 'route' };
  }

  /**
   * The state of a step or queue-wait URL, refused (StateTokenError) unless the signed request is
   * the call it was issued for.
   */
  readState(query: UrlQuery, signed: SignedParameters): { state: FlowState; event?: string } {
    const { state, binding } = this.states.openBound(single(query[urlParameters.state], urlParameters.state));
    if (!binding) throw new StateTokenError('foreign-call', 'state token is bound to no call');
    const callSid = boundSid(signed.CallSid);
    const parent = boundSid(signed.ParentCallSid);
    const ours = binding.callSid === callSid || (binding.leg === true && parent !== '' && binding.callSid === parent);
    if (!ours) throw new StateTokenError('foreign-call', `state token was issued for another call (${describeSid(binding.callSid)}), not ${describeSid(callSid)}`);
    return { state, ...(binding.event ? { event: binding.event } : {}) };
  }

  /**
   * The sealed parameters of a callback URL. A link issued in another call's document (neither the
   * signed CallSid nor ParentCallSid is the one it was issued for) is not honoured: the event is
   * Telnyx's and is kept, but it names no flow (the call's timeline does) and no campaign attempt.
   * Conference events concern every participant, so their links are not bound.
   */
  readCallback(kind: CallbackKind, query: UrlQuery, signed: SignedParameters): CallbackLink {
    const token = query[urlParameters.link];
    if (token === undefined) return {};
    let link: SealedLinkOf<'callback'>;
    try {
      link = this.links.open(single(token, urlParameters.link), 'callback');
    } catch (error) {
      if (error instanceof StateTokenError) return { problem: `link-${error.problem}` };
      throw error;
    }
    if (link.callSid !== undefined && kind !== 'conference') {
      const callSid = boundSid(signed.CallSid);
      const parent = boundSid(signed.ParentCallSid);
      if (callSid !== '' && link.callSid !== callSid && link.callSid !== parent) return { problem: 'link-foreign-call' };
    }
    return { ...(link.flow ? { flow: link.flow } : {}), ...(link.vars ? { vars: link.vars } : {}), ...(link.attempt ? { attempt: link.attempt } : {}), ...(link.machine ? { machine: link.machine } : {}) };
  }

  /** The sealed target of a campaign answer URL (StateTokenError when it does not open). */
  readCampaignAnswer(query: UrlQuery): CampaignAnswerTarget {
    const { flow, machine, attempt, vars } = this.links.open(single(query[urlParameters.link], urlParameters.link), 'answer');
    return { flow, machine, attempt, vars };
  }
}

/**
 * The voice URL to configure on a TeXML application (or in the portal): the plain path, or
 * `?flow=NAME` unsealed, which starts only entry-point flows and carries no variables. It never
 * expires, so it holds nothing that would need sealing.
 */
export function portalVoiceUrl(base: string, flow?: string): string {
  return `${base}${servicePaths.voice}${flow ? `?${new URLSearchParams({ [urlParameters.flow]: flow }).toString()}` : ''}`;
}

/** One value: a repeated parameter is refused rather than guessed at. */
function single(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) throw new StateTokenError('malformed', `'${name}' appears more than once`);
  throw new StateTokenError('malformed', `no '${name}' on the URL`);
}

function boundSid(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.slice(0, BOUND_CALL_SID_MAX_LENGTH) : '';
}

/** A CallSid for a log line: capped (it came from a request). */
function describeSid(sid: string): string {
  return sid === '' ? 'no CallSid' : sid.length > 64 ? `${sid.slice(0, 64)}…` : sid;
}
