import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { rangeProblem } from '../calendar/day-ranges';
import { closestName } from '../source/closest-name';
import type { FlowDiagnostic } from '../source/flow-diagnostic';
import { issuesToDiagnostics } from '../source/schema-issues';
import { keysAtPath } from '../source/keys-at-path';
import { SourceFile, type SourcePath } from '../source/source-file';
import { isKnownTimeZone } from './calling-window';
import { durationMs, RETRY_OUTCOMES, type CampaignDefinition, type MachineHandling, type RetryRule } from './campaign-definition';
import type { CampaignLoadOptions } from './campaign-load-options';
import { campaignFileSchema, type CampaignFile } from './campaign-schema';
import { normalisePhone } from './phone-number';

export type { CampaignLoadOptions } from './campaign-load-options';

export interface CampaignLoadOutcome {
  /** Present only when there is no error. */
  definition?: CampaignDefinition;
  /** The document as validated, for what the caller does with `contacts.csv` / `file`. */
  document?: CampaignFile;
  diagnostics: FlowDiagnostic[];
}

const DEFAULT_LIVE_CALL_TIMEOUT_MS = 2 * 3600 * 1000;
const DEFAULT_RING_TIMEOUT_SECONDS = 30;

let knownKeys: Set<string> | undefined;

/** Every key of the campaign language (for "did you mean" hints). */
function campaignKeys(): Set<string> {
  if (knownKeys) return knownKeys;
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') for (const k of Object.keys(record.properties)) keys.add(k);
    for (const value of Object.values(record)) visit(value);
  };
  visit(z.toJSONSchema(campaignFileSchema, { unrepresentable: 'any' }));
  knownKeys = keys;
  return keys;
}

/**
 * Reads a campaign (YAML, or JSON, which is YAML too) and checks it the way flows are checked:
 * schema problems and semantic ones (the flow exists, the machine step exists in it, time zones,
 * hour ranges, caller ids, do-not-call numbers), each at its file:line:col with a hint.
 */
