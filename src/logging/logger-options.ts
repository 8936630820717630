import type { DestinationStream, Level } from 'pino';

export interface LoggerOptions {
  level: Level | 'silent';
  /** Human-readable output (pino-pretty); only for a TTY outside production. */
  pretty: boolean;
  /** Exact values that must never appear in a log line, whatever path they travel. */
  secretValues: readonly string[];
  /** Where lines go; defaults to stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
  /** Static fields on every line, e.g. the process role. */
  base?: Record<string, string | number>;
}
