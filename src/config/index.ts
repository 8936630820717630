export type { Config } from './config';
export { ConfigError, type ConfigProblem } from './config-error';
export { configVariables, type ConfigVariable, type ConfigVariableName } from './config-variables';
export { loadConfig, loadConfigWith, parseHostList, readEnvironmentValue, type Environment } from './load-config';
export { serviceClockFrom } from './service-clock-from';
export { describeRedisTarget, hasHashTag, type RedisNodeAddress, type RedisTarget } from './redis-target';
