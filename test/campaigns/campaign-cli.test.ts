import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CampaignDispatcher } from '../../src/campaigns/campaign-dispatcher';
import { CampaignService } from '../../src/campaigns/campaign-service';
import { CampaignStore } from '../../src/campaigns/campaign-store';
import {
  runCampaignAction,
  runCampaignCreate,
  runCampaignList,
  runCampaignResults,
  runCampaignStatus,
  runCampaignValidate,
  runDoNotCall,
  type CampaignCommandIo,
} from '../../src/cli/commands/campaign-command';
import type { CompiledFlowSet } from '../../src/flows/compiled-flow';
import { loadFlowSet } from '../../src/flows/load-flow-set';
import { createLogger } from '../../src/logging';
import { exampleDirs, examplesDir } from '../support/examples';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';

// The examples' copy stands for the project (users edit flows/ and campaigns/).
const projectDir = examplesDir;

class BufferIo implements CampaignCommandIo {
  stdout = '';
  stderr = '';
  waits = 0;
  constructor(
    readonly cwd: string,
    private readonly onWait: () => Promise<void> = async () => undefined,
  ) {}
  out = (text: string) => void (this.stdout += text);
  err = (text: string) => void (this.stderr += text);
  isTty = false;
  wait = async () => {
    this.waits += 1;
    await this.onWait();
  };
  openOutput = (path: string) => createWriteStream(path);
}

