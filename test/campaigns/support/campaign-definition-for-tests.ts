import type { CampaignDefinition } from '../../../src/campaigns/campaign-definition';

/** A compiled campaign that calls at any time, retries nothing, and names the test flow; tests override what they are about. */
export function campaignDefinitionForTests(overrides: Partial<CampaignDefinition> = {}): CampaignDefinition {
  return {
    name: 'test-campaign',
    flow: 'campaign-test',
    callerIds: { numbers: ['+13125550100'], pick: 'round-robin' },
    contacts: { phoneColumn: 'phone', defaultRegion: 'US' },
    window: { timezone: 'America/Chicago', hours: { 'mon-sun': '00:00-24:00' }, exclude: [] },
    pacing: { dialsPerSecond: 10, maxConcurrent: 3 },
    amd: { mode: 'off', onMachine: { kind: 'flow' } },
    retry: {},
    doNotCall: { numbers: [] },
    ringTimeoutSeconds: 30,
    liveCallTimeoutMs: 3_600_000,
    ...overrides,
  };
}
