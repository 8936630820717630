import { portalVoiceUrl, ServiceUrls } from '../urls/service-urls';
import { callbackPaths } from '../urls/service-paths';
import pino from 'pino';
import Telnyx from 'telnyx';
import { applicationInput, buildCallScript, ManualClock, startEmulator, type CallScript, type CallTranscriptSnapshot, type EmulatorHandle, type InboundCallInput } from '../emulator';
import { FlowSetHolder } from '../flows/flow-set-holder';
import type { FlowSetSource } from '../flows/flow-set-holder';
import type { CompiledFlowSet } from '../flows/compiled-flow';
import { formatDiagnostic } from '../source/flow-diagnostic';
import type { JobRequest } from '../jobs/job-request';
import { FlowTracer, type RequestInsight } from './flow-tracer';
import { checkExpectations } from './scenario-expectations';
import type { ScenarioResult } from './scenario-result';
import type { OtherCall, Scenario } from './scenario-schema';
import { RequestStubs } from './request-stubs';
import { SimulatedService } from './simulated-service';

/** When a scenario names no time: a Monday, 10:00 in Chicago (inside the example business hours). */
export const DEFAULT_SCENARIO_TIME = '2026-03-02T10:00:00-06:00';
const ACCOUNT_SID = 'simulate-account';
const EMULATOR_KEY = 'KEY_SIMULATE';
const INBOUND = { from: '+13125550199', to: '+13125550100' } as const;
const OUTBOUND = { from: '+13125550100', to: '+13125550199' } as const;

export interface ScenarioRunnerOptions {
  flowsDir: string;
  routesDir: string;
  /** Paths in diagnostics are shown relative to this. */
  baseDir?: string;
  /** A running service to play calls against instead of an in-process one (`simulate --url`). */
  serviceUrl?: string;
  /** With serviceUrl: the service's FLOW_STATE_SECRET, so the steps can be traced. */
  flowStateSecret?: string;
  flowStateTtlSeconds?: number;
  /** Values for env.NAME in flows. */
  readEnv?: (name: string) => string | undefined;
  /** Real milliseconds a scenario's calls may take before it fails (default 30 s). */
  timeoutMs?: number;
  /** The clock of scenarios that name no `at` (epoch ms; `simulate --clock`); default DEFAULT_SCENARIO_TIME. */
  defaultAt?: number;
}

/**
 * Plays scenarios: a Telnyx emulator (with a manual clock, so calendars are deterministic) calls
 * the real service (in process, or at `serviceUrl`) and its call player follows each scenario's
 * script. One runner serves many scenarios; each starts from a clean emulator.
 */
export class ScenarioRunner {
  private applications = 0;

  private constructor(
    private readonly emulator: EmulatorHandle,
    private readonly clock: ManualClock,
    private readonly client: Telnyx,
    private readonly serviceUrl: string,
    private readonly service: SimulatedService | undefined,
    private readonly tracer: FlowTracer,
    private readonly flows: FlowSetSource,
    private readonly options: ScenarioRunnerOptions,
    private readonly remarks: string[],
    /** Seals the voice URLs as the service's own (its FLOW_STATE_SECRET); without it, `?flow=` unsealed. */
    private readonly urls: ServiceUrls | undefined,
    /** The scenario's request stubs: the service's `request`s (in process) and the emulator's `<HttpRequest>`s. */
    private readonly requests: RequestStubs,
  ) {}

