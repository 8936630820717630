import { z } from 'zod';
import { MAX_CLOCK_RATE } from '../clock/controlled-clock';
import { parseClockStart } from '../clock/parse-clock-start';

/**
 * Every environment variable the service reads, in one table. `.env.example` and the README's
 * configuration table are checked against it by a test, so documentation cannot drift.
 */
export interface ConfigVariable {
  name: string;
  schema: z.ZodType;
  /** Human form of the accepted values, printed when the value is wrong. */
  expected: string;
  /** One line for .env.example and the README. */
  description: string;
  /** The value written in .env.example ('' when there is no safe default to suggest). */
  example: string;
  /** A secret: never printed, logged or echoed in an error. */
  secret?: boolean;
}

const bool = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v));
const optionalBool = bool.optional();
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.string().url();
const base64Key32 = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(v), 'must be 32 bytes, base64');

export const configVariables = [
  { name: 'NODE_ENV', schema: z.enum(['development', 'test', 'production']).default('development'), expected: 'development | test | production', description: 'Runtime mode; production enforces secrets and disables pretty logs and hot reload by default.', example: 'development' },
  { name: 'PORT', schema: int(0, 65535).default(3000), expected: 'a port number 0-65535', description: 'HTTP port the web role listens on.', example: '3000' },
  { name: 'HOST', schema: z.string().min(1).default('0.0.0.0'), expected: 'an interface address', description: 'Interface the web role binds.', example: '0.0.0.0' },
  { name: 'ROLE', schema: z.enum(['all', 'web', 'worker']).default('all'), expected: 'all | web | worker', description: 'What `npm start` runs: web and worker in one process, or one of them.', example: 'all' },
  { name: 'WEB_PROCESSES', schema: z.union([z.literal('auto'), int(1, 64)]).default(1), expected: 'an integer 1-64, or auto (one per core)', description: 'Web processes `serve` runs on one machine (node:cluster, sharing PORT); each also runs a job worker when ROLE=all. More than one needs FLOW_STATE_SECRET.', example: '1' },
  { name: 'LOG_LEVEL', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), expected: 'fatal | error | warn | info | debug | trace | silent', description: 'Minimum level written to the log.', example: 'info' },
  { name: 'LOG_PRETTY', schema: optionalBool, expected: 'true | false', description: 'Force pretty logs on or off (default: on only when stdout is a TTY outside production).', example: '' },
  { name: 'PUBLIC_BASE_URL', schema: url.optional(), expected: 'an absolute http(s) URL, e.g. https://voice.example.com', description: 'Base of every action and callback URL the service emits; when empty it is derived from the request.', example: '' },
  { name: 'TRUST_PROXY', schema: bool.default(false), expected: 'true | false', description: 'Honour X-Forwarded-* headers when deriving URLs (set behind a load balancer).', example: 'false' },
  { name: 'FLOWS_DIR', schema: z.string().min(1).default('flows'), expected: 'a directory path', description: 'Directory of flow YAML files.', example: 'flows' },
  { name: 'ROUTES_DIR', schema: z.string().min(1).default('routes'), expected: 'a directory path', description: 'Directory of inbound route YAML files (and shared resources).', example: 'routes' },
  { name: 'FLOWS_WATCH', schema: optionalBool, expected: 'true | false', description: 'Hot-reload flows and routes on change (default: on outside production).', example: '' },
  { name: 'FLOW_STATE_SECRET', schema: z.string().min(32, 'must be at least 32 characters').optional(), expected: 'a random string of at least 32 characters', description: 'Key for sealing the call state carried in action URLs (required in production).', example: '', secret: true },
  { name: 'FLOW_STATE_TOKEN_FORMAT', schema: z.enum(['1', '2']).default('1'), expected: '1 | 2', description: "Format of the state and link tokens written: 1 (AES-256-GCM, opened by every release) or 2 (ChaCha20-Poly1305 by libsodium: 1-2 µs a seal instead of 8-11); both are always opened. Set 2 once no process older than this release serves webhooks.", example: '1' },
  { name: 'FLOW_STATE_TTL_SECONDS', schema: int(60, 7 * 24 * 3600).default(24 * 3600), expected: 'seconds, 60-604800', description: 'How long a sealed state token stays valid.', example: '86400' },
  { name: 'ADMIN_TOKEN', schema: z.string().min(16, 'must be at least 16 characters').optional(), expected: 'a random string of at least 16 characters', description: 'Bearer token for /api and /admin (required in production).', example: '', secret: true },
  { name: 'TELNYX_API_KEY', schema: z.string().min(1).optional(), expected: 'a Telnyx API key (KEY...)', description: 'API key the workers use for Telnyx REST calls.', example: '', secret: true },
  { name: 'TELNYX_API_BASE_URL', schema: url.default('http://127.0.0.1:4010/v2'), expected: 'an absolute URL ending in /v2', description: 'Telnyx REST base URL; defaults to the local emulator, set https://api.telnyx.com/v2 in production.', example: 'http://127.0.0.1:4010/v2' },
  { name: 'TELNYX_ACCOUNT_SID', schema: z.string().min(1).optional(), expected: 'your Telnyx account sid (the {account_sid} of TeXML REST paths)', description: 'Account the workers address in TeXML REST paths; optional against the local emulator (it accepts any), required otherwise.', example: '' },
  { name: 'TELNYX_APPLICATION_SID', schema: z.string().min(1).optional(), expected: 'a TeXML application (connection) id', description: 'ApplicationSid of outbound calls and participant dials unless a job names its own; optional against the local emulator.', example: '' },
  { name: 'TELNYX_TIMEOUT_MS', schema: int(100, 120000).default(15000), expected: 'milliseconds, 100-120000', description: 'How long a worker waits for one Telnyx REST answer before the attempt counts as a timeout (and is retried).', example: '15000' },
  { name: 'TELNYX_PUBLIC_KEY', schema: base64Key32.optional(), expected: 'the base64 Ed25519 public key from the Telnyx portal', description: 'Verifies webhook signatures; verification is on whenever it is set, unless WEBHOOK_VERIFY=off.', example: '' },
  { name: 'WEBHOOK_VERIFY', schema: z.enum(['auto', 'on', 'off']).default('auto'), expected: 'auto | on | off', description: 'auto: verify when TELNYX_PUBLIC_KEY is set; off disables verification (logged loudly).', example: 'auto' },
  { name: 'WEBHOOK_VERIFY_ENGINE', schema: z.enum(['auto', 'precomputed', 'libsodium', 'node']).default('auto'), expected: 'auto | precomputed | libsodium | node', description: "Ed25519 for webhook signatures: precomputed (this repository's C addon, built by npm install, with the key's multiples tabled once; about a third of libsodium's CPU), libsodium (the optional dependency sodium-native; about half of node's CPU) or node's crypto (on its thread pool); auto takes the first of these that loads, and says at start why it passed over one.", example: 'auto' },
  { name: 'REDIS_URL', schema: url.default('redis://127.0.0.1:6379'), expected: 'a redis:// or rediss:// URL', description: 'Redis for jobs, events and campaigns (never needed to answer a webhook).', example: 'redis://127.0.0.1:6379' },
  { name: 'REDIS_CLUSTER_NODES', schema: z.string().min(1).optional(), expected: 'comma-separated host:port or redis:// URLs of Redis Cluster nodes', description: 'Seed nodes of a Redis Cluster; when set, REDIS_URL is not used and QUEUE_PREFIX must carry a hash tag such as {texml}.', example: '' },
  { name: 'REDIS_SENTINELS', schema: z.string().min(1).optional(), expected: 'comma-separated host:port of Redis Sentinels', description: 'Sentinels of a Redis Sentinel group; when set, the master they name (REDIS_SENTINEL_MASTER) is used instead of REDIS_URL.', example: '' },
  { name: 'REDIS_SENTINEL_MASTER', schema: z.string().min(1).default('mymaster'), expected: 'the master group name the sentinels monitor', description: 'Master group name asked of REDIS_SENTINELS.', example: 'mymaster' },
  { name: 'REDIS_PASSWORD', schema: z.string().min(1).optional(), expected: 'the password of the Redis data nodes', description: 'Password of Redis Cluster nodes or of the Sentinel-managed master (a standalone Redis takes it in REDIS_URL).', example: '', secret: true },
  { name: 'REDIS_SENTINEL_PASSWORD', schema: z.string().min(1).optional(), expected: 'the password of the sentinels', description: 'Password of the sentinels themselves, when they require one.', example: '', secret: true },
  { name: 'REDIS_DB', schema: int(0, 15).default(0), expected: 'a database number 0-15', description: 'Database of the Sentinel-managed master (a standalone Redis takes it in REDIS_URL; a cluster has only 0).', example: '0' },
  { name: 'REDIS_WAIT_REPLICAS', schema: int(0, 16).optional(), expected: 'an integer 0-16', description: 'Replicas that must hold an event, a job or a dial marker before it is acknowledged (Redis WAIT); default 1 on a cluster or Sentinel group, 0 on one server.', example: '' },
  { name: 'REDIS_WAIT_TIMEOUT_MS', schema: int(1, 10000).default(500), expected: 'milliseconds, 1-10000', description: 'How long an acknowledgement waits for REDIS_WAIT_REPLICAS (events and jobs are then acknowledged anyway; a dial is not placed).', example: '500' },
  { name: 'QUEUE_PREFIX', schema: z.string().min(1).default('texml'), expected: 'a key prefix, e.g. texml or {texml} for Redis Cluster', description: 'Prefix of every BullMQ key.', example: 'texml' },
  { name: 'WORKER_CONCURRENCY', schema: int(1, 1000).default(10), expected: 'an integer 1-1000', description: 'Jobs one worker process runs at once.', example: '10' },
  { name: 'JOB_ATTEMPTS', schema: int(1, 100).default(8), expected: 'an integer 1-100', description: 'Attempts for a retryable Telnyx operation.', example: '8' },
  { name: 'JOB_BACKOFF_CAP_MS', schema: int(1000, 24 * 3600 * 1000).default(600000), expected: 'milliseconds', description: 'Upper bound of the exponential retry delay.', example: '600000' },
  { name: 'JOB_BACKOFF_BASE_MS', schema: int(10, 600000).default(1000), expected: 'milliseconds', description: 'First retry delay of a failed Telnyx operation; doubles per attempt (with jitter) up to JOB_BACKOFF_CAP_MS.', example: '1000' },
  { name: 'JOB_LOCK_DURATION_MS', schema: int(1000, 600000).default(30000), expected: 'milliseconds', description: 'Lock a worker holds on a running job (renewed while it runs); a crashed worker\'s job is recovered after it lapses.', example: '30000' },
  { name: 'JOB_STALLED_INTERVAL_MS', schema: int(500, 600000).default(15000), expected: 'milliseconds', description: 'How often workers look for jobs whose worker died (stalled) and put them back in the queue.', example: '15000' },
  { name: 'DIAL_RECONCILE_DELAY_MS', schema: int(0, 600000).default(10000), expected: 'milliseconds', description: 'After a dial whose answer never came (timeout, crash), wait TELNYX_TIMEOUT_MS and then this long before listing calls to see whether it was placed.', example: '10000' },
  { name: 'TELNYX_DIALS_PER_SECOND', schema: int(1, 1000).default(30), expected: 'an integer 1-1000', description: 'Outbound dials per second across all workers (Telnyx default: 30, 5 s window).', example: '30' },
  { name: 'SHUTDOWN_TIMEOUT_MS', schema: int(0, 600000).default(10000), expected: 'milliseconds', description: 'Deadline for draining requests and jobs on SIGTERM.', example: '10000' },
  { name: 'EVENT_RETENTION_DAYS', schema: int(1, 365).default(7), expected: 'days, 1-365', description: 'How long call timelines are kept in Redis.', example: '7' },
  { name: 'NOTIFY_URL', schema: url.optional(), expected: 'an absolute http(s) URL', description: 'Where notify jobs and hooks POST when they name no url of their own.', example: '' },
  { name: 'NOTIFY_RETRY_WINDOW_SECONDS', schema: int(0, 7 * 24 * 3600).default(3600), expected: 'seconds, 0-604800', description: 'How long a notify delivery keeps being retried while the receiver is down (5xx, 408, 429, network errors): notify jobs get as many attempts as the backoff needs to span this window. 0: JOB_ATTEMPTS, as other jobs.', example: '3600' },
  { name: 'NOTIFY_SIGNING_SECRET', schema: z.string().min(16, 'must be at least 16 characters').optional(), expected: 'a random string of at least 16 characters', description: 'HMAC-SHA256 key signing notify hook requests.', example: '', secret: true },
  { name: 'REQUEST_ALLOWED_HOSTS', schema: z.string().regex(/^\s*((\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?\s*(,\s*|$))*$/, 'must be host names, host:port or *.domain, separated by commas').optional(), expected: 'hosts separated by commas, e.g. api.example.com,*.internal.example.com', description: "Hosts every flow's request action may call, besides the flow's own request.allow (checked when flows load).", example: '' },
  { name: 'REQUEST_ALLOW_PRIVATE', schema: bool.default(false), expected: 'true | false', description: "Let flows' requests reach loopback, private and link-local addresses (refused by default, after DNS).", example: 'false' },
  { name: 'EMULATOR_PORT', schema: int(0, 65535).default(4010), expected: 'a port number', description: 'Port of the local Telnyx emulator (`texml-router emulate`).', example: '4010' },
  { name: 'EMULATOR_API_KEY', schema: z.string().min(1).default('KEY_EMULATOR'), expected: 'any string', description: 'Bearer key the emulator accepts.', example: 'KEY_EMULATOR', secret: true },
  { name: 'CLOCK_START', schema: z.string().refine((v) => 'ms' in parseClockStart(v), 'must be an ISO date and time with an offset').optional(), expected: 'an ISO date and time with offset, e.g. 2026-12-08T10:00:00-06:00', description: 'Development only (refused in production): the service starts its clock at this time instead of now; calendars, campaign windows and delayed jobs go by it. Same as --clock.', example: '' },
  { name: 'CLOCK_RATE', schema: z.coerce.number().positive().max(MAX_CLOCK_RATE).default(1), expected: `clock seconds per real second, above 0 and at most ${MAX_CLOCK_RATE}`, description: 'Development only (refused in production): how fast the service clock runs (60: an hour a minute), so campaign retries and delayed jobs play in seconds. Same as --clock-rate.', example: '1' },
  { name: 'CAMPAIGN_DISPATCH', schema: bool.default(true), expected: 'true | false', description: 'Whether worker processes dial running campaigns (any number of workers can share them).', example: 'true' },
  { name: 'CAMPAIGN_TICK_MS', schema: int(10, 10000).default(100), expected: 'milliseconds, 10-10000', description: 'How often a worker looks for campaign contacts that are due (pause takes effect within one tick plus the dial queue).', example: '100' },
  { name: 'CAMPAIGN_RECHECK_MS', schema: int(500, 3600000).default(5000), expected: 'milliseconds', description: 'A campaign attempt with no call sid after this long is checked against its dial job (resubmitted if a crash lost it, failed if Telnyx refused it).', example: '5000' },
  { name: 'CAMPAIGN_DEFAULT_REGION', schema: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter region code').default('US'), expected: 'an ISO 3166 region code such as US or GB', description: 'Region for contact numbers written without a country code, unless the campaign names its own.', example: 'US' },
] as const satisfies readonly ConfigVariable[];

export type ConfigVariableName = (typeof configVariables)[number]['name'];

/** Each variable's value as its schema gives it (after defaults and transforms), by name. */
export type ParsedEnvironment = { [V in (typeof configVariables)[number] as V['name']]: z.output<V['schema']> };
