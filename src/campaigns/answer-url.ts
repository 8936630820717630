import type { MachineHandling } from './campaign-definition';

/** Path of the campaign answer endpoint (served by the webhook router). */
export const CAMPAIGN_ANSWER_PATH = '/campaigns/answer';

export interface AnswerTarget {
  flow: string;
  machine: Exclude<MachineHandling, { kind: 'flow' }>;
  campaign: string;
  contact: number;
  attempt: number;
  vars: Record<string, string>;
}

/**
 * The Url campaign calls of earlier releases were placed with: the answer endpoint reads
 * AnsweredBy and runs the flow, a step of it, or hangs up. Telnyx puts no AnsweredBy on the Url
 * fetch (the verdict goes to the status callback, see AmdVerdictHandler), so new calls run the
 * flow's Url directly; the endpoint stays for calls placed before the change.
 */
export function campaignAnswerUrl(base: string, target: AnswerTarget): string {
  const query = new URLSearchParams({
    flow: target.flow,
    machine: machineParam(target.machine),
    campaign: target.campaign,
    contact: String(target.contact),
    attempt: String(target.attempt),
  });
  for (const [name, value] of Object.entries(target.vars)) query.append(`var.${name}`, value);
  return `${base}${CAMPAIGN_ANSWER_PATH}?${query.toString()}`;
}

/** The `machine` parameter (of an answer URL, or of a campaign call's callback URLs). */
export function machineParam(machine: AnswerTarget['machine']): string {
  return machine.kind === 'hangup' ? 'hangup' : `step:${machine.step}`;
}

/** The `machine` parameter of an answer URL; undefined when it is not one we write. */
export function parseMachineParam(value: unknown): AnswerTarget['machine'] | undefined {
  if (value === 'hangup') return { kind: 'hangup' };
  if (typeof value === 'string' && /^step:[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(value)) return { kind: 'step', step: value.slice(5) };
  return undefined;
}

/** AnsweredBy values that mean a machine (fax included: nobody to talk to). */
export function isMachine(answeredBy: unknown): boolean {
  return typeof answeredBy === 'string' && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}
