import { callbackKinds, type CallbackKind } from '../events/call-event';

/**
 * Every path the service serves to Telnyx, and the query parameters it reads back from them.
 * URLs are built and read only by ServiceUrls (service-urls.ts); nothing else writes these.
 */
export const servicePaths = {
  /** The voice URL: a call's first request (inbound from the portal, or a calls.create Url). */
  voice: '/voice',
  /** Every action URL (Gather, Dial, Record, Enqueue, Conference, the no-input Redirect). */
  step: '/voice/step',
  /** The Enqueue waitUrl (Telnyx requests it again in a loop). */
  queueWait: '/voice/queue-wait',
  /** A campaign call's Url when machines get something other than the flow. */
  campaignAnswer: '/campaigns/answer',
} as const;

/** Where each kind of callback is posted. Every callback URL the service emits uses these. */
export const callbackPaths: Readonly<Record<CallbackKind, string>> = Object.fromEntries(
  callbackKinds.map((kind) => [kind, `/callbacks/${kind}`]),
) as Record<CallbackKind, string>;

/** The only query parameters the service reads back from a URL it is requested on. */
export const urlParameters = {
  /** The sealed, call-bound flow state on step and queue-wait URLs. */
  state: 'state',
  /** The sealed link parameters on voice, callback and campaign-answer URLs. */
  link: 'link',
  /** Unsealed flow name on a voice URL configured in the Telnyx portal: entry-point flows only. */
  flow: 'flow',
} as const;
