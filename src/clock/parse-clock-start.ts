/**
 * A clock start as people write it: an ISO date and time with its offset
 * (`2026-12-08T10:00:00-06:00`, `2026-12-08T16:00:00Z`). Without an offset the hour would mean
 * whatever zone the machine is in, so it is refused. Returns epoch ms, or a message saying why not.
 */
export function parseClockStart(text: string): { ms: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    return { error: `must be an ISO date and time with an offset, e.g. 2026-12-08T10:00:00-06:00 (10:00 in Chicago); got ${JSON.stringify(text)}` };
  }
  const ms = Date.parse(trimmed);
  if (!Number.isFinite(ms)) return { error: `is not a valid date and time: ${JSON.stringify(text)}` };
  return { ms };
}
