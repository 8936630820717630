import { callbackPaths } from '../urls/service-paths';
import type { FlowLinks, FlowState } from '../state/flow-state';

/** The call `render` pretends to answer, unless --param says otherwise (Telnyx's parameter names). */
export const defaultRenderParams: Readonly<Record<string, string>> = {
  AccountSid: 'render-account',
  CallSid: 'v3:render-call',
  From: '+13125550199',
  To: '+13125550100',
  CallerId: '+13125550199',
  CallingPartyType: 'pstn',
  CallStatus: 'in-progress',
  ConnectionId: 'render-connection',
  CallSidLegacy: 'v3:render-call',
};

/**
 * Action URLs that say where the call would come back, instead of sealed state tokens:
 * `https://texml-router.invalid/resume/FLOW/STEP/ACTION?retries=N&leg=N[&event=E]`.
 * Deterministic, so tests and benchmarks use it too.
 */
export function readableFlowLinks(base = 'https://texml-router.invalid'): FlowLinks {
  const path = (s: string) => encodeURIComponent(s);
  return {
    action: (state: FlowState, event?: string) =>
      `${base}/resume/${path(state.flow)}/${path(state.step)}/${state.action}?retries=${state.retries}&leg=${state.leg}${event ? `&event=${path(event)}` : ''}`,
    queueWait: (_state: FlowState, wait: { flow: string; step: string }) => `${base}/queue-wait/${path(wait.flow)}/${path(wait.step)}`,
    callback: (kind, flow) => `${base}${callbackPaths[kind]}?flow=${path(flow)}`,
  };
}
