/** Where Redis is: one server, a Redis Cluster (seed nodes) or a Sentinel group (its sentinels). */
export type RedisTarget = StandaloneRedisTarget | ClusterRedisTarget | SentinelRedisTarget;

export interface RedisNodeAddress {
  host: string;
  port: number;
}

export interface StandaloneRedisTarget {
  mode: 'standalone';
  /** redis:// or rediss:// URL, credentials and database included. */
  url: string;
}

export interface ClusterRedisTarget {
  mode: 'cluster';
  /** Seed nodes: the client discovers the rest of the cluster from any one of them. */
  nodes: RedisNodeAddress[];
  username?: string;
  password?: string;
  tls: boolean;
}

export interface SentinelRedisTarget {
  mode: 'sentinel';
  sentinels: RedisNodeAddress[];
  /** The master group name the sentinels monitor. */
  masterName: string;
  username?: string;
  password?: string;
  sentinelPassword?: string;
  db: number;
  tls: boolean;
}

/**
 * Parses a comma-separated list of `host:port` or `redis://[user:pass@]host:port` entries. Returns the
 * addresses, the credentials and TLS of the first URL entry (they apply to every node), or a problem.
 */
export function parseNodeList(
  text: string,
  defaultPort: number,
): { nodes: RedisNodeAddress[]; username?: string; password?: string; tls: boolean } | { problem: string } {
  const nodes: RedisNodeAddress[] = [];
  let username: string | undefined;
  let password: string | undefined;
  let tls = false;
  for (const [index, raw] of text.split(',').entries()) {
    const entry = raw.trim();
    if (entry === '') return { problem: `entry ${index + 1} is empty` };
    const withScheme = /^[a-z]+:\/\//i.test(entry) ? entry : `redis://${entry}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      return { problem: `entry ${index + 1} ('${entry.replace(/\/\/[^@/]*@/, '//***@')}') is not host:port or a redis:// URL` };
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return { problem: `entry ${index + 1} has scheme ${url.protocol} (expected redis: or rediss:)` };
    if (!url.hostname) return { problem: `entry ${index + 1} has no host` };
    const port = url.port === '' ? defaultPort : Number(url.port);
    nodes.push({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    if (url.protocol === 'rediss:') tls = true;
    if (url.username && username === undefined) username = decodeURIComponent(url.username);
    if (url.password && password === undefined) password = decodeURIComponent(url.password);
  }
  return { nodes, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), tls };
}

/** A description for logs and errors, never with a password. */
export function describeRedisTarget(target: RedisTarget): string {
  switch (target.mode) {
    case 'standalone': {
      try {
        const url = new URL(target.url);
        if (url.password) url.password = '***';
        return url.toString();
      } catch {
        return 'redis://(unparseable)';
      }
    }
    case 'cluster':
      return `redis cluster ${target.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
    case 'sentinel':
      return `redis sentinel '${target.masterName}' via ${target.sentinels.map((n) => `${n.host}:${n.port}`).join(',')}`;
  }
}

/** A Redis Cluster serves a Lua script or a MULTI only when all its keys share one slot: a hash tag. */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open === -1) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}
