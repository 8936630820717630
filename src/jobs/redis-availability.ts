import type { Logger } from 'pino';

/** Error codes and messages that mean "Redis cannot be reached", not "a command was wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'NR_CLOSED']);
const CONNECTION_MESSAGES = /connection is closed|stream isn't writeable|connect etimedout|max retries per request|command timed out|socket closed unexpectedly|connection lost/i;

export function isRedisConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || (typeof message === 'string' && CONNECTION_MESSAGES.test(message));
}

/** The URL without its password, for logs. */
export function safeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(unparseable)';
  }
}

interface EventSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * One per process: turns the stream of connection errors that ioredis and BullMQ emit on every
 * reconnect into two log lines, "Redis is unreachable" once and "Redis is reachable again" once,
 * with no stack traces. Errors that are not about the connection are logged as they come.
 */
export class RedisAvailability {
  private down = false;
  private everUp = false;

  constructor(
    private readonly logger: Logger,
    private readonly redisUrl: string,
  ) {}

  get available(): boolean {
    return this.everUp && !this.down;
  }

  /** Listens to an ioredis client or a BullMQ Queue/Worker/QueueEvents. */
  watch(source: EventSource & { on(event: 'ready', listener: () => void): unknown }): void;
  watch(source: EventSource): void;
  watch(source: EventSource): void {
    source.on('error', (error: Error) => this.reportError(error));
    (source as { on(event: string, listener: () => void): unknown }).on('ready', () => this.reportReady());
  }

  reportError(error: unknown): void {
    if (!isRedisConnectionError(error)) {
      this.logger.error({ err: error }, 'Redis error');
      return;
    }
    if (this.down) return;
    this.down = true;
    const { code, message } = (error ?? {}) as { code?: string; message?: string };
    this.logger.warn(
      { redis: safeRedisUrl(this.redisUrl), reason: code ?? message },
      'Redis is unreachable: webhooks are still answered; jobs wait for Redis (flow jobs are refused and counted until it is back)',
    );
  }

  reportReady(): void {
    const wasDown = this.down;
    this.down = false;
    this.everUp = true;
    if (wasDown) this.logger.info({ redis: safeRedisUrl(this.redisUrl) }, 'Redis is reachable again: jobs flow');
  }
}
