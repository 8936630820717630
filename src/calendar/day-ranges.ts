/** Days and time ranges as calendars and campaign windows write them (flows, routes, campaigns). */
export const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayName = (typeof dayNames)[number];

/** `09:00-17:00` -> [540, 1020] (minutes of the day). */
export function parseRange(range: string): [number, number] {
  const [from, to] = range.split('-') as [string, string];
  return [toMinutes(from), toMinutes(to)];
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** `mon-fri` -> mon..fri; ranges wrap (`fri-mon` = fri, sat, sun, mon). */
export function expandDays(key: string): DayName[] {
  const [from, to] = key.split('-') as [DayName, DayName | undefined];
  if (!to) return [from];
  const days: DayName[] = [];
  let i = dayNames.indexOf(from);
  const end = dayNames.indexOf(to);
  for (;;) {
    days.push(dayNames[i]!);
    if (i === end) break;
    i = (i + 1) % 7;
  }
  return days;
}

/** Checks a range is well ordered; returns a problem or undefined. */
export function rangeProblem(range: string): string | undefined {
  const [from, to] = parseRange(range);
  return to <= from ? `time range ${range} ends before it starts (overnight hours are two ranges on two days)` : undefined;
}
