import type { Logger } from 'pino';
import type { CallEvent } from '../events/call-event';
import type { CallEventObserver } from '../events/callback-ingestor';
import type { CampaignStore, RecordKind } from './campaign-store';

const FINAL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const CAMPAIGN_ID = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

/**
 * Campaign outcomes from call callbacks. Campaign calls carry `?campaign=&contact=&attempt=` on
 * their status (and AMD) callback URLs; this records each delivery against that attempt: the call
 * sid, AMD, the answer, and the end (which frees the slot and schedules a retry or makes the
 * contact final). Idempotent per event id, as the ingestor requires: a redelivery finds the attempt
 * already settled, and a late callback of an earlier attempt is ignored.
 */
export class CampaignOutcomeObserver implements CallEventObserver {
  constructor(
    private readonly store: CampaignStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async observe(event: CallEvent): Promise<void> {
    const { campaign_id: campaign, contact_id: contactText, attempt: attemptText } = event.data;
    if (!campaign || !contactText || !attemptText) return;
    const contact = Number(contactText);
    const attempt = Number(attemptText);
    if (!CAMPAIGN_ID.test(campaign) || !Number.isInteger(contact) || contact < 1 || !Number.isInteger(attempt) || attempt < 1) {
      this.logger.warn({ campaign, contact: contactText, attempt: attemptText, event: event.type }, 'callback with malformed campaign parameters: ignored');
      return;
    }
    let kind: RecordKind = 'progress';
    let status = '';
    if (event.kind === 'call-status') {
      status = event.data.call_status ?? event.type.replace(/^call\./, '');
      if (FINAL_STATUSES.has(status)) kind = 'final';
    } else if (event.kind !== 'amd') {
      return;
    }
    const result = await this.store.record(
      campaign,
      contact,
      attempt,
      kind,
      {
        status,
        ...(event.callSid && event.callSid !== 'unknown' ? { sid: event.callSid } : {}),
        ...(event.data.answered_by ? { answeredBy: event.data.answered_by } : {}),
        ...(event.data.call_duration ? { duration: event.data.call_duration } : {}),
        ...(event.data.to ? { to: event.data.to } : {}),
      },
      this.now(),
    );
    if (result === 'foreign') {
      this.logger.warn({ campaign, contact, attempt, callSid: event.callSid, event: event.type }, 'callback for a campaign attempt from a call that attempt did not place: ignored');
      return;
    }
    if (kind === 'final') this.logger.info({ campaign, contact, attempt, status, result, callSid: event.callSid }, 'campaign attempt ended');
  }
}
