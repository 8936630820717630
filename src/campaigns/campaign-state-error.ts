import { AppError } from '../errors/app-error';

/** A lifecycle action the campaign's state does not allow (resume a running campaign, start an empty one...). */
export class CampaignStateError extends AppError {
  constructor(
    readonly campaignId: string,
    readonly action: string,
    readonly state: string,
    reason?: string,
  ) {
    super('CAMPAIGN_STATE', reason ?? `cannot ${action} campaign '${campaignId}': it is ${state}`, { httpStatus: 409 });
  }
}