export function loadCampaignDefinition(path: string, text: string, options: CampaignLoadOptions): CampaignLoadOutcome {
  const source = new SourceFile(path, text);
  if (source.data === undefined) return { diagnostics: source.syntaxErrors };
  const parsed = campaignFileSchema.safeParse(source.data ?? {});
  if (!parsed.success) return { diagnostics: [...source.syntaxErrors, ...issuesToDiagnostics(source, parsed.error.issues, campaignKeys(), (at) => keysAtPath(campaignFileSchema, at, source.data))] };
  const file = parsed.data;
  const diagnostics: FlowDiagnostic[] = [...source.syntaxErrors];
  const error = (at: SourcePath, message: string, hint?: string) => diagnostics.push(source.diagnostic(at, 'error', message, hint));
  const warn = (at: SourcePath, message: string, hint?: string) => diagnostics.push(source.diagnostic(at, 'warning', message, hint));

  // The flow, and the step a machine is sent to.
  const flow = options.flows?.flows.get(file.flow);
  if (options.flows && !flow) {
    const suggestion = closestName(file.flow, options.flows.flows.keys());
    error(['flow'], `unknown flow '${file.flow}'`, suggestion ? `did you mean '${suggestion}'?` : `the flows are: ${[...options.flows.flows.keys()].join(', ')}`);
  }
  const onMachine = file.amd?.on_machine;
  if (typeof onMachine === 'object' && flow && !flow.steps.has(onMachine.step)) {
    const suggestion = closestName(onMachine.step, flow.steps.keys());
    error(['amd', 'on_machine', 'step'], `flow '${file.flow}' has no step '${onMachine.step}'`, suggestion ? `did you mean '${suggestion}'?` : `its steps are: ${[...flow.steps.keys()].join(', ')}`);
  }
  if (onMachine !== undefined && onMachine !== 'flow' && (file.amd?.mode ?? 'off') === 'off') {
    warn(['amd', 'on_machine'], 'on_machine has no effect while amd.mode is off', 'set amd.mode to detect or detect-message-end');
  }

  // The calling window.
  if (!isKnownTimeZone(file.window.timezone)) error(['window', 'timezone'], `unknown time zone '${file.window.timezone}'`, 'use an IANA name such as America/Chicago or Europe/London');
  let openRanges = 0;
  for (const [day, value] of Object.entries(file.window.hours)) {
    const ranges = value === 'closed' ? [] : Array.isArray(value) ? value : [value];
    ranges.forEach((range, i) => {
      const problem = rangeProblem(range);
      if (problem) error(Array.isArray(value) ? ['window', 'hours', day, i] : ['window', 'hours', day], problem);
      else openRanges += 1;
    });
  }
  if (openRanges === 0) error(['window', 'hours'], 'the window never opens: give at least one range of hours');
  (file.window.exclude ?? []).forEach((date, i) => {
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) error(['window', 'exclude', i], `'${date}' is not a date`);
  });

  // Numbers.
  const region = file.contacts?.default_region ?? options.defaultRegion;
  if (!isSupportedCountry(region)) error(['contacts', 'default_region'], `unknown region '${region}'`, 'use an ISO 3166 code such as US, GB or DE');
  const callerIds = typeof file.caller_id === 'string' ? [file.caller_id] : Array.isArray(file.caller_id) ? file.caller_id : file.caller_id.numbers;
  const callerPath = (i: number): SourcePath => (typeof file.caller_id === 'string' ? ['caller_id'] : Array.isArray(file.caller_id) ? ['caller_id', i] : ['caller_id', 'numbers', i]);
  callerIds.forEach((number, i) => {
    const checked = normalisePhone(number, 'US');
    if (!checked.ok) error(callerPath(i), `caller id ${checked.problem}`);
  });
  const dncNumbers: string[] = [];
  (file.do_not_call?.numbers ?? []).forEach((number, i) => {
    const checked = normalisePhone(number, isSupportedCountry(region) ? region : 'US');
    if (checked.ok) dncNumbers.push(checked.e164);
    else error(['do_not_call', 'numbers', i], `do-not-call number: ${checked.problem}`);
  });
  if (file.contacts?.file && file.contacts.csv !== undefined) error(['contacts', 'csv'], 'give contacts.file or contacts.csv, not both');

  // Pacing.
  if (file.pacing.dials_per_second > options.dialsPerSecondCap) {
    warn(['pacing', 'dials_per_second'], `${file.pacing.dials_per_second} dials per second is above TELNYX_DIALS_PER_SECOND (${options.dialsPerSecondCap}): the campaign dials at ${options.dialsPerSecondCap}`);
  }
  const liveTimeoutMs = file.live_call_timeout === undefined ? DEFAULT_LIVE_CALL_TIMEOUT_MS : durationMs(file.live_call_timeout);
  const ringTimeout = file.ring_timeout ?? DEFAULT_RING_TIMEOUT_SECONDS;
  if (liveTimeoutMs < (ringTimeout + 30) * 1000) {
    error(['live_call_timeout'], `live_call_timeout must leave time for ringing and a call (at least ${ringTimeout + 30} s)`, 'calls still up when it passes would be counted as unknown');
  }

  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, document: file };

  const retry: Partial<Record<(typeof RETRY_OUTCOMES)[number], RetryRule>> = {};
  for (const outcome of RETRY_OUTCOMES) {
    const rule = file.retry?.[outcome];
    if (rule) retry[outcome] = { delayMs: durationMs(rule.delay), maxAttempts: rule.max_attempts };
  }
  const machine: MachineHandling = onMachine === undefined || onMachine === 'flow' ? { kind: 'flow' } : onMachine === 'hangup' ? { kind: 'hangup' } : { kind: 'step', step: onMachine.step };
  const hours: Record<string, string | string[]> = {};
  for (const [day, value] of Object.entries(file.window.hours)) if (value !== 'closed') hours[day] = value;
  const definition: CampaignDefinition = {
    name: file.campaign,
    ...(file.description ? { description: file.description } : {}),
    flow: file.flow,
    callerIds: { numbers: callerIds, pick: typeof file.caller_id === 'object' && !Array.isArray(file.caller_id) ? (file.caller_id.pick ?? 'round-robin') : 'round-robin' },
    contacts: {
      ...(file.contacts?.file ? { file: file.contacts.file } : {}),
      phoneColumn: file.contacts?.phone_column ?? 'phone',
      ...(file.contacts?.timezone_column ? { timezoneColumn: file.contacts.timezone_column } : {}),
      defaultRegion: region,
      ...(file.contacts?.variables ? { variables: file.contacts.variables } : {}),
    },
    window: { timezone: file.window.timezone, hours, exclude: file.window.exclude ?? [] },
    pacing: { dialsPerSecond: file.pacing.dials_per_second, maxConcurrent: file.pacing.max_concurrent },
    amd: { mode: file.amd?.mode ?? 'off', onMachine: (file.amd?.mode ?? 'off') === 'off' ? { kind: 'flow' } : machine, ...(file.amd?.timeout_ms ? { timeoutMs: file.amd.timeout_ms } : {}), ...(file.amd?.async ? { async: true } : {}) },
    retry,
    doNotCall: { ...(file.do_not_call?.file ? { file: file.do_not_call.file } : {}), numbers: dncNumbers },
    ringTimeoutSeconds: ringTimeout,
    liveCallTimeoutMs: liveTimeoutMs,
  };
  return { definition, document: file, diagnostics };
}
