import { AppError } from '../errors/app-error';

export class CampaignNotFoundError extends AppError {
  constructor(readonly campaignId: string) {
    super('CAMPAIGN_NOT_FOUND', `no campaign '${campaignId}'`, { httpStatus: 404 });
  }
}
