import type { ApplicationInput } from './state/application-store';

/** A TeXML application with Telnyx's defaults (as `POST /texml_applications` fills them in), for wiring up in code. */
export function applicationInput(friendlyName: string, voiceUrl: string, extras: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    friendlyName,
    voiceUrl,
    active: true,
    anchorsiteOverride: 'Latency',
    callCostInWebhooks: false,
    dtmfType: 'RFC 2833',
    firstCommandTimeout: false,
    firstCommandTimeoutSecs: 30,
    inbound: { channelLimit: undefined, shakenStirEnabled: false, sipSubdomain: undefined, sipSubdomainReceiveSettings: 'from_anyone' },
    outbound: { channelLimit: undefined, outboundVoiceProfileId: undefined },
    statusCallback: undefined,
    statusCallbackMethod: 'post',
    tags: [],
    voiceFallbackUrl: undefined,
    voiceMethod: 'post',
    ...extras,
  };
}
