import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCampaignDefinition, type CampaignLoadOptions } from '../../src/campaigns/load-campaign-definition';
import type { CompiledFlowSet } from '../../src/flows/compiled-flow';
import { formatDiagnostic } from '../../src/source/flow-diagnostic';
import { loadFlowSet } from '../../src/flows/load-flow-set';
import { generateSchemas } from '../../scripts/generate-schemas';
import { exampleDirs, examplesDir } from '../support/examples';
import { fixturesDir } from './support/campaign-fixture';

// The examples' copy stands for the project (users edit flows/ and campaigns/).
const projectDir = examplesDir;

describe('campaign definitions', () => {
  let repoFlows: CompiledFlowSet;
  let testFlows: CompiledFlowSet;
  beforeAll(async () => {
    repoFlows = (await loadFlowSet({ flowsDir: exampleDirs.flowsDir, routesDir: exampleDirs.routesDir }, { readEnv: () => undefined })).set!;
    testFlows = (await loadFlowSet({ flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes') }, { readEnv: () => undefined })).set!;
  });
  const options = (flows: CompiledFlowSet): CampaignLoadOptions => ({ flows, defaultRegion: 'US', dialsPerSecondCap: 30 });
  const check = (text: string) => loadCampaignDefinition('campaigns/test.yaml', text, options(testFlows)).diagnostics.map(formatDiagnostic);

  const valid = `campaign: reminders
flow: campaign-test
caller_id: ["+13125550100", "+13125550101"]
window:
  timezone: America/Chicago
  hours: { mon-fri: "09:00-17:00", sat: closed }
pacing: { dials_per_second: 5, max_concurrent: 10 }
amd: { mode: detect, on_machine: { step: voicemail } }
retry:
  busy: { delay: 15m, max_attempts: 3 }
live_call_timeout: 1h30m
`;

  it('when the example campaign is loaded with the example flows, then it is valid and normalised', () => {
    const path = 'campaigns/appointment-reminders.yaml';
    const outcome = loadCampaignDefinition(path, readFileSync(join(projectDir, path), 'utf8'), options(repoFlows));
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.definition).toMatchObject({
      name: 'appointment-reminders',
      flow: 'outbound-campaign',
      callerIds: { pick: 'area-code' },
      contacts: { file: 'appointment-reminders.csv', phoneColumn: 'phone', timezoneColumn: 'timezone', defaultRegion: 'US', variables: ['first_name', 'appointment'] },
      amd: { mode: 'detect-message-end', onMachine: { kind: 'step', step: 'voicemail' } },
      retry: { busy: { delayMs: 900_000, maxAttempts: 3 }, 'no-answer': { delayMs: 7_200_000, maxAttempts: 2 } },
      doNotCall: { file: 'do-not-call.txt', numbers: [] },
      ringTimeoutSeconds: 25,
      liveCallTimeoutMs: 3_600_000,
    });
  });

  it('when a campaign is valid, then durations and defaults are filled in', () => {
    const { definition, diagnostics } = loadCampaignDefinition('x.yaml', valid, options(testFlows));
    expect(diagnostics).toEqual([]);
    expect(definition).toMatchObject({ callerIds: { numbers: ['+13125550100', '+13125550101'], pick: 'round-robin' }, liveCallTimeoutMs: 5_400_000, ringTimeoutSeconds: 30, window: { hours: { 'mon-fri': '09:00-17:00' }, exclude: [] } });
  });

  it('when keys are misspelt or missing, then each error names its line and column with a likely fix', () => {
    expect(check(valid.replace('max_concurrent', 'max_concurent'))).toEqual([
      "campaigns/test.yaml:7:9: error: 'pacing.max_concurrent' is required",
      "campaigns/test.yaml:7:32: error: unknown key 'max_concurent' in 'pacing' (hint: did you mean 'max_concurrent'? allowed: dials_per_second, max_concurrent)",
    ]);
    expect(check(valid.replace('delay: 15m', 'delay: 15 minutes'))).toEqual([
      "campaigns/test.yaml:10:18: error: 'retry.busy.delay' must be a duration such as 90s, 15m, 2h, 1d or 1h30m (or a number of seconds)",
    ]);
    expect(check(valid.replace('caller_id: ["+13125550100", "+13125550101"]', 'caller_id: ["3125550100"]'))).toEqual([
      "campaigns/test.yaml:3:13: error: 'caller_id' must be an E.164 number such as +13125550100",
    ]);
  });

  it('when the flow, the machine step, a zone or an hour range is wrong, then the errors point at them', () => {
    expect(check(valid.replace('flow: campaign-test', 'flow: campain-test'))).toEqual(["campaigns/test.yaml:2:7: error: unknown flow 'campain-test' (hint: did you mean 'campaign-test'?)"]);
    expect(check(valid.replace('step: voicemail', 'step: voicemial'))).toEqual([
      "campaigns/test.yaml:8:42: error: flow 'campaign-test' has no step 'voicemial' (hint: did you mean 'voicemail'?)",
    ]);
    expect(check(valid.replace('America/Chicago', 'America/Chicagoo').replace('"09:00-17:00"', '"17:00-09:00"'))).toEqual([
      'campaigns/test.yaml:5:13: error: unknown time zone \'America/Chicagoo\' (hint: use an IANA name such as America/Chicago or Europe/London)',
      'campaigns/test.yaml:6:21: error: time range 17:00-09:00 ends before it starts (overnight hours are two ranges on two days)',
      'campaigns/test.yaml:6:10: error: the window never opens: give at least one range of hours',
    ]);
    expect(check(valid.replace('live_call_timeout: 1h30m', 'live_call_timeout: 30s'))).toEqual([
      'campaigns/test.yaml:11:20: error: live_call_timeout must leave time for ringing and a call (at least 60 s) (hint: calls still up when it passes would be counted as unknown)',
    ]);
    expect(check(`${valid}do_not_call: { numbers: ["+13125550199", "nope"] }\n`)).toEqual(["campaigns/test.yaml:12:42: error: do-not-call number: 'nope' is not a phone number"]);
  });

  it('when a campaign has something probably unmeant, then it loads with warnings', () => {
    const text = valid.replace('amd: { mode: detect,', 'amd: { mode: "off",').replace('dials_per_second: 5', 'dials_per_second: 50');
    const outcome = loadCampaignDefinition('campaigns/test.yaml', text, options(testFlows));
    expect(outcome.definition?.amd).toEqual({ mode: 'off', onMachine: { kind: 'flow' } });
    expect(outcome.diagnostics.map(formatDiagnostic)).toEqual([
      'campaigns/test.yaml:8:33: warning: on_machine has no effect while amd.mode is off (hint: set amd.mode to detect or detect-message-end)',
      'campaigns/test.yaml:7:29: warning: 50 dials per second is above TELNYX_DIALS_PER_SECOND (30): the campaign dials at 30',
    ]);
  });

  it('when the YAML itself is broken, then the syntax error has a position', () => {
    expect(check('campaign: x\nflow: [campaign-test\n')).toEqual(['campaigns/test.yaml:2:7: error: YAML: this list is never closed (hint: add the closing ])']);
  });

  it('when an editor reads schemas/campaign.schema.json, then it describes the language', () => {
    const schema = JSON.parse(generateSchemas()['campaign.schema.json']!) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['campaign', 'flow', 'caller_id', 'window', 'pacing']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['contacts', 'amd', 'retry', 'do_not_call', 'live_call_timeout']));
  });
});
