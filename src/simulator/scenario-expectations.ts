import type { CallTranscriptSnapshot } from '../emulator';
import type { JobRequest } from '../jobs/job-request';
import type { NotifyDelivery } from './notify-delivery';
import type { StubbedRequest } from './request-stubs';
import type { ScenarioExpectation } from './scenario-schema';

/** What the simulator found out about a call, in the form expectations are checked against. */
export interface CallFacts {
  flow: string;
  transcript: CallTranscriptSnapshot;
  steps: string[];
  /** The steps of the documents the caller got: not those answering a request sent after the call ended. */
  heardSteps?: string[];
  /** Set when steps could not be traced (remote service, another state secret). */
  stepsUnknown?: string;
  jobs: JobRequest[];
  /** Reasons of every fallback document the service answered with. */
  fallbacks: string[];
  /** Notify deliveries to the local receiver. */
  notifications?: NotifyDelivery[];
  /** False when notify deliveries cannot be seen (a service at --url runs its own). */
  notifyKnown?: boolean;
  /** The flows' `request` actions, as the scenario's stubs answered them (in process only). */
  requests?: StubbedRequest[];
}

function qualify(step: string, flow: string): string {
  return step.includes('.') ? step : `${flow}.${step}`;
}

function subset(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual !== undefined && actual !== null && String(actual) === String(expected);
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e, i) => subset(e, actual[i]));
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => subset(value, (actual as Record<string, unknown>)[key]));
}

