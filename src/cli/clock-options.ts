import { InvalidArgumentError, type Command } from 'commander';
import { MAX_CLOCK_RATE, parseClockStart } from '../clock';

/** What `--clock` and `--clock-rate` parse to (the same settings as CLOCK_START / CLOCK_RATE). */
export interface ClockFlags {
  clock?: number;
  clockRate?: number;
}

/** Adds `--clock <iso>` and `--clock-rate <n>` to a command (dev, emulate). */
export function addClockOptions(command: Command): Command {
  return command
    .option('--clock <iso-time>', 'start the clock here instead of now, e.g. 2026-12-08T10:00:00-06:00 (CLOCK_START; development only)', (value: string) => {
      const parsed = parseClockStart(value);
      if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
      return parsed.ms;
    })
    .option('--clock-rate <n>', 'clock seconds per real second, e.g. 60 for an hour a minute (CLOCK_RATE; development only)', (value: string) => {
      const rate = Number(value);
      if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_CLOCK_RATE) throw new InvalidArgumentError(`must be a number above 0 and at most ${MAX_CLOCK_RATE}; got ${value}`);
      return rate;
    });
}

/** The flags as config overrides (only those given). */
export function clockOverrides(flags: ClockFlags): { clockStartMs?: number; clockRate?: number } {
  return { ...(flags.clock !== undefined ? { clockStartMs: flags.clock } : {}), ...(flags.clockRate !== undefined ? { clockRate: flags.clockRate } : {}) };
}