describe('campaign CLI', () => {
  let t: Awaited<ReturnType<typeof testRedis>>;
  let flows: CompiledFlowSet;
  let service: CampaignService;
  let store: CampaignStore;
  const logger = createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() });
  beforeAll(async () => {
    flows = (await loadFlowSet({ flowsDir: exampleDirs.flowsDir, routesDir: exampleDirs.routesDir }, { readEnv: () => undefined })).set!;
  });
  beforeEach(async () => {
    t = await testRedis();
    store = new CampaignStore(t.redis, t.prefix);
    service = new CampaignService({ store, flows: { current: flows }, defaultRegion: 'US', dialsPerSecondCap: 30, logger });
  });
  afterEach(async () => t.cleanup());

  it('when the example campaign is created, then the id, the import report with line numbers and the do-not-call file are printed', async () => {
    const io = new BufferIo(projectDir);
    expect(await runCampaignCreate('campaigns/appointment-reminders.yaml', {}, service, io)).toBe(0);
    const [id, ...rest] = io.stdout.split('\n');
    expect(id).toMatch(/^appointment-reminders-[0-9a-f]{6}$/);
    expect(rest.join('\n')).toBe(
      [
        'contacts: 7 rows, 4 imported, 1 duplicates, 2 invalid',
        "  line 7: '555-0100' is not a possible number in US (wrong length)",
        "  line 8: unknown time zone 'Mars/Olympus_Mons'",
        'do-not-call file: 1 numbers',
        `state: draft (start it with: texml-router campaign start ${id})`,
        '',
      ].join('\n'),
    );
    // The example flow declares every column the CSV carries, so the import has nothing to warn about.
    expect(io.stderr).toBe('');
    expect(await store.isDoNotCall('+13125550199', id)).toEqual({ global: false, campaign: true });
  });

  it('when a campaign file is invalid, then validate and create print file:line:col errors and exit 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campaign-cli-'));
    try {
      await writeFile(join(dir, 'bad.yaml'), 'campaign: bad\nflow: outbound-campain\ncaller_id: "+13125550100"\nwindow: { timezone: UTC, hours: { mon: "09:00-10:00" } }\npacing: { dials_per_second: 1, max_concurrent: 1 }\ncontacts: { file: missing.csv }\n');
      const io = new BufferIo(dir);
      expect(await runCampaignValidate('bad.yaml', { flows, defaultRegion: 'US', dialsPerSecondCap: 30 }, io)).toBe(1);
      expect(io.stderr).toBe("bad.yaml:2:7: error: unknown flow 'outbound-campain' (hint: did you mean 'outbound-campaign'?)\n");
      const create = new BufferIo(dir);
      expect(await runCampaignCreate('bad.yaml', {}, service, create)).toBe(1);
      expect(create.stderr).toBe(
        "bad.yaml:2:7: error: unknown flow 'outbound-campain' (hint: did you mean 'outbound-campaign'?)\nbad.yaml:6:19: error: no such file: missing.csv (hint: paths are relative to .)\n",
      );
      expect(await store.list()).toEqual([]);
      const valid = new BufferIo(projectDir);
      expect(await runCampaignValidate('campaigns/appointment-reminders.yaml', { flows, defaultRegion: 'US', dialsPerSecondCap: 30 }, valid)).toBe(0);
      expect(valid.stdout).toBe('campaigns/appointment-reminders.yaml: campaign appointment-reminders is valid (flow outbound-campaign)\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when a campaign is started, paused, resumed and watched, then each command prints the state and --watch draws progress until the end', async () => {
    const create = new BufferIo(projectDir);
    expect(await runCampaignCreate('campaigns/appointment-reminders.yaml', { start: true }, service, create)).toBe(0);
    const id = create.stdout.split('\n')[0]!;
    expect(create.stdout).toContain('state: running\n');
    const io = new BufferIo(projectDir);
    expect(await runCampaignAction('pause', id, service, io)).toBe(0);
    expect(await runCampaignAction('pause', id, service, io)).toBe(1);
    expect(await runCampaignAction('resume', id, service, io)).toBe(0);
    expect(io.stdout).toBe(`${id}: paused\n${id}: running\n`);
    expect(io.stderr).toBe(`texml-router campaign pause: cannot pause campaign '${id}': it is paused\n`);

    // Every contact is on a do-not-call list, so each dispatcher pass settles some without a call.
    await service.addDoNotCall(['+13125550142', '+12125550187', '+14155550123']);
    const dispatcher = new CampaignDispatcher({ store, jobs: { submit: async () => ({ jobId: 'x' }), status: async () => undefined }, logger, publicBaseUrl: 'https://router.test', tickMs: 10, recheckMs: 1000, now: () => Date.UTC(2026, 0, 5, 18) });
    const watch = new BufferIo(projectDir, () => dispatcher.tick());
    expect(await runCampaignStatus(id, { watch: true }, service, watch)).toBe(0);
    const lines = watch.stdout.split('\n');
    expect(lines[0]).toBe(id);
    expect(lines[1]).toMatch(/^running {3}\[\.{24}\] {3}0% \| 0\/4 done \| 0 live \| 0\.0\/s \| ETA /);
    expect(lines[2]).toMatch(/^completed \[#{24}\] 100% \| 4\/4 done \| 0 live \| 0\.0\/s \| ETA 0:00 \| dnc 4$/);
    expect(watch.stdout).toContain(`campaign ${id} (appointment-reminders), flow outbound-campaign: completed\n  contacts  4 total: 0 waiting, 0 scheduled, 0 dialing, 4 done\n  outcomes  dnc 4\n`);
    expect(watch.waits).toBe(1);

    const status = new BufferIo(projectDir);
    expect(await runCampaignStatus(id, { json: true }, service, status)).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, state: 'completed', outcomes: { dnc: 4 } });

    const results = new BufferIo(projectDir);
    expect(await runCampaignResults(id, {}, service, results)).toBe(0);
    expect(results.stdout.split('\n')).toHaveLength(6);
    const dir = await mkdtemp(join(tmpdir(), 'campaign-results-'));
    try {
      const toFile = new BufferIo(dir);
      expect(await runCampaignResults(id, { output: 'out.csv' }, service, toFile)).toBe(0);
      expect(await readFile(join(dir, 'out.csv'), 'utf8')).toBe(results.stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const list = new BufferIo(projectDir);
    await runCampaignList(service, list);
    expect(list.stdout).toMatch(new RegExp(`^${id} +completed +4/4 done`));
  });

  it('when numbers are added to or removed from the do-not-call list, then bad ones are reported', async () => {
    const io = new BufferIo(projectDir);
    expect(await runDoNotCall('add', ['(312) 555-0142', 'nope'], {}, service, io)).toBe(1);
    expect(io.stdout).toBe('added 1 number(s) to the global do-not-call list\n');
    expect(io.stderr).toBe("not added: nope: 'nope' is not a phone number\n");
    expect(await runDoNotCall('remove', ['+13125550142', '+13125550143'], {}, service, io)).toBe(1);
    expect(io.stdout).toContain('+13125550142: removed\n+13125550143: was not on the list\n');
    expect(await runCampaignStatus('no-such-campaign', {}, service, io)).toBe(1);
    expect(io.stderr).toContain("texml-router campaign status: no campaign 'no-such-campaign'\n");
  });
});
