import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CallbackIngestor } from '../../src/events/callback-ingestor';
import { FlowSetHolder } from '../../src/flows/flow-set-holder';
import { createStudioApp } from '../../src/http/create-studio-app';
import { coverageOfAllScenarios } from '../../src/simulator/flows-coverage';
import { loadScenarioFile } from '../../src/simulator/scenario-file';
import { ScenarioRunner } from '../../src/simulator/scenario-runner';
import { exampleDirs } from '../support/examples';
import { EventStore } from '../../src/events/event-store';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';
import { createTestApp, repoRoot, type TestApp } from '../support/test-app';

// Issue "See every flow", item 4: the studio driven in Debian's chromium (installed by .ci/run).
// Screenshots go to a temporary directory, or to docs/images when TEXML_STUDIO_SCREENSHOTS=1
// (how the committed ones were taken).
const CHROMIUM = '/usr/bin/chromium';
const ADMIN = 'studio-browser-admin-token-0123';

describe('the studio in a browser', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let shots: string;

  beforeAll(async () => {
    redis = await testRedis();
    const store = new EventStore(redis.redis, { prefix: redis.prefix, retentionSeconds: 3600 });
    const logger = createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() });
    // The examples as shipped (their copy in test/fixtures/examples).
    t = await createTestApp({ env: { ADMIN_TOKEN: ADMIN }, events: () => ({ store, ingestor: new CallbackIngestor(store, logger) }) });
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ httpCredentials: { username: 'admin', password: ADMIN }, viewport: { width: 1500, height: 950 } });
    page = await context.newPage();

    // eslint-disable-next-line no-restricted-properties -- the test run's own switch, not service config
    shots = process.env.TEXML_STUDIO_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'images') : await mkdtemp(join(tmpdir(), 'studio-shots-'));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await redis?.cleanup();
  });

  it("when each example flow is opened, then its graph shows one node per step", async () => {
    await page.goto(`${base}/studio`);
    for (const [name, flow] of t.flows.current!.flows) {
      await page.click(`#flows a[data-flow="${name}"]`);
      await page.waitForSelector(`#graph svg[data-flow="${name}"]`);
      expect(await page.locator('#graph g.step:not(.external)').count()).toBe(flow.steps.size);
    }
  });

  it('when a step is clicked, then its TeXML is shown', async () => {
    const flow = t.flows.current!.flows.get('main-line')!;
    await page.goto(`${base}/studio#main-line`);
    await page.waitForSelector('#graph svg[data-flow="main-line"]');
    await page.click(`#graph g.step[data-step="${flow.start}"]`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('texml')?.textContent?.includes('<Response>'));
    expect(await page.textContent('#step-title')).toContain(`main-line.${flow.start}`);
    await page.screenshot({ path: join(shots, 'studio-main-line.png') });
  });

  it('when calls are played, then the visit counts on the graph go up', async () => {
    const flow = t.flows.current!.flows.get('main-line')!;
    let loads = 0;
    // A fresh load each time (a query of its own: the same URL with the same hash would not reload).
    const visits = async () => {
      await page.goto(`${base}/studio?load=${++loads}#main-line`);
      await page.waitForSelector('#graph g.step text.traffic');
      const text = await page.textContent(`#graph g.step[data-step="${flow.start}"] text.traffic`);
      return Number(/^(\d+) visits/.exec(text ?? '')?.[1]);
    };
    const before = await visits();
    for (let i = 0; i < 3; i++) {
      const call = { CallSid: `v3:browser-${i}`, AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'ringing' };
      await t.post('/voice', call).expect(200);
    }
    // The counters move just after each webhook is answered: wait on the page, not on a timer.
    for (;;) {
      if ((await visits()) === before + 3) break;
    }
    // One of those calls drawn as its path on the graph.
    await page.fill('#call-sid', 'v3:browser-0');
    await page.click('#call-form button');
    await page.waitForSelector(`#graph g.step.path[data-step="${flow.start}"]`);
    expect(await page.textContent('#call-status')).toContain('v3:browser-0');
    await page.screenshot({ path: join(shots, 'studio-traffic.png') });
  });

  it('when the studio runs with the scenarios played (texml-router studio --coverage), then the graph says what they cover', async () => {
    const flowsDir = join(repoRoot, 'test/fixtures/simulator/flows');
    const routesDir = join(repoRoot, 'test/fixtures/simulator/routes');
    const played = await coverageOfAllScenarios({ flowsDir, routesDir, baseDir: repoRoot, readEnv: () => undefined });
    const flows = new FlowSetHolder({ flowsDir, routesDir }, { readEnv: () => undefined }, createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() }));
    await flows.load();
    const local = createServer(createStudioApp({ flows, coverage: played.coverage }));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(local.address() as AddressInfo).port}/studio#quiz`);
      await page.waitForSelector('#graph svg[data-flow="quiz"]');
      await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('coverage')?.textContent?.startsWith('Scenario coverage: 100%'));
      expect(await page.locator('#graph g.step.uncovered').count()).toBe(0);
    } finally {
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });

  it('when calls are played with the simulator against the service, then the visit counts on the graph go up', async () => {
    // A service at a URL of its own (its action and callback URLs must lead back to it), with
    // signatures off so the simulator's emulator need not share a key.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const served = `http://127.0.0.1:${port}`;
    const store = new EventStore(redis.redis, { prefix: `${redis.prefix}-sim`, retentionSeconds: 3600 });
    const logger = createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() });
    const sim = await createTestApp({ signed: false, env: { ADMIN_TOKEN: ADMIN, PUBLIC_BASE_URL: served }, events: () => ({ store, ingestor: new CallbackIngestor(store, logger) }) });
    const simServer = createServer(sim.app);
    await new Promise<void>((resolve) => simServer.listen(port, '127.0.0.1', resolve));
    const runner = await ScenarioRunner.start({ ...exampleDirs, baseDir: repoRoot, serviceUrl: served, flowStateSecret: sim.config.flowStateSecret, flowStateTtlSeconds: sim.config.flowStateTtlSeconds });
    try {
      const start = `main-line.${sim.flows.current!.flows.get('main-line')!.start}`;
      const visits = async (n: number) => {
        await page.goto(`${served}/studio?sim=${n}#main-line`);
        await page.waitForSelector('#graph g.step text.traffic');
        const text = await page.textContent(`#graph g.step[data-step="${start.slice('main-line.'.length)}"] text.traffic`);
        return Number(/^(\d+) visits/.exec(text ?? '')?.[1]);
      };
      expect(await visits(0)).toBe(0);
      const file = await loadScenarioFile(join(exampleDirs.flowsDir, 'main-line.scenarios.yaml'));
      const played = [];
      for (const scenario of file.scenarios.filter((s) => !s.flow || s.flow === 'main-line').slice(0, 3)) played.push(await runner.run(scenario, 'main-line'));
      const reached = played.filter((result) => result.steps.includes(start)).length;
      expect(reached).toBeGreaterThan(0);
      for (let n = 1; ; n++) if ((await visits(n)) >= reached) break;
    } finally {
      await runner.close();
      await new Promise<void>((resolve) => simServer.close(() => resolve()));
    }
  });
});
