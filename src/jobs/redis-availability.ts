import type { Logger } from 'pino';
import { JobsUnavailableError } from './jobs-unavailable-error';

/** Error codes and messages that mean "Redis cannot be reached", not "a command was wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'NR_CLOSED']);
const CONNECTION_MESSAGES = /connection is closed|stream isn't writeable|connect etimedout|max retries per request|command timed out|socket closed unexpectedly|connection lost/i;

export function isRedisConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || (typeof message === 'string' && CONNECTION_MESSAGES.test(message));
}


interface EventSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** What an outage's closing line counts: work refused or failed because Redis was away. */
export type OutageCasualty = 'callbacksRefused' | 'jobsRefused' | 'jobsFailed' | 'campaignTicksFailed';

/** An ioredis client's connection state, as far as this class reads it. */
interface ConnectionState {
  readonly status: string;
}

/** ioredis states in which a client cannot run a command (it is dialling or waiting to redial). */
const RECONNECTING = new Set(['connecting', 'connect', 'reconnecting', 'close']);

/** How long after a refusal opened an outage to check whether any client noticed it. */
const RECHECK_MS = 1000;

function emptyCounts(): Record<OutageCasualty, number> {
  return { callbacksRefused: 0, jobsRefused: 0, jobsFailed: 0, campaignTicksFailed: 0 };
}

/**
 * One per process: turns the stream of connection errors that ioredis and BullMQ emit on every
 * reconnect, and the callbacks and jobs refused meanwhile, into two log lines: "Redis is
 * unreachable" once, and "Redis is reachable again" once with how long it was away and a count of
 * what was refused or failed. No stack traces. Errors that are not about the connection are
 * logged as they come.
 *
 * The outage ends when every watched client is connected again: the connections redial on their
 * own schedules (0.5-5 s apart), and one that is still redialling would otherwise refuse work
 * right after the "reachable again" line and open a second outage.
 */
export class RedisAvailability {
  private down = false;
  private everUp = false;
  private downSince = 0;
  private counts: Record<OutageCasualty, number> = emptyCounts();
  private readonly clients = new Set<ConnectionState>();

  constructor(
    private readonly logger: Logger,
    /** Where Redis is, without a password (describeRedisTarget). */
    private readonly redisTarget: string,
    private readonly now: () => number = Date.now,
  ) {}

  get available(): boolean {
    return this.everUp && !this.down;
  }

  /** True between the first connection error and the moment every client is back. */
  get inOutage(): boolean {
    return this.down;
  }

  /** Listens to an ioredis client or a BullMQ Queue/Worker/QueueEvents. */
  watch(source: EventSource & { on(event: 'ready', listener: () => void): unknown }): void;
  watch(source: EventSource): void;
  watch(source: EventSource): void {
    const status = (source as Partial<ConnectionState>).status;
    if (typeof status === 'string') this.clients.add(source as unknown as ConnectionState);
    source.on('error', (error: Error) => this.reportError(error));
    (source as { on(event: string, listener: () => void): unknown }).on('ready', () => this.reportReady());
  }

  reportError(error: unknown): void {
    if (!isRedisConnectionError(error)) {
      this.logger.error({ err: error }, 'Redis error');
      return;
    }
    this.begin(error);
  }

  /**
   * Work refused or failed because of `error`. When that error says Redis is unreachable, it is
   * counted in the outage's closing line and true is returned: the caller logs nothing of its
   * own. False for any other error (the caller logs it as usual).
   */
  count(casualty: OutageCasualty, error: unknown): boolean {
    if (!isRedisConnectionError(error) && !(error instanceof JobsUnavailableError)) return false;
    if (!this.down) {
      this.begin(error);
      // Evidence of an outage before any client noticed (its socket is closing, or one command
      // timed out): if every client still looks connected in a moment, no 'ready' will come to
      // close the outage, so look again then.
      if (!this.anyClientReconnecting()) setTimeout(() => this.reportReady(), RECHECK_MS).unref();
    }
    this.counts[casualty] += 1;
    return true;
  }

  reportReady(): void {
    if (this.clients.size === 0 || [...this.clients].some((client) => client.status === 'ready')) this.everUp = true;
    if (!this.down || this.anyClientReconnecting()) return;
    this.down = false;
    const counts = this.counts;
    this.counts = emptyCounts();
    this.logger.info({ redis: this.redisTarget, downForMs: this.now() - this.downSince, ...counts }, 'Redis is reachable again: jobs flow');
  }

  private begin(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.downSince = this.now();
    const { code, message } = (error ?? {}) as { code?: string; message?: string };
    this.logger.warn(
      { redis: this.redisTarget, reason: code ?? message },
      'Redis is unreachable: webhooks are still answered; jobs wait for Redis (flow jobs are refused and counted until it is back)',
    );
  }

  private anyClientReconnecting(): boolean {
    for (const client of this.clients) if (RECONNECTING.has(client.status)) return true;
    return false;
  }
}

