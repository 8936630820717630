import type { RedisTarget } from './redis-target';

/** The validated configuration. Built only by `loadConfig`; everything else receives it. */
export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  role: 'all' | 'web' | 'worker';
  /** Processes `serve` forks for the web role (1: no cluster). */
  webProcesses: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logPretty: boolean;
  publicBaseUrl: string | undefined;
  trustProxy: boolean;
  flowsDir: string;
  routesDir: string;
  flowsWatch: boolean;
  flowStateSecret: string;
  /** True when FLOW_STATE_SECRET was not set and a per-process random key is in use. */
  flowStateSecretIsEphemeral: boolean;
  flowStateTtlSeconds: number;
  /** The format sealed tokens are written in (both are read): 1 AES-256-GCM, 2 ChaCha20-Poly1305. */
  flowStateTokenFormat: 1 | 2;
  adminToken: string | undefined;
  telnyxApiKey: string | undefined;
  telnyxApiBaseUrl: string;
  telnyxPublicKey: string | undefined;
  telnyxAccountSid: string | undefined;
  telnyxApplicationSid: string | undefined;
  telnyxTimeoutMs: number;
  webhookVerify: boolean;
  /** True when WEBHOOK_VERIFY=off was set explicitly (logged loudly at start). */
  webhookVerifyDisabledExplicitly: boolean;
  /** Which Ed25519 implementation verifies: the addon, else libsodium, else node's crypto (auto), or the one named. */
  webhookVerifyEngine: 'auto' | 'precomputed' | 'libsodium' | 'node';
  /** REDIS_URL, or the cluster/sentinel companions: where jobs, events and campaigns live. */
  redis: RedisTarget;
  /** Redis WAIT before acknowledging: replicas and how long to wait for them. */
  redisWait: { replicas: number; timeoutMs: number };
  queuePrefix: string;
  workerConcurrency: number;
  jobAttempts: number;
  jobBackoffCapMs: number;
  jobBackoffBaseMs: number;
  jobLockDurationMs: number;
  jobStalledIntervalMs: number;
  dialReconcileDelayMs: number;
  telnyxDialsPerSecond: number;
  shutdownTimeoutMs: number;
  eventRetentionDays: number;
  notifyUrl: string | undefined;
  notifySigningSecret: string | undefined;
  /** REQUEST_ALLOWED_HOSTS: hosts every flow's `request` may call. */
  requestAllowedHosts: string[];
  /** REQUEST_ALLOW_PRIVATE: requests may reach loopback, private and link-local addresses. */
  requestAllowPrivate: boolean;
  /** NOTIFY_RETRY_WINDOW_SECONDS: notify jobs retry at least this long (0: JOB_ATTEMPTS). */
  notifyRetryWindowSeconds: number;
  emulatorPort: number;
  emulatorApiKey: string;
  campaignDispatch: boolean;
  campaignTickMs: number;
  campaignRecheckMs: number;
  campaignDefaultRegion: string;
  /** CLOCK_START as epoch ms: development only, the service's clock starts there (src/clock). */
  clockStartMs: number | undefined;
  /** CLOCK_RATE: clock ms per real ms (1 unless chosen; development only). */
  clockRate: number;
  /** Values that must never reach a log line. */
  secretValues: string[];
}
