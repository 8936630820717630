import type { CompiledFlowSet } from '../flows/compiled-flow';

export interface CampaignLoadOptions {
  /** The flows a campaign may name (the service's current set); undefined: flows are not checked. */
  flows: CompiledFlowSet | undefined;
  /** CAMPAIGN_DEFAULT_REGION. */
  defaultRegion: string;
  /** TELNYX_DIALS_PER_SECOND: a faster campaign is warned about (and runs at this rate). */
  dialsPerSecondCap: number;
}