  static async start(options: ScenarioRunnerOptions): Promise<ScenarioRunner> {
    const clock = new ManualClock(Date.parse(DEFAULT_SCENARIO_TIME));
    // One set of stubs answers the service's `request`s and the emulator's `<HttpRequest>`s.
    const requests = new RequestStubs();
    const emulator = await startEmulator({ apiKey: EMULATOR_KEY, clock, defaultAccountSid: ACCOUNT_SID, webhookTimeoutMs: 10_000, requester: requests.forTelnyx });
    try {
      const client = new Telnyx({ apiKey: EMULATOR_KEY, baseURL: emulator.apiBaseUrl, maxRetries: 0, timeout: 10_000, logLevel: 'off' });
      const remarks: string[] = [];
      if (options.serviceUrl) {
        const flows = new FlowSetHolder(
          { flowsDir: options.flowsDir, routesDir: options.routesDir, ...(options.baseDir ? { baseDir: options.baseDir } : {}) },
          { readEnv: options.readEnv ?? (() => undefined) },
          pino({ level: 'silent' }),
        );
        const outcome = await flows.load();
        if (!flows.current) throw new Error(`the flows do not load:\n${outcome.diagnostics.map(formatDiagnostic).join('\n')}`);
        remarks.push(
          `playing against ${options.serviceUrl}: it must accept webhooks signed with ${emulator.publicKey} (TELNYX_PUBLIC_KEY) or run with WEBHOOK_VERIFY=off; its own clock decides calendars (the scenario's 'at' does not apply)`,
        );
        const tracer = new FlowTracer(flows, options.flowStateSecret ?? '', options.flowStateTtlSeconds ?? 86_400);
        // The service's own clock opens the link: seal on real time, not the scenario's.
        const urls = options.flowStateSecret ? new ServiceUrls({ secret: options.flowStateSecret, ttlSeconds: options.flowStateTtlSeconds ?? 86_400 }) : undefined;
        if (!urls) remarks.push("no FLOW_STATE_SECRET for the service: calls start with an unsealed ?flow=, which starts only entry-point flows and carries no call.vars (docs/security.md)");
        return new ScenarioRunner(emulator, clock, client, options.serviceUrl.replace(/\/+$/, ''), undefined, tracer, flows, options, remarks, urls, requests);
      }
      const service = await SimulatedService.start({
        flowsDir: options.flowsDir,
        routesDir: options.routesDir,
        ...(options.baseDir ? { baseDir: options.baseDir } : {}),
        telnyxPublicKey: emulator.publicKey,
        now: () => clock.now(),
        ...(options.readEnv ? { readEnv: options.readEnv } : {}),
        requests,
      });
      const tracer = new FlowTracer(service.flows, service.flowStateSecret, service.flowStateTtlSeconds, service.requests);
      const urls = new ServiceUrls({ secret: service.flowStateSecret, ttlSeconds: service.flowStateTtlSeconds, now: () => clock.now() });
      return new ScenarioRunner(emulator, clock, client, service.url, service, tracer, service.flows, options, remarks, urls, requests);
    } catch (error) {
      await emulator.close();
      throw error;
    }
  }

  /** The flows the service answers with (names, for checking a scenario's flow exists). */
  flowNames(): string[] {
    return [...(this.flows.current?.flows.keys() ?? [])];
  }

