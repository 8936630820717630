export type { OpenQuestion, ParamSpec, ParamType, RestFieldSpec, RestFieldType, RestResourceSpec, WebhookEndpoint, WebhookSpec } from './contract-types';
export { answeredByValues, openVocabularies, webhookContract, webhookKinds, type WebhookKind } from './webhook-contract';
export { contractParameterNames, matchWebhook, validateWebhook, type ValidateWebhookOptions, type WebhookParams } from './validate-webhook';
export { listEnvelope, restContract, restLists, restResourceKinds, type RestListKey, type RestResourceKind } from './rest-contract';
export { validateRestList, validateRestResource } from './validate-rest-resource';
export { openQuestions } from './open-questions';
export { renderContractDoc } from './render-contract-doc';
