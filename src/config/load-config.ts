import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Config } from './config';
import { ConfigError, type ConfigProblem } from './config-error';
import { configVariables, type ConfigVariableName, type ParsedEnvironment } from './config-variables';
import { hasHashTag, parseNodeList, type RedisTarget } from './redis-target';

export type Environment = Record<string, string | undefined>;

type Parsed = ParsedEnvironment;

/**
 * Reads and validates the environment. Throws a ConfigError listing every problem at once.
 * Empty strings count as unset, so `.env.example` can be copied as is.
 */
export function loadConfig(env: Environment = process.env, isTty: boolean = Boolean(process.stdout.isTTY)): Config {
  return validateConfig(env, isTty);
}

/** The process environment with command-line options laid over it (`serve --processes 4`). */
export function loadConfigWith(overrides: Environment): Config {
  return validateConfig({ ...process.env, ...overrides }, Boolean(process.stdout.isTTY));
}

function validateConfig(env: Environment, isTty: boolean): Config {
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const variable of configVariables) {
    const raw = env[variable.name];
    const value = raw === undefined || raw.trim() === '' ? undefined : raw.trim();
    const result = variable.schema.safeParse(value);
    if (result.success) {
      values[variable.name] = result.data;
    } else {
      const problem = result.error.issues.map((issue) => issue.message).join('; ');
      problems.push({
        name: variable.name,
        problem: 'secret' in variable && variable.secret ? `invalid value (${problem})` : `got ${JSON.stringify(value)}: ${problem}`,
        expected: variable.expected,
      });
    }
  }

  // A variable that failed its schema is absent: the checks below read it as unset, and nothing is
  // built from `parsed` unless every variable passed (the throw before the config).
  const parsed = values as Parsed;
  const production = parsed.NODE_ENV === 'production';
  const verifyMode = parsed.WEBHOOK_VERIFY;
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
  const webProcesses = parsed.WEB_PROCESSES === 'auto' ? availableParallelism() : parsed.WEB_PROCESSES ?? 1;
  if (webProcesses > 1) {
    // Each process seals URLs the others open; a per-process random key would break every call.
    if (env.FLOW_STATE_SECRET === undefined || env.FLOW_STATE_SECRET.trim() === '') {
      problems.push({ name: 'FLOW_STATE_SECRET', problem: `is required when WEB_PROCESSES is more than 1 (got ${webProcesses}): every process must open the others' sealed URLs`, expected: variableByName('FLOW_STATE_SECRET').expected });
    }
    // A controlled clock is one process's own: several would disagree about the time.
    if (env.CLOCK_START !== undefined && env.CLOCK_START.trim() !== '') {
      problems.push({ name: 'WEB_PROCESSES', problem: 'must be 1 with a controlled clock (CLOCK_START): each process would keep its own time', expected: '1' });
    }
  }
  const redis = redisTargetFrom(parsed, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const flowStateSecret = parsed.FLOW_STATE_SECRET ?? randomBytes(32).toString('base64');
  const config: Config = {
    nodeEnv: parsed.NODE_ENV,
    port: parsed.PORT,
    host: parsed.HOST,
    role: parsed.ROLE,
    webProcesses,
    logLevel: parsed.LOG_LEVEL,
    logPretty: parsed.LOG_PRETTY ?? (isTty && !production),
    publicBaseUrl: parsed.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    trustProxy: parsed.TRUST_PROXY,
    flowsDir: parsed.FLOWS_DIR,
    routesDir: parsed.ROUTES_DIR,
    flowsWatch: parsed.FLOWS_WATCH ?? !production,
    flowStateSecret,
    flowStateSecretIsEphemeral: parsed.FLOW_STATE_SECRET === undefined,
    flowStateTtlSeconds: parsed.FLOW_STATE_TTL_SECONDS,
    flowStateTokenFormat: parsed.FLOW_STATE_TOKEN_FORMAT === '2' ? 2 : 1,
    adminToken: parsed.ADMIN_TOKEN,
    telnyxApiKey: parsed.TELNYX_API_KEY,
    telnyxApiBaseUrl: parsed.TELNYX_API_BASE_URL.replace(/\/+$/, ''),
    telnyxPublicKey: parsed.TELNYX_PUBLIC_KEY,
    telnyxAccountSid: parsed.TELNYX_ACCOUNT_SID,
    telnyxApplicationSid: parsed.TELNYX_APPLICATION_SID,
    telnyxTimeoutMs: parsed.TELNYX_TIMEOUT_MS,
    webhookVerify: verifyMode === 'on' || (verifyMode === 'auto' && parsed.TELNYX_PUBLIC_KEY !== undefined),
    webhookVerifyDisabledExplicitly: verifyMode === 'off',
    webhookVerifyEngine: parsed.WEBHOOK_VERIFY_ENGINE,
    redis: redis as RedisTarget,
    redisWait: {
      replicas: parsed.REDIS_WAIT_REPLICAS ?? (redis?.mode === 'standalone' ? 0 : 1),
      timeoutMs: parsed.REDIS_WAIT_TIMEOUT_MS,
    },
    queuePrefix: parsed.QUEUE_PREFIX,
    workerConcurrency: parsed.WORKER_CONCURRENCY,
    jobAttempts: parsed.JOB_ATTEMPTS,
    jobBackoffCapMs: parsed.JOB_BACKOFF_CAP_MS,
    jobBackoffBaseMs: parsed.JOB_BACKOFF_BASE_MS,
    jobLockDurationMs: parsed.JOB_LOCK_DURATION_MS,
    jobStalledIntervalMs: parsed.JOB_STALLED_INTERVAL_MS,
    dialReconcileDelayMs: parsed.DIAL_RECONCILE_DELAY_MS,
    telnyxDialsPerSecond: parsed.TELNYX_DIALS_PER_SECOND,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    eventRetentionDays: parsed.EVENT_RETENTION_DAYS,
    notifyUrl: parsed.NOTIFY_URL,
    notifySigningSecret: parsed.NOTIFY_SIGNING_SECRET,
    requestAllowedHosts: parseHostList(parsed.REQUEST_ALLOWED_HOSTS),
    requestAllowPrivate: parsed.REQUEST_ALLOW_PRIVATE,
    notifyRetryWindowSeconds: parsed.NOTIFY_RETRY_WINDOW_SECONDS,
    emulatorPort: parsed.EMULATOR_PORT,
    emulatorApiKey: parsed.EMULATOR_API_KEY,
    campaignDispatch: parsed.CAMPAIGN_DISPATCH,
    campaignTickMs: parsed.CAMPAIGN_TICK_MS,
    campaignRecheckMs: parsed.CAMPAIGN_RECHECK_MS,
    campaignDefaultRegion: parsed.CAMPAIGN_DEFAULT_REGION,
    clockStartMs: parsed.CLOCK_START === undefined ? undefined : Date.parse(parsed.CLOCK_START),
    clockRate: parsed.CLOCK_RATE,
    secretValues: [],
  };
  config.secretValues = configVariables
    .filter((v) => 'secret' in v && v.secret)
    .map((v) => env[v.name]?.trim())
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .concat(config.flowStateSecret);
  // A password written inside REDIS_CLUSTER_NODES or REDIS_SENTINELS is a secret of its own.
  for (const value of [redisPassword(config.redis), config.redis.mode === 'sentinel' ? config.redis.sentinelPassword : undefined]) {
    if (value && !config.secretValues.includes(value)) config.secretValues.push(value);
  }
  return config;
}