/** Every expectation that does not hold, as a sentence; also flags fallbacks and errors nobody expected. */
export function checkExpectations(expect: ScenarioExpectation | undefined, facts: CallFacts): string[] {
  const failures: string[] = [];
  const { transcript } = facts;
  const events = transcript.events;
  const ended = events.find((e) => e.kind === 'ended');
  const heard = events.flatMap((e) => (e.kind === 'heard' ? [e.text ?? e.url ?? e.digits ?? ''] : []));
  const lastStep = facts.steps[facts.steps.length - 1];

  if (!transcript.ended) failures.push('the call did not end');
  if (facts.fallbacks.length > 0 && expect?.fallback !== true) {
    failures.push(`the service answered with its fallback document (${facts.fallbacks.join('; ')}); add 'fallback: true' to expect it`);
  }
  if (expect?.fallback === true && facts.fallbacks.length === 0) failures.push('expected a fallback document, but the service never served one');
  if (ended?.kind === 'ended' && ended.by === 'error' && expect?.ended_by !== 'error') failures.push(`the call ended with an error: ${ended.cause}`);
  if (ended?.kind === 'ended' && ended.by === 'emulator' && expect?.ended_by !== 'emulator') failures.push('the call did not end by itself: the simulator stopped it');
  if (!expect) return failures;

  const needsSteps = expect.steps !== undefined || expect.not_steps !== undefined || expect.last_step !== undefined;
  if (needsSteps && facts.stepsUnknown) {
    failures.push(`steps cannot be checked: ${facts.stepsUnknown}`);
  } else {
    for (const step of expect.steps ?? []) {
      if (!facts.steps.includes(qualify(step, facts.flow))) failures.push(`expected to reach step ${qualify(step, facts.flow)}; the call went ${facts.steps.join(' -> ') || 'nowhere'}`);
    }
    // Only what the caller got: a step rendered for a request sent after they hung up never played.
    for (const step of expect.not_steps ?? []) {
      if ((facts.heardSteps ?? facts.steps).includes(qualify(step, facts.flow))) failures.push(`expected not to reach step ${qualify(step, facts.flow)}, but it did`);
    }
    if (expect.last_step !== undefined && lastStep !== qualify(expect.last_step, facts.flow)) {
      failures.push(`expected the call to end at step ${qualify(expect.last_step, facts.flow)}, but it ended at ${lastStep ?? 'no step'}`);
    }
  }
  for (const text of expect.heard ?? []) {
    if (!heard.some((h) => h.toLowerCase().includes(text.toLowerCase()))) failures.push(`expected to hear "${text}"; heard ${heard.length ? heard.map((h) => `"${h}"`).join(', ') : 'nothing'}`);
  }
  for (const text of expect.not_heard ?? []) {
    const found = heard.find((h) => h.toLowerCase().includes(text.toLowerCase()));
    if (found) failures.push(`expected not to hear "${text}", but heard "${found}"`);
  }
  for (const job of expect.jobs ?? []) {
    const sameOp = facts.jobs.filter((j) => j.op === job.op);
    if (sameOp.length === 0) failures.push(`expected a ${job.op} job; jobs: ${facts.jobs.map((j) => j.op).join(', ') || 'none'}`);
    else if (job.with && !sameOp.some((j) => subset(job.with, j.params))) {
      failures.push(`expected a ${job.op} job with ${JSON.stringify(job.with)}; got ${sameOp.map((j) => JSON.stringify(j.params)).join(', ')}`);
    } else if (job.delay !== undefined && !sameOp.some((j) => (!job.with || subset(job.with, j.params)) && (j.delayMs ?? 0) === job.delay! * 1000)) {
      failures.push(`expected a ${job.op} job delayed ${job.delay} s; got ${sameOp.map((j) => `${(j.delayMs ?? 0) / 1000} s`).join(', ')}`);
    }
  }
  const notifications = facts.notifications ?? [];
  if ((expect.notified !== undefined || expect.no_notify !== undefined) && facts.notifyKnown === false) {
    failures.push('notify deliveries cannot be checked against a service at --url (it delivers them itself)');
  } else {
    for (const n of notifications.filter((d) => d.signature !== 'valid')) failures.push(`the notify ${String(n.payload.event)} to ${n.url} arrived with a ${n.signature} signature`);
    for (const want of expect.notified ?? []) {
      const sameEvent = notifications.filter((d) => d.payload.event === want.event);
      const described = notifications.map((d) => `${String(d.payload.event)} -> ${d.url}`).join(', ') || 'none';
      if (sameEvent.length === 0) failures.push(`expected a notify of ${want.event}; notified: ${described}`);
      else if (!sameEvent.some((d) => (!want.with || subset(want.with, d.payload)) && (want.url === undefined || d.url === want.url))) {
        failures.push(`expected a notify of ${want.event}${want.url ? ` to ${want.url}` : ''}${want.with ? ` with ${JSON.stringify(want.with)}` : ''}; got ${sameEvent.map((d) => `${d.url} ${JSON.stringify(d.payload)}`).join(', ')}`);
      }
    }
    if (expect.no_notify && notifications.length > 0) failures.push(`expected no notify; got ${notifications.map((d) => String(d.payload.event)).join(', ')}`);
  }
  if (expect.requested !== undefined) {
    if (facts.requests === undefined) failures.push('requests cannot be checked against a service at --url (it makes them itself)');
    const made = (facts.requests ?? []).map((r) => `${r.method} ${r.url}`);
    for (const want of expect.requested) {
      if (facts.requests !== undefined && !made.some((m) => m.includes(want))) failures.push(`expected a request to ${want}; requested: ${made.join(', ') || 'none'}`);
    }
  }
  if (expect.no_jobs && facts.jobs.length > 0) failures.push(`expected no jobs; got ${facts.jobs.map((j) => j.op).join(', ')}`);
  if (expect.ended_by !== undefined && ended?.kind === 'ended' && ended.by !== expect.ended_by) {
    failures.push(`expected the call to be ended by ${expect.ended_by}; it was ended by ${ended.by} (${ended.cause})`);
  }
  if (expect.status !== undefined && ended?.kind === 'ended' && ended.status !== expect.status) failures.push(`expected the call to end ${expect.status}; it ended ${ended.status}`);
  return failures;
}
