export { ServiceUrls, portalVoiceUrl, type ServiceUrlsOptions, type VoiceEntry, type CallbackLink, type CampaignAnswerTarget, type UrlQuery, type SignedParameters } from './service-urls';
export { LinkSealer, type SealedLink, type CampaignAttemptRef, type AnswerMachine, type LinkVars } from './link-sealer';
export { servicePaths, callbackPaths, urlParameters } from './service-paths';