/** REDIS_URL, or a cluster (REDIS_CLUSTER_NODES) or a Sentinel group (REDIS_SENTINELS): never two at once. */
function redisTargetFrom(parsed: Parsed, problems: ConfigProblem[]): RedisTarget | undefined {
  const clusterNodes = parsed.REDIS_CLUSTER_NODES;
  const sentinels = parsed.REDIS_SENTINELS;
  const password = parsed.REDIS_PASSWORD;
  if (clusterNodes !== undefined && sentinels !== undefined) {
    problems.push({ name: 'REDIS_SENTINELS', problem: 'is set together with REDIS_CLUSTER_NODES: name a cluster or a Sentinel group, not both', expected: variableByName('REDIS_SENTINELS').expected });
    return undefined;
  }
  if (clusterNodes !== undefined) {
    const list = parseNodeList(clusterNodes, 6379);
    if ('problem' in list) {
      problems.push({ name: 'REDIS_CLUSTER_NODES', problem: list.problem, expected: variableByName('REDIS_CLUSTER_NODES').expected });
      return undefined;
    }
    const prefix = parsed.QUEUE_PREFIX;
    if (prefix !== undefined && !hasHashTag(prefix)) {
      problems.push({
        name: 'QUEUE_PREFIX',
        problem: `'${prefix}' has no hash tag: on a Redis Cluster every key of a queue, a campaign and the dial guard must share one slot (use '{${prefix}}')`,
        expected: variableByName('QUEUE_PREFIX').expected,
      });
    }
    return { mode: 'cluster', nodes: list.nodes, tls: list.tls, ...credentials(list.username, list.password ?? password) };
  }
  if (sentinels !== undefined) {
    const list = parseNodeList(sentinels, 26379);
    if ('problem' in list) {
      problems.push({ name: 'REDIS_SENTINELS', problem: list.problem, expected: variableByName('REDIS_SENTINELS').expected });
      return undefined;
    }
    const sentinelPassword = parsed.REDIS_SENTINEL_PASSWORD ?? list.password;
    return {
      mode: 'sentinel',
      sentinels: list.nodes,
      masterName: parsed.REDIS_SENTINEL_MASTER,
      db: parsed.REDIS_DB,
      tls: list.tls,
      ...credentials(list.username, password),
      ...(sentinelPassword !== undefined ? { sentinelPassword } : {}),
    };
  }
  return { mode: 'standalone', url: parsed.REDIS_URL as string };
}

function redisPassword(target: RedisTarget): string | undefined {
  if (target.mode !== 'standalone') return target.password;
  try {
    return decodeURIComponent(new URL(target.url).password) || undefined;
  } catch {
    return undefined;
  }
}

function credentials(username: string | undefined, password: string | undefined): { username?: string; password?: string } {
  return { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
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

/** REQUEST_ALLOWED_HOSTS as a list (commands that compile flows without loading the whole config read it too). */
export function parseHostList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((host) => host.trim()).filter((host) => host !== '');
}