  async run(scenario: Scenario, defaultFlow: string | undefined): Promise<ScenarioResult> {
    const started = performance.now();
    const flow = scenario.flow ?? defaultFlow;
    if (!flow) throw new Error(`scenario '${scenario.name}' names no flow (add 'flow:' or name the file FLOW.scenarios.yaml)`);
    if (!this.flows.current?.flows.has(flow)) throw new Error(`scenario '${scenario.name}': unknown flow '${flow}' (flows: ${this.flowNames().join(', ')})`);
    this.emulator.control.reset();
    this.service?.clear();
    this.requests.use(scenario.requests ?? {});
    this.clock.set(scenario.at !== undefined ? Date.parse(scenario.at) : (this.options.defaultAt ?? Date.parse(DEFAULT_SCENARIO_TIME)));
    const call = scenario.call ?? {};
    const outbound = call.direction === 'outbound';
    const from = call.from ?? (outbound ? OUTBOUND.from : INBOUND.from);
    const to = call.to ?? (outbound ? OUTBOUND.to : INBOUND.to);
    const script: CallScript = buildCallScript({
      answer: call.answer,
      ring: call.ring,
      answered_by: call.answered_by,
      caller: scenario.caller,
      hangup_after: scenario.hangup_after,
      hangup_on_hear: scenario.hangup_on_hear,
      dial: scenario.dial,
      play_seconds: scenario.play_seconds,
    });
    const voiceUrl = this.voiceUrl(flow, call.vars, call.route === true);
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const warnings = [...this.remarks];

    let sid: string;
    if (outbound) {
      this.emulator.calls.setScript(to, script);
      const created = this.emulator.state.waitFor('call.created', (c) => c.to === to && c.origin === 'rest', { timeoutMs });
      const amd = call.amd ?? (call.answered_by ? 'sync' : 'off');
      await this.client.texml.accounts.calls.calls(ACCOUNT_SID, {
        body: {
          To: to,
          From: from,
          ApplicationSid: 'texml-router-simulate',
          Url: voiceUrl,
          // In process the service stores callbacks and runs the flow's `on:` hooks.
          ...(this.service ? { StatusCallback: `${this.serviceUrl}/callbacks/call-status` } : {}),
          ...(amd !== 'off' ? { MachineDetection: 'Enable' as const } : {}),
          // The verdict goes to the status callback (synchronous) or AsyncAmdStatusCallback: both
          // name the flow and its variables, as calls.create's do.
          ...(amd === 'sync' ? { StatusCallback: this.callbackUrl('call-status', flow, call.vars), StatusCallbackMethod: 'POST' as const } : {}),
          ...(amd === 'async'
            ? { AsyncAmd: true, AsyncAmdStatusCallback: this.callbackUrl('amd', flow, call.vars), AsyncAmdStatusCallbackMethod: 'POST' as const }
            : {}),
        },
      });
      sid = (await created)[0].sid;
    } else {
      sid = this.emulator.calls.inbound({ from, to, ...this.answeredBy(voiceUrl, 'simulate'), script }).sid;
    }
    const others = (scenario.others ?? []).map((other) => this.placeOther(other, flow));

    let transcript: CallTranscriptSnapshot;
    try {
      transcript = await this.emulator.calls.waitForEnd(sid, { timeoutMs });
      await Promise.race([
        Promise.all([this.emulator.calls.idle(), ...others.map((o) => o.catch(() => undefined))]),
        new Promise<void>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
    } catch {
      warnings.push(`a call did not end within ${timeoutMs / 1000} s of real time (a 'hold' nobody ends, or a conference 'until-end' nobody ends?); the emulator stopped it`);
      await this.emulator.calls.hangUpAll();
      transcript = this.emulator.calls.transcript(sid) ?? { callSid: sid, from, to, direction: outbound ? 'outbound' : 'inbound', startedAt: 0, ended: false, endedBy: undefined, status: undefined, events: [] };
    }
    const otherTranscripts = this.emulator.calls.listTranscripts().filter((t) => t.callSid !== sid && t.direction === 'inbound');
    await this.service?.settled();
    const notifications = this.service ? this.service.notifications.filter((n) => n.callSid === sid) : [];

    const insights: Record<string, Record<number, RequestInsight>> = {};
    for (const t of [transcript, ...otherTranscripts]) insights[t.callSid] = this.explain(t);
    const replaced = heldAndReplaced(transcript);
    const kept = Object.entries(insights[sid] ?? {}).filter(([seq]) => !replaced.has(Number(seq)));
    const mine = kept.map(([, insight]) => insight);
    const steps = dedupe(mine.flatMap((i) => i.steps));
    // Answers to requests sent after the call ended (an action Telnyx still reports) are not played.
    const unplayed = new Set(transcript.events.flatMap((e) => (e.kind === 'webhook' && e.afterEnd ? [e.seq] : [])));
    const heardSteps = dedupe(kept.flatMap(([seq, i]) => (unplayed.has(Number(seq)) ? [] : i.steps)));
    const unknown = mine.find((i) => i.unknown)?.unknown;
    const fallbacks = mine.flatMap((i) => (i.ending === 'fallback' && !i.unknown ? [i.fallbackReason ?? 'unknown reason'] : []));
    const jobs: JobRequest[] = this.service
      ? this.service.jobs.filter((j) => j.origin.callSid === sid).map(({ at: _at, ...job }) => job)
      : mine.flatMap((i) => i.jobs);
    if (this.service) warnings.push(...this.service.warnings.map(describeWarning));

    const requests = this.service ? [...this.requests.made] : undefined;
    const failures = checkExpectations(scenario.expect, { flow, transcript, steps, heardSteps, ...(unknown ? { stepsUnknown: unknown } : {}), jobs, fallbacks, notifications, notifyKnown: this.service !== undefined, ...(requests ? { requests } : {}) });
    return {
      name: scenario.name,
      flow,
      passed: failures.length === 0,
      failures,
      transcript,
      others: otherTranscripts,
      insights,
      steps,
      jobs,
      notifications,
      ...(requests ? { requests } : {}),
      warnings,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /** The compiled flows the scenarios play (coverage draws their graphs). */
  get flowSet(): CompiledFlowSet | undefined {
    return this.flows.current;
  }

  async close(): Promise<void> {
    await this.emulator.close();
    await this.service?.close();
  }

  /**
   * How an inbound call reaches the service: in process, through a TeXML application whose
   * status_callback is the service (as in production, so callbacks are stored and `on:` hooks
   * run); against a service at --url, straight to the voice URL.
   */
  private answeredBy(voiceUrl: string, name: string): Pick<InboundCallInput, 'url' | 'method' | 'application'> {
    if (!this.service) return { url: voiceUrl, method: 'POST' };
    const application = this.emulator.state.applications.create(applicationInput(`${name} ${(this.applications += 1)}`, voiceUrl, { statusCallback: `${this.serviceUrl}/callbacks/call-status` }));
    return { application: application.id };
  }

  private placeOther(other: OtherCall, flow: string): Promise<unknown> {
    const input: InboundCallInput = {
      from: other.from ?? '+13125550177',
      to: other.to ?? INBOUND.to,
      ...this.answeredBy(this.voiceUrl(other.flow ?? flow, other.vars, other.route === true), other.name ?? 'other'),
      script: {
        answer: 'answered',
        ringSeconds: 3,
        answeredBy: 'human',
        actions: other.caller ?? [],
        hangupAfterSeconds: other.hangup_after,
        hangupOnHear: other.hangup_on_hear,
        dial: other.dial ?? {},
        playSeconds: 10,
      },
    };
    return this.emulator.calls.inboundAfter(other.after ?? 0, input);
  }

  /** A callback URL as calls.create builds it (src/urls): the flow and its variables sealed; bare without the service's secret. */
  private callbackUrl(kind: 'call-status' | 'amd', flow: string, vars: Record<string, string | number | boolean> | undefined): string {
    return this.urls ? this.urls.callback(this.serviceUrl, kind, { flow, ...(vars ? { vars } : {}) }) : `${this.serviceUrl}${callbackPaths[kind]}`;
  }

  /** The call's Url, built as the service's own (src/urls): routed, or a sealed link to the flow and its variables. */
  private voiceUrl(flow: string, vars: Record<string, string | number | boolean> | undefined, route: boolean): string {
    if (route) return portalVoiceUrl(this.serviceUrl);
    return this.urls ? this.urls.voice(this.serviceUrl, flow, vars ?? {}) : portalVoiceUrl(this.serviceUrl, flow);
  }

  private explain(transcript: CallTranscriptSnapshot): Record<number, RequestInsight> {
    const out: Record<number, RequestInsight> = {};
    let leaveIssued = false;
    for (const event of transcript.events) {
      if (event.kind !== 'webhook' || event.status === undefined || event.status >= 300) continue;
      // In process the service runs on the simulated clock; a service at --url runs on its own (real) clock.
      const insight = this.tracer.explain({ url: event.url, params: event.params, at: this.service ? event.at : Date.now(), leaveIssued, ...(event.texml !== undefined ? { texml: event.texml } : {}) });
      if (insight) out[event.seq] = insight;
      if (event.texml?.includes('<Leave/>')) leaveIssued = true;
    }
    return out;
  }
}

/** A service log line as one readable line: the message and what it is about. */
function describeWarning(warning: { msg: string; detail: Record<string, unknown> }): string {
  const { detail } = warning;
  const req = detail.req as { method?: string; url?: string } | undefined;
  const res = detail.res as { statusCode?: number } | undefined;
  const about = [
    req ? `${req.method ?? ''} ${req.url ?? ''} -> ${res?.statusCode ?? '?'}` : '',
    typeof detail.reason === 'string' ? detail.reason : '',
    typeof detail.problem === 'string' ? detail.problem : '',
    typeof detail.detail === 'string' ? detail.detail : '',
  ].filter(Boolean);
  return `service: ${warning.msg}${about.length ? ` (${about.join('; ')})` : ''}`;
}

/**
 * Documents a call never played: with synchronous AMD the Url's document is held until the
 * verdict, and a verdict answered with TeXML replaces it (its jobs were still handed over).
 */
function heldAndReplaced(transcript: CallTranscriptSnapshot): Set<number> {
  const replaced = new Set<number>();
  let held: number | undefined;
  for (const event of transcript.events) {
    if (event.kind !== 'webhook') continue;
    if (event.purpose === 'voice' || event.purpose === 'fallback') held = event.seq;
    else if (event.purpose === 'amd' && held !== undefined && (event.texml ?? '').trim() !== '') replaced.add(held);
  }
  return replaced;
}

/** Drops immediate repeats (a step passed through by two documents in a row counts once). */
function dedupe(steps: string[]): string[] {
  return steps.filter((step, i) => i === 0 || steps[i - 1] !== step);
}
