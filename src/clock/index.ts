export { ControlledClock, MAX_CLOCK_RATE, type ControlledClockOptions } from './controlled-clock';
export { wallClock, type ServiceClock } from './service-clock';
export { parseClockStart } from './parse-clock-start';
