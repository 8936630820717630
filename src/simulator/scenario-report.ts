import { describeTranscriptEvent, type CallTranscriptSnapshot } from '../emulator';
import type { JobRequest } from '../jobs/job-request';
import type { RequestInsight } from './flow-tracer';
import type { ScenarioResult } from './scenario-result';

export interface ReportOptions {
  /** Print each TeXML answer in full instead of its verbs. */
  verbose?: boolean;
  /** Print the transcript even when the scenario passed. */
  transcript?: boolean;
}

function describeJob(job: JobRequest): string {
  const params = JSON.stringify(job.params);
  return `${job.op} ${params.length > 120 ? `${params.slice(0, 117)}...` : params}${job.delayMs ? ` (in ${job.delayMs / 1000} s)` : ''}${job.idempotencyKey ? ` key=${job.idempotencyKey}` : ''}`;
}

/** The call as a readable transcript: requests, answers, what the caller heard and did, steps, jobs. */
export function formatCall(transcript: CallTranscriptSnapshot, insights: Record<number, RequestInsight>, options: ReportOptions = {}, indent = '  '): string[] {
  const lines = [`${indent}call ${transcript.callSid} (${transcript.direction} ${transcript.from} -> ${transcript.to})`];
  const pad = `${indent}          `;
  // Queue waits repeat the same document many times: show a round once, then count the repeats.
  let previousRound: string | undefined;
  let round: string[] = [];
  let repeats = 0;
  let inRound = false;
  const flushRepeats = () => {
    if (repeats > 0) lines.push(`${pad}... the same wait document ${repeats} more time(s)`);
    repeats = 0;
  };
  const closeRound = () => {
    if (!inRound) return;
    const key = round.map((l) => l.replace(/^\s*[\d.]+s {2}/, '')).join('\n');
    if (key === previousRound && !options.verbose) repeats += 1;
    else {
      flushRepeats();
      lines.push(...round);
      previousRound = key;
    }
    round = [];
    inRound = false;
  };
  for (const event of transcript.events) {
    if (event.kind === 'callback' && !options.verbose) continue;
    const isWait = event.kind === 'webhook' && event.purpose === 'wait';
    const partOfRound = isWait || (inRound && (event.kind === 'heard' || event.kind === 'note'));
    if (!partOfRound || isWait) closeRound();
    if (!partOfRound) {
      flushRepeats();
      previousRound = undefined;
    }
    const out: string[] = [];
    out.push(`${indent}${`${event.elapsedSeconds.toFixed(1).padStart(6)}s`}  ${describeTranscriptEvent(event)}`);
    if (event.kind === 'webhook' && event.texml !== undefined && options.verbose) {
      for (const line of event.texml.replace(/></g, '>\n<').split('\n')) out.push(`${pad}| ${line}`);
    }
    const insight = insights[event.seq];
    if (insight) {
      if (insight.unknown) out.push(`${pad}(${insight.unknown})`);
      else if (insight.steps.length) out.push(`${pad}steps: ${insight.steps.join(' -> ')}${insight.waitingAt ? ` (waits at ${insight.waitingAt})` : ''}`);
      if (insight.fallbackReason) out.push(`${pad}FALLBACK: ${insight.fallbackReason}`);
      for (const job of insight.jobs) out.push(`${pad}job: ${describeJob(job)}`);
    }
    if (partOfRound) {
      inRound = true;
      round.push(...out);
    } else {
      lines.push(...out);
    }
  }
  closeRound();
  flushRepeats();
  return lines;
}

/** PASS/FAIL line, then (on failure, or when asked) the transcript and the failures. */
export function formatScenarioResult(result: ScenarioResult, options: ReportOptions = {}): string {
  const lines = [`${result.passed ? 'PASS' : 'FAIL'}  ${result.flow}: ${result.name}  (${result.elapsedMs} ms)`];
  if (!result.passed || options.transcript) {
    lines.push(...formatCall(result.transcript, result.insights[result.transcript.callSid] ?? {}, options));
    for (const other of result.others) lines.push(...formatCall(other, result.insights[other.callSid] ?? {}, options, '    '));
    if (result.jobs.length) lines.push(`  jobs enqueued: ${result.jobs.map((j) => (j.origin.step.startsWith('on ') ? `${j.op} (${j.origin.step})` : j.op)).join(', ')}`);
    for (const r of result.requests ?? []) lines.push(`  requested${r.by === 'telnyx' ? ' (by Telnyx)' : ''}: ${r.method} ${r.url}${r.body !== undefined ? ` ${r.body}` : ''} -> ${r.outcome}`);
    for (const n of result.notifications ?? []) lines.push(`  notified: ${String(n.payload.event)} -> ${n.url} at ${n.dueAt} (${n.origin}; signature ${n.signature})`);
    for (const warning of result.warnings) lines.push(`  ${warning}`);
  }
  for (const failure of result.failures) lines.push(`  x ${failure}`);
  return `${lines.join('\n')}\n`;
}
