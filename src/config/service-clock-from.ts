import { ConfigError } from './config-error';
import { ControlledClock } from '../clock/controlled-clock';
import { wallClock, type ServiceClock } from '../clock/service-clock';

export interface ClockSettings {
  nodeEnv: 'development' | 'test' | 'production';
  /** CLOCK_START (or --clock) as epoch ms. */
  clockStartMs: number | undefined;
  /** CLOCK_RATE (or --clock-rate). */
  clockRate: number;
}

/**
 * The service's clock from its settings: the wall clock unless a start or a rate is chosen. A
 * controlled clock in production is refused here too (the config already refuses the variables;
 * this catches command-line flags).
 */
export function serviceClockFrom(settings: ClockSettings): ServiceClock {
  if (settings.clockStartMs === undefined && settings.clockRate === 1) return wallClock;
  if (settings.nodeEnv === 'production') {
    throw new ConfigError([{ name: 'CLOCK_START / CLOCK_RATE (--clock / --clock-rate)', problem: 'a controlled clock is for development only and is refused when NODE_ENV=production', expected: 'unset in production' }]);
  }
  return new ControlledClock({ ...(settings.clockStartMs !== undefined ? { startMs: settings.clockStartMs } : {}), rate: settings.clockRate });
}
