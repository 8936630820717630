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
 * The Url of a campaign call whose machines get something other than the flow: the answer endpoint
 * reads AnsweredBy (synchronous detection puts it on the first request) and runs the flow, a step
 * of it, or hangs up. Everything it needs is on the URL, so answering needs no Redis.
 */
export function campaignAnswerUrl(base: string, target: AnswerTarget): string {
  const query = new URLSearchParams({
    flow: target.flow,
    machine: target.machine.kind === 'hangup' ? 'hangup' : `step:${target.machine.step}`,
    campaign: target.campaign,
    contact: String(target.contact),
    attempt: String(target.attempt),
  });
  for (const [name, value] of Object.entries(target.vars)) query.append(`var.${name}`, value);
  return `${base}${CAMPAIGN_ANSWER_PATH}?${query.toString()}`;
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
