import type { CampaignDefinition } from './campaign-definition';

export interface ContactImportOptions {
  /** Column names, region and variables: the campaign's `contacts` section. */
  contacts: CampaignDefinition['contacts'];
  /** Variables the campaign's flow declares: other columns are reported (the flow would not see them). */
  declaredVars?: ReadonlySet<string>;
  /** Rows written to Redis per script call (default 500). */
  batchSize?: number;
  /** Invalid rows listed in the report (all are counted; default 100). */
  reportProblems?: number;
}
