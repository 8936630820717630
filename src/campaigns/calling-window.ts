import { expandDays } from '../calendar/day-ranges';
import type { WindowSpec } from './campaign-definition';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_MS = 86_400_000;

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True for a time zone the runtime knows (IANA name). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function partsOf(at: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(at)) parts[part.type] = part.value;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

function localTime(at: number, zone: string): LocalTime {
  const p = partsOf(at, zone);
  return { year: p.year, month: p.month, day: p.day, weekday: new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay(), minute: p.hour * 60 + p.minute };
}

/** Offset of `zone` at instant `at` (local minus UTC), in ms. */
function offsetAt(at: number, zone: string): number {
  const p = partsOf(at, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

/** The instant a local wall-clock time happens in `zone` (a time skipped by DST maps just past the gap). */
function zonedInstant(year: number, month: number, day: number, minute: number, zone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minute);
  const first = guess - offsetAt(guess, zone);
  const second = guess - offsetAt(first, zone);
  return second;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * When a campaign may call: weekly hours and excluded dates, read in each contact's own time zone
 * (the campaign's zone when the contact has none). `nextOpening` is where a contact found outside
 * its window is scheduled.
 */
export class CallingWindow {
  private readonly weekly: Array<Array<[number, number]>> = DAY_NAMES.map(() => []);
  private readonly excluded: ReadonlySet<string>;
  private readonly openCache = new Map<string, { minute: number; open: boolean }>();

  constructor(private readonly spec: WindowSpec) {
    for (const [key, value] of Object.entries(spec.hours)) {
      const ranges = value === 'closed' ? [] : (Array.isArray(value) ? value : [value]).map((r) => r.split('-').map(toMinutes) as [number, number]);
      for (const day of expandDays(key)) this.weekly[DAY_NAMES.indexOf(day)]!.push(...ranges);
    }
    for (const ranges of this.weekly) ranges.sort((a, b) => a[0] - b[0]);
    this.excluded = new Set(spec.exclude);
  }

  get defaultZone(): string {
    return this.spec.timezone;
  }

  /** Open at `at` (epoch ms) for a contact in `zone`? Cached per zone and minute. */
  isOpen(at: number, zone: string = this.spec.timezone): boolean {
    const minute = Math.floor(at / 60_000);
    const cached = this.openCache.get(zone);
    if (cached && cached.minute === minute) return cached.open;
    const open = this.computeOpen(at, zone);
    this.openCache.set(zone, { minute, open });
    return open;
  }

  /** `at` when open; otherwise the start of the next opening (undefined when none within a year). */
  nextOpening(at: number, zone: string = this.spec.timezone): number | undefined {
    if (this.isOpen(at, zone)) return at;
    const today = localTime(at, zone);
    const base = Date.UTC(today.year, today.month - 1, today.day);
    for (let offset = 0; offset <= 370; offset++) {
      const date = new Date(base + offset * DAY_MS);
      const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      if (this.excluded.has(isoDate(y, m, d))) continue;
      for (const [from, to] of this.weekly[date.getUTCDay()]!) {
        const start = zonedInstant(y, m, d, from, zone);
        const end = zonedInstant(y, m, d, to, zone);
        if (end <= at) continue;
        const candidate = Math.max(start, at);
        if (this.computeOpen(candidate, zone)) return candidate;
      }
    }
    return undefined;
  }

  private computeOpen(at: number, zone: string): boolean {
    const local = localTime(at, zone);
    if (this.excluded.has(isoDate(local.year, local.month, local.day))) return false;
    return this.weekly[local.weekday]!.some(([from, to]) => local.minute >= from && local.minute < to);
  }
}
