export { FlowStateCodec, BOUND_CALL_SID_MAX_LENGTH, type StateBinding } from './flow-state-codec';
export { StateSealer, DEFAULT_MAX_TOKEN_LENGTH } from './state-sealer';
export type { StateSealerOptions } from './state-sealer-options';
export { StateTokenError, type StateTokenProblem } from './state-token-error';
