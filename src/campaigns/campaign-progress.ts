import { CONTACT_OUTCOMES, type CampaignState, type ContactOutcome } from './campaign-definition';
import type { ImportProblem } from './campaign-store';

/** What `GET /api/campaigns/:id` answers and `campaign status` shows. */
export interface CampaignProgress {
  id: string;
  name: string;
  flow: string;
  state: CampaignState;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  contacts: {
    total: number;
    /** Due now (waiting for a token or a slot). */
    waiting: number;
    /** Due later: a retry's delay, or outside the calling window. */
    scheduled: number;
    /** An attempt is up (placing, ringing, talking). */
    dialing: number;
    done: number;
  };
  /** Final outcomes of the contacts that are done. */
  outcomes: Record<ContactOutcome, number>;
  /** Attempts placed, retries scheduled. */
  dials: number;
  retries: number;
  rate: {
    /** Dials per second over the last 10 s. */
    current: number;
    /** The campaign's pacing (capped by TELNYX_DIALS_PER_SECOND). */
    limit: number;
    maxConcurrent: number;
  };
  /** When the next scheduled contact is due (a retry, or the window opening). */
  nextDueAt: string | null;
  eta: { seconds: number | null; at: string | null };
  import: {
    rows: number;
    imported: number;
    duplicates: number;
    invalid: number;
    problems: ImportProblem[];
    /** False when the last import was cut off (send the file again: what it imported counts as duplicates). */
    complete: boolean;
    /** The last line the last import read whole (null before any import). */
    lastLine: number | null;
    /** Why the last import stopped, when it was cut off. */
    cutOff: string | null;
  };
}

export interface ProgressFigures {
  meta: Record<string, string>;
  dueNow: number;
  dueLater: number;
  live: number;
  recentDials: number;
  nextDue: number | undefined;
}

export const RATE_WINDOW_MS = 10_000;

const iso = (ms: string | undefined) => (ms && Number(ms) > 0 ? new Date(Number(ms)).toISOString() : null);
const num = (value: string | undefined) => (value === undefined || value === '' ? 0 : Number(value));

export function buildProgress(id: string, figures: ProgressFigures, now: number, problems: ImportProblem[]): CampaignProgress {
  const { meta } = figures;
  const state = meta.state as CampaignState;
  const outcomes = Object.fromEntries(CONTACT_OUTCOMES.map((o) => [o, num(meta[`o:${o}`])])) as Record<ContactOutcome, number>;
  const current = Math.round((figures.recentDials / (RATE_WINDOW_MS / 1000)) * 100) / 100;
  const limit = num(meta.rate);
  const remaining = figures.dueNow + figures.dueLater;
  let seconds: number | null = null;
  if (state === 'running') {
    const pace = current > 0 ? current : limit;
    seconds = remaining === 0 ? 0 : remaining / pace;
    if (figures.dueNow === 0 && figures.nextDue !== undefined) seconds += Math.max(0, figures.nextDue - now) / 1000;
    seconds = Math.round(seconds);
  } else if (state === 'completed' || state === 'cancelled') {
    seconds = 0;
  }
  return {
    id,
    name: meta.name ?? id,
    flow: meta.flow ?? '',
    state,
    createdAt: iso(meta.created_at),
    startedAt: iso(meta.started_at),
    finishedAt: iso(meta.finished_at),
    contacts: { total: num(meta.total), waiting: figures.dueNow, scheduled: figures.dueLater, dialing: figures.live, done: num(meta.done) },
    outcomes,
    dials: num(meta.dials),
    retries: num(meta.retries),
    rate: { current, limit, maxConcurrent: num(meta.max_live) },
    nextDueAt: figures.nextDue !== undefined ? new Date(figures.nextDue).toISOString() : null,
    eta: { seconds, at: seconds === null ? null : new Date(now + seconds * 1000).toISOString() },
    import: {
      rows: num(meta.import_rows),
      imported: num(meta.total),
      duplicates: num(meta.import_duplicates),
      invalid: num(meta.import_invalid),
      problems,
      complete: meta.import_state !== 'incomplete',
      lastLine: meta.import_last_line ? num(meta.import_last_line) : null,
      cutOff: meta.import_cut_off ? meta.import_cut_off : null,
    },
  };
}
