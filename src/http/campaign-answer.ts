import type { Logger } from 'pino';
import { isMachine } from '../campaigns/answer-url';
import type { FlowSetSource } from '../flows/flow-set-holder';
import type { FlowState } from '../state/flow-state';
import { logValue } from '../logging/log-value';
import { StateTokenError } from '../state/state-token-error';
import { neutralise, URL_VARIABLE_MAX_LENGTH } from '../templates/neutralise';
import { buildTexml } from '../texml';
import type { CampaignAnswerTarget, ServiceUrls, UrlQuery } from '../urls/service-urls';
import { servicePaths, urlParameters } from '../urls/service-paths';

export interface CampaignAnswerDependencies {
  /** Reads the sealed answer link; seals what the voice webhook reads next. */
  urls: ServiceUrls;
  flows: FlowSetSource;
  logger: Logger;
}

/** What a campaign answer comes to: a document of its own, or a voice URL (path and query) served in its place. */
export type CampaignAnswerOutcome = { texml: string } | { forwardTo: string };

/** Hangs up on a machine (the campaign said so). */
const HANGUP_DOCUMENT = buildTexml([{ verb: 'Hangup' }]);

/** A state index past any step's end: opening it renders the step from its first action. */
const STEP_START = 1_000_000;

/**
 * `/campaigns/answer`: the first request of a campaign call whose machines get something other
 * than the flow (synchronous detection puts AnsweredBy on it). Everything it acts on is the sealed
 * link the dispatcher put on the call's Url (flow, machine handling, attempt, contact variables) and
 * the signed body (AnsweredBy, CallSid); no other query value is read. A person goes on to `/voice`
 * with a sealed voice link for the flow and the contact's variables; a machine gets a hang-up, or
 * goes to `/voice/step` with a state that starts the voicemail step, bound to this call. Both are
 * served by the voice webhook receiver in the same request (already signature-checked), so the
 * answer needs no Redis and no extra round trip. A link that does not open gets the fallback there.
 */
export class CampaignAnswer {
  constructor(private readonly deps: CampaignAnswerDependencies) {}

  answer(params: Record<string, unknown>, query: UrlQuery): CampaignAnswerOutcome {
    const { urls, logger } = this.deps;
    let target: CampaignAnswerTarget;
    try {
      target = urls.readCampaignAnswer(query);
    } catch (error) {
      if (!(error instanceof StateTokenError)) throw error;
      logger.warn({ callSid: logValue(params.CallSid), problem: error.problem }, 'campaign answer link refused');
      // The voice webhook answers a link that does not open with the fallback document (and counts it).
      return { forwardTo: `${servicePaths.voice}?${urlParameters.link}=-` };
    }
    const { flow, machine, attempt, vars } = target;
    const base = '';
    if (!isMachine(params.AnsweredBy)) return { forwardTo: urls.voice(base, flow, vars) };
    const log = { callSid: logValue(params.CallSid), campaign: attempt.campaign, contact: attempt.contact, attempt: attempt.attempt, answeredBy: logValue(params.AnsweredBy), machine: machine.kind };
    if (machine.kind === 'hangup') {
      logger.info(log, 'campaign call answered by a machine: hanging up');
      return { texml: HANGUP_DOCUMENT };
    }
    const declared = this.deps.flows.current?.flows.get(flow)?.declaredVars;
    const state: FlowState = {
      flow,
      version: '',
      step: machine.step,
      action: STEP_START,
      retries: 0,
      leg: 0,
      vars: Object.fromEntries(Object.entries(vars).filter(([name]) => !declared || declared.has(name)).map(([name, value]) => [name, neutralise(String(value), URL_VARIABLE_MAX_LENGTH)])),
    };
    logger.info({ ...log, step: machine.step }, 'campaign call answered by a machine: playing the voicemail step');
    return { forwardTo: urls.step(base, state, { callSid: typeof params.CallSid === 'string' ? params.CallSid : '' }) };
  }
}
