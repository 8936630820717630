import { CONTACT_OUTCOMES } from './campaign-definition';
import type { CampaignProgress } from './campaign-progress';

function duration(seconds: number | null): string {
  if (seconds === null) return '--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function outcomes(progress: CampaignProgress): string {
  return CONTACT_OUTCOMES.filter((o) => progress.outcomes[o] > 0)
    .map((o) => `${o} ${progress.outcomes[o]}`)
    .join(', ');
}

/** One line for `campaign status --watch`: a bar, done/total, live calls, the rate, the ETA, outcomes. */
export function formatProgressLine(progress: CampaignProgress, barWidth = 24): string {
  const { contacts } = progress;
  const fraction = contacts.total === 0 ? 0 : contacts.done / contacts.total;
  const parts = [
    `${progress.state.padEnd(9)} ${bar(fraction, barWidth)} ${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${contacts.done}/${contacts.total} done`,
    `${contacts.dialing} live`,
    `${progress.rate.current.toFixed(1)}/s`,
    `ETA ${duration(progress.eta.seconds)}`,
  ];
  const summary = outcomes(progress);
  return `${parts.join(' | ')}${summary ? ` | ${summary}` : ''}`;
}

/** The full picture for `campaign status`. */
export function formatProgress(progress: CampaignProgress): string {
  const { contacts } = progress;
  const lines = [
    `campaign ${progress.id} (${progress.name}), flow ${progress.flow}: ${progress.state}`,
    `  contacts  ${contacts.total} total: ${contacts.waiting} waiting, ${contacts.scheduled} scheduled, ${contacts.dialing} dialing, ${contacts.done} done`,
    `  outcomes  ${outcomes(progress) || 'none yet'}`,
    `  dials     ${progress.dials} placed, ${progress.retries} retries scheduled`,
    `  rate      ${progress.rate.current.toFixed(1)}/s now, pacing ${progress.rate.limit}/s, at most ${progress.rate.maxConcurrent} live`,
    `  eta       ${duration(progress.eta.seconds)}${progress.eta.at && progress.state === 'running' ? ` (${progress.eta.at})` : ''}${progress.nextDueAt ? `; next scheduled contact due ${progress.nextDueAt}` : ''}`,
    `  import    ${progress.import.rows} rows: ${progress.import.imported} contacts, ${progress.import.duplicates} duplicates, ${progress.import.invalid} invalid`,
    ...(progress.import.complete ? [] : [`  import    INCOMPLETE: stopped after line ${progress.import.lastLine ?? 0} (${progress.import.cutOff ?? 'cut off'}); send the file again`]),
  ];
  for (const problem of progress.import.problems.slice(0, 10)) lines.push(`    line ${problem.line}: ${problem.message}`);
  if (progress.import.invalid > 10) lines.push(`    (first 10 of ${progress.import.invalid})`);
  return `${lines.join('\n')}\n`;
}
