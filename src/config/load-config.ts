import { randomBytes } from 'node:crypto';
import type { Config } from './config';
import { ConfigError, type ConfigProblem } from './config-error';
import { configVariables, type ConfigVariableName } from './config-variables';

export type Environment = Record<string, string | undefined>;

type Parsed = Record<ConfigVariableName, unknown>;

/**
 * Reads and validates the environment. Throws a ConfigError listing every problem at once.
 * Empty strings count as unset, so `.env.example` can be copied as is.
 */
export function loadConfig(env: Environment = process.env, isTty: boolean = Boolean(process.stdout.isTTY)): Config {
  const problems: ConfigProblem[] = [];
  const parsed = {} as Parsed;
  for (const variable of configVariables) {
    const raw = env[variable.name];
    const value = raw === undefined || raw.trim() === '' ? undefined : raw.trim();
    const result = variable.schema.safeParse(value);
    if (result.success) {
      parsed[variable.name] = result.data;
    } else {
      const problem = result.error.issues.map((issue) => issue.message).join('; ');
      problems.push({
        name: variable.name,
        problem: 'secret' in variable && variable.secret ? `invalid value (${problem})` : `got ${JSON.stringify(value)}: ${problem}`,
        expected: variable.expected,
      });
    }
  }

  const production = parsed.NODE_ENV === 'production';
  const verifyMode = parsed.WEBHOOK_VERIFY as 'auto' | 'on' | 'off' | undefined;
  if (production) {
    for (const name of ['FLOW_STATE_SECRET', 'ADMIN_TOKEN'] as const) {
      if (env[name] === undefined || env[name]?.trim() === '') {
        problems.push({ name, problem: 'is required when NODE_ENV=production', expected: variableByName(name).expected });
      }
    }
    if (!parsed.TELNYX_PUBLIC_KEY && verifyMode !== 'off' && !problems.some((p) => p.name === 'TELNYX_PUBLIC_KEY')) {
      problems.push({
        name: 'TELNYX_PUBLIC_KEY',
        problem: 'is required when NODE_ENV=production (or set WEBHOOK_VERIFY=off explicitly to run without signature checks)',
        expected: variableByName('TELNYX_PUBLIC_KEY').expected,
      });
    }
  }
  // A controlled clock in production would shift calendars, campaign windows and delayed jobs
  // away from the real time: refused outright rather than warned about.
  if (production) {
    for (const name of ['CLOCK_START', 'CLOCK_RATE'] as const) {
      if (env[name] !== undefined && env[name]?.trim() !== '' && !(name === 'CLOCK_RATE' && parsed.CLOCK_RATE === 1)) {
        problems.push({ name, problem: 'is for development only and is refused when NODE_ENV=production', expected: 'unset in production' });
      }
    }
  }
  if (verifyMode === 'on' && !parsed.TELNYX_PUBLIC_KEY && !problems.some((p) => p.name === 'TELNYX_PUBLIC_KEY')) {
    problems.push({ name: 'TELNYX_PUBLIC_KEY', problem: 'is required when WEBHOOK_VERIFY=on', expected: variableByName('TELNYX_PUBLIC_KEY').expected });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const flowStateSecret = (parsed.FLOW_STATE_SECRET as string | undefined) ?? randomBytes(32).toString('base64');
  const config: Config = {
    nodeEnv: parsed.NODE_ENV as Config['nodeEnv'],
    port: parsed.PORT as number,
    host: parsed.HOST as string,
    role: parsed.ROLE as Config['role'],
    logLevel: parsed.LOG_LEVEL as Config['logLevel'],
    logPretty: (parsed.LOG_PRETTY as boolean | undefined) ?? (isTty && !production),
    publicBaseUrl: (parsed.PUBLIC_BASE_URL as string | undefined)?.replace(/\/+$/, ''),
    trustProxy: parsed.TRUST_PROXY as boolean,
    flowsDir: parsed.FLOWS_DIR as string,
    routesDir: parsed.ROUTES_DIR as string,
    flowsWatch: (parsed.FLOWS_WATCH as boolean | undefined) ?? !production,
    flowStateSecret,
    flowStateSecretIsEphemeral: parsed.FLOW_STATE_SECRET === undefined,
    flowStateTtlSeconds: parsed.FLOW_STATE_TTL_SECONDS as number,
    adminToken: parsed.ADMIN_TOKEN as string | undefined,
    telnyxApiKey: parsed.TELNYX_API_KEY as string | undefined,
    telnyxApiBaseUrl: (parsed.TELNYX_API_BASE_URL as string).replace(/\/+$/, ''),
    telnyxPublicKey: parsed.TELNYX_PUBLIC_KEY as string | undefined,
    telnyxAccountSid: parsed.TELNYX_ACCOUNT_SID as string | undefined,
    telnyxApplicationSid: parsed.TELNYX_APPLICATION_SID as string | undefined,
    telnyxTimeoutMs: parsed.TELNYX_TIMEOUT_MS as number,
    webhookVerify: verifyMode === 'on' || (verifyMode === 'auto' && parsed.TELNYX_PUBLIC_KEY !== undefined),
    webhookVerifyDisabledExplicitly: verifyMode === 'off',
    redisUrl: parsed.REDIS_URL as string,
    queuePrefix: parsed.QUEUE_PREFIX as string,
    workerConcurrency: parsed.WORKER_CONCURRENCY as number,
    jobAttempts: parsed.JOB_ATTEMPTS as number,
    jobBackoffCapMs: parsed.JOB_BACKOFF_CAP_MS as number,
    jobBackoffBaseMs: parsed.JOB_BACKOFF_BASE_MS as number,
    jobLockDurationMs: parsed.JOB_LOCK_DURATION_MS as number,
    jobStalledIntervalMs: parsed.JOB_STALLED_INTERVAL_MS as number,
    dialReconcileDelayMs: parsed.DIAL_RECONCILE_DELAY_MS as number,
    telnyxDialsPerSecond: parsed.TELNYX_DIALS_PER_SECOND as number,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS as number,
    eventRetentionDays: parsed.EVENT_RETENTION_DAYS as number,
    notifyUrl: parsed.NOTIFY_URL as string | undefined,
    notifySigningSecret: parsed.NOTIFY_SIGNING_SECRET as string | undefined,
    notifyRetryWindowSeconds: parsed.NOTIFY_RETRY_WINDOW_SECONDS as number,
    emulatorPort: parsed.EMULATOR_PORT as number,
    emulatorApiKey: parsed.EMULATOR_API_KEY as string,
    campaignDispatch: parsed.CAMPAIGN_DISPATCH as boolean,
    campaignTickMs: parsed.CAMPAIGN_TICK_MS as number,
    campaignRecheckMs: parsed.CAMPAIGN_RECHECK_MS as number,
    campaignDefaultRegion: parsed.CAMPAIGN_DEFAULT_REGION as string,
    clockStartMs: parsed.CLOCK_START === undefined ? undefined : Date.parse(parsed.CLOCK_START as string),
    clockRate: parsed.CLOCK_RATE as number,
    secretValues: [],
  };
  config.secretValues = configVariables
    .filter((v) => 'secret' in v && v.secret)
    .map((v) => env[v.name]?.trim())
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .concat(config.flowStateSecret);
  return config;
}

function variableByName(name: ConfigVariableName) {
  const found = configVariables.find((v) => v.name === name);
  if (!found) throw new Error(`unknown config variable ${name}`);
  return found;
}

/**
 * Reads one named variable: a TeXML secret value named by the secrets manifest, or env.NAME a flow declares.
 * Lives here because config is the only module allowed to read process.env.
 */
export function readEnvironmentValue(variableName: string, env: Environment = process.env): string | undefined {
  const value = env[variableName];
  return value === undefined || value === '' ? undefined : value;
}
