import { describeRedisTarget } from '../../config/redis-target';
import { portalVoiceUrl } from '../../urls/service-urls';
import { callbackPaths } from '../../urls/service-paths';
import type { Command } from 'commander';
import type { Config } from '../../config';
import { ServiceMetrics } from '../../http/metrics/service-metrics';
import { JobMetrics } from '../../jobs/job-metrics';
import { RedisAvailability } from '../../jobs/redis-availability';
import { renderFlow } from '../../flows/flow-interpreter';
import type { FlowSetSource } from '../../flows/flow-set-holder';
import { callFromParameters } from '../../templates/call-context';
import type { ServiceClock } from '../../clock';
import { addClockOptions, clockOverrides, type ClockFlags } from '../clock-options';
import { startRuntime, type ServiceRuntime } from '../service-runtime';
import { defaultRenderParams, readableFlowLinks } from '../../flows/readable-flow-links';
import { startWebRole } from '../web-role';
import { printTranscripts } from './emulate-command';
import { startWorkerRole } from '../worker-role';

interface DevOptions extends ClockFlags {
  port?: number;
  emulatorPort?: number;
  worker: boolean;
  quiet?: boolean;
  callbacks?: boolean;
}

const portOption = (value: string) => Number.parseInt(value, 10);

/**
 * `texml-router dev` (`npm run dev`): the Telnyx emulator, the service and the job worker in one
 * process, wired to each other: the service verifies webhooks with the emulator's key and its
 * workers call the emulator's REST API; the emulator's TeXML application points at the service.
 * Nothing here reads the environment beyond the usual config: the wiring overrides it in memory.
 */
export function registerDevCommand(program: Command): void {
  addClockOptions(program.command('dev'))
    .description('development: the Telnyx emulator, the service and the job worker in one process, wired together')
    .option('--port <port>', 'service port (default PORT, 3000)', portOption)
    .option('--emulator-port <port>', 'emulator port (default EMULATOR_PORT, 4010)', portOption)
    .option('--no-worker', 'do not run the job worker (it needs Redis)')
    .option('--quiet', 'do not print call transcripts')
    .option('--callbacks', 'print callbacks in the transcripts too')
    .action(async (options: DevOptions) => {
      // The emulator is a third of src/: only the commands that run it load it.
      const { applicationInput, startEmulator } = await import('../../emulator');
      const base = startRuntime('dev', clockOverrides(options));
      const { logger, clock } = base;
      const emulator = await startEmulator({
        // One time line: under a controlled clock the emulator's played calls move the service's clock.
        ...(clock.controlled ? { clock } : {}),
        apiKey: base.config.emulatorApiKey,
        port: options.emulatorPort ?? base.config.emulatorPort,
        host: '127.0.0.1',
        logger: logger.child({ role: 'emulator' }),
      });
      base.onShutdown('emulator', () => emulator.close());
      const port = options.port ?? base.config.port;
      const serviceHost = base.config.host === '0.0.0.0' || base.config.host === '::' ? '127.0.0.1' : base.config.host;
      const publicBaseUrl = base.config.publicBaseUrl ?? `http://${serviceHost}:${port}`;
      const config: Config = {
        ...base.config,
        port,
        publicBaseUrl,
        telnyxApiBaseUrl: emulator.apiBaseUrl,
        telnyxApiKey: base.config.emulatorApiKey,
        telnyxPublicKey: emulator.publicKey,
        webhookVerify: true,
      };
      const runtime: ServiceRuntime = { ...base, config };

      const availability = new RedisAvailability(logger, describeRedisTarget(config.redis));
      const metrics = new ServiceMetrics();
      const jobMetrics = new JobMetrics(metrics.registry);
      if (options.worker) startWorkerRole(runtime, { availability, metrics: jobMetrics });
      const web = await startWebRole(runtime, { availability, metrics, jobMetrics });

      const application = emulator.state.applications.create(
        applicationInput('texml-router (dev)', portalVoiceUrl(publicBaseUrl), { statusCallback: `${publicBaseUrl}${callbackPaths['call-status']}` }),
      );
      const out = (text: string) => void process.stdout.write(text);
      out(
        [
          '',
          `texml-router dev: service ${publicBaseUrl}, emulator ${emulator.url}, worker ${options.worker ? 'on (needs Redis at REDIS_URL)' : 'off'}`,
          `  the service verifies webhooks with the emulator's key ${emulator.publicKey}`,
          `  workers call the emulator's REST API at ${emulator.apiBaseUrl}`,
          `  TeXML application ${application.id} -> ${application.voiceUrl}`,
          '',
          `  clock: ${describeClock(clock)}`,
          ...whatTheCallPlays(web.flows, clock),
          '',
          '  place a call (the default route answers +13125550100 with main-line):',
          `    curl -s -X POST ${emulator.url}/_emulator/inbound -H 'content-type: application/json' \\`,
          `      -d '{"from":"+13125550199","to":"+13125550100","script":{"caller":[{"press":"1"}]}}'`,
          `  its transcript: curl -s '${emulator.url}/_emulator/calls/CALL_SID/transcript?format=text'`,
          '',
        ].join('\n'),
      );
      if (!options.quiet) await printTranscripts(emulator, out, { callbacks: options.callbacks === true });
    });
}

const CALL = { from: '+13125550199', to: '+13125550100' } as const;
/** A time main-line's business hours are open (Tuesday 10:00 in Chicago), for the hint. */
const OPEN_HOURS_EXAMPLE = '2026-12-08T10:00:00-06:00';

function describeClock(clock: ServiceClock): string {
  const at = new Date(clock.now());
  const chicago = at.toLocaleString('en-US', { timeZone: 'America/Chicago', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${at.toISOString()} (${chicago} in Chicago), ${clock.controlled ? `${clock.rate === 1 ? 'real speed' : `${clock.rate}x real speed`}, set by --clock/--clock-rate or CLOCK_START/CLOCK_RATE` : 'the wall clock (choose one with --clock 2026-12-08T10:00:00-06:00 and --clock-rate 60)'}`;
}

/**
 * Which steps the printed call plays right now, so the curl is never a surprise: outside the
 * example's business hours main-line answers with its closed branch, not the menu.
 */
export function whatTheCallPlays(flows: FlowSetSource, clock: ServiceClock): string[] {
  const set = flows.current;
  if (!set) return ['  the flows do not load: fix them (texml-router validate); the call gets the fallback document'];
  const now = new Date(clock.now());
  const route = set.routes.resolve({ to: CALL.to, from: CALL.from }, now);
  if (!set.flows.has(route.flow)) return [`  a call to ${CALL.to} matches no route to a flow right now: it gets the fallback document`];
  const call = callFromParameters({ ...defaultRenderParams, From: CALL.from, To: CALL.to });
  const result = renderFlow(set, { flow: route.flow, vars: route.vars }, { call, input: {}, now, links: readableFlowLinks() });
  const lines = [`  a call to ${CALL.to} now plays: ${result.trail.join(' -> ') || '(nothing)'}`];
  if (route.flow === 'main-line' && !result.trail.includes('main-line.main_menu')) {
    lines.push(`  (business hours are closed by this clock; for the menu: npm run dev -- --clock ${OPEN_HOURS_EXAMPLE})`);
  }
  return lines;
}
