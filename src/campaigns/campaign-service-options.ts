import type { Logger } from 'pino';
import type { FlowSetSource } from '../flows/flow-set-holder';
import type { CampaignStore } from './campaign-store';

export interface CampaignServiceOptions {
  store: CampaignStore;
  /** The flows campaigns may name (the service's holder, or a set the CLI loaded). */
  flows: FlowSetSource;
  /** CAMPAIGN_DEFAULT_REGION. */
  defaultRegion: string;
  /** TELNYX_DIALS_PER_SECOND: no campaign dials faster. */
  dialsPerSecondCap: number;
  logger: Logger;
  /** The campaigns' clock (epoch ms). */
  now?: () => number;
}
