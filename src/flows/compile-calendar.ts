import { expandDays, parseRange, type DayName } from '../calendar/day-ranges';
import type { CalendarInput } from './schema/routes-schema';

/** A calendar compiled once: weekly opening minutes per day, holidays, one cached formatter. */
export class CompiledCalendar {
  private readonly weekly: Map<DayName, [number, number][]>;
  private readonly holidays: Set<string>;
  private readonly formatter: Intl.DateTimeFormat;

  constructor(
    readonly name: string,
    input: CalendarInput,
  ) {
    // Throws RangeError for an unknown zone; the loader turns that into a positioned error.
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: input.timezone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    this.weekly = new Map();
    for (const [key, value] of Object.entries(input.hours)) {
      const ranges = value === 'closed' ? [] : (Array.isArray(value) ? value : [value]).map(parseRange);
      for (const day of expandDays(key)) this.weekly.set(day, [...(this.weekly.get(day) ?? []), ...ranges]);
    }
    this.holidays = new Set((input.holidays ?? []).map((h) => (typeof h === 'string' ? h : h.date)));
  }

  /** Opening hours change by the minute; Intl formatting is costly, so the last minute is cached. */
  private cachedMinute = Number.NaN;
  private cachedOpen = false;

  isOpen(at: Date): boolean {
    const minute = Math.floor(at.getTime() / 60_000);
    if (minute !== this.cachedMinute) {
      this.cachedOpen = this.computeOpen(at);
      this.cachedMinute = minute;
    }
    return this.cachedOpen;
  }

  private computeOpen(at: Date): boolean {
    const parts: Record<string, string> = {};
    for (const part of this.formatter.formatToParts(at)) parts[part.type] = part.value;
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    if (this.holidays.has(date)) return false;
    const day = (parts.weekday ?? '').toLowerCase().slice(0, 3) as DayName;
    const minute = Number(parts.hour) * 60 + Number(parts.minute);
    return (this.weekly.get(day) ?? []).some(([from, to]) => minute >= from && minute < to);
  }
}
