import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { ClusterRedisTarget, SentinelRedisTarget } from '../../src/config/redis-target';

/** A port p free on 127.0.0.1 whose cluster bus port p + 10000 is free too. */
async function freePortPair(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if (taken.has(port) || taken.has(port + 10000)) continue;
    if ((await isFree(port)) && (await isFree(port + 10000))) {
      taken.add(port);
      taken.add(port + 10000);
      return port;
    }
  }
  throw new Error('no free port pair for a local redis-server');
}

async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    server.close();
    await once(server, 'close');
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds (bounded by tries, not by wall time alone: a loaded machine is slow). */
export async function until(what: string, check: () => Promise<boolean>, tries = 600, everyMs = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function probe<T>(port: number, ask: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => undefined); // a refused probe is an answer, not a crash
  try {
    await redis.connect();
    return await ask(redis);
  } finally {
    redis.disconnect();
  }
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** One redis-server (or sentinel) process the topology owns, restartable with the same config. */
class LocalRedisProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  start(): void {
    this.child = spawn('redis-server', this.args, { stdio: 'ignore' });
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: the way a machine dies, no goodbye to the cluster. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * A Redis Cluster of local redis-server processes (3 masters, 3 replicas by default), each
 * persisting with AOF in a directory of its own. Replicas take over within about a second of a
 * master's death (cluster-node-timeout).
 */
export class LocalRedisCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: LocalRedisProcess[],
  ) {}

  static async start(masters = 3, replicasPerMaster = 1): Promise<LocalRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'texml-cluster-'));
    const taken = new Set<number>();
    const nodes: LocalRedisProcess[] = [];
    for (let i = 0; i < masters * (1 + replicasPerMaster); i++) {
      const port = await freePortPair(taken);
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      nodes.push(
        new LocalRedisProcess(port, [
          '--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always',
          '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '1000',
          // A replica with any replication lag may still take over: availability of the test cluster.
          '--cluster-replica-validity-factor', '0',
        ]),
      );
    }
    const cluster = new LocalRedisCluster(dir, nodes);
    for (const node of nodes) node.start();
    for (const node of nodes) await until(`node ${node.port} answers`, () => probe(node.port, async (r) => (await r.ping()) === 'PONG'));
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await cluster.waitHealthy();
    return cluster;
  }

  get target(): ClusterRedisTarget {
    return { mode: 'cluster', nodes: this.nodes.slice(0, 3).map((n) => ({ host: '127.0.0.1', port: n.port })), tls: false };
  }

  /** Every live node sees all slots served, and every live replica is in sync with its master. */
  async waitHealthy(): Promise<void> {
    for (const node of this.nodes.filter((n) => n.running)) {
      await until(`node ${node.port} reports cluster_state:ok`, () => probe(node.port, async (r) => field(await r.cluster('INFO') as string, 'cluster_state') === 'ok'));
      await until(`node ${node.port} is a synced master or replica`, () =>
        probe(node.port, async (r) => {
          const info = await r.info('replication');
          return field(info, 'role') === 'master' || field(info, 'master_link_status') === 'up';
        }),
      );
    }
  }

  /** The node serving `key`'s slot as master. */
  async masterOf(key: string): Promise<LocalRedisProcess> {
    const seed = this.nodes.find((n) => n.running)!;
    const slot = await probe(seed.port, (r) => r.cluster('KEYSLOT', key) as Promise<number>);
    const slots = await probe(seed.port, (r) => r.cluster('SLOTS'));
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    const node = this.nodes.find((n) => n.port === Number(range?.[2]?.[1]));
    if (!node) throw new Error(`no master serves slot ${slot}`);
    return node;
  }

  /** Kills the master of `key`'s slot; resolves once a replica has taken the slot over. */
  async killMasterOf(key: string): Promise<LocalRedisProcess> {
    const master = await this.masterOf(key);
    await master.kill();
    await until(`a replica takes over from ${master.port}`, async () => (await this.masterOf(key)).port !== master.port);
    return master;
  }

  /** Brings a killed node back: it rejoins as a replica of whoever took over. */
  async restart(node: LocalRedisProcess): Promise<void> {
    node.start();
    await until(`node ${node.port} answers`, () => probe(node.port, async (r) => (await r.ping()) === 'PONG'));
    await this.waitHealthy();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A Sentinel group: one master, one replica and three sentinels (quorum 2), all local. A dead
 * master is replaced by its replica within a few seconds (down-after 1 s).
 */
export class LocalRedisSentinelGroup {
  static readonly masterName = 'texml-test';

  private constructor(
    private readonly dir: string,
    readonly servers: LocalRedisProcess[],
    readonly sentinels: LocalRedisProcess[],
  ) {}

  static async start(): Promise<LocalRedisSentinelGroup> {
    const dir = mkdtempSync(join(tmpdir(), 'texml-sentinel-'));
    const taken = new Set<number>();
    const servers: LocalRedisProcess[] = [];
    const masterPort = await freePortPair(taken);
    for (const port of [masterPort, await freePortPair(taken)]) {
      const serverDir = join(dir, String(port));
      mkdirSync(serverDir);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', serverDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
      if (port !== masterPort) args.push('--replicaof', '127.0.0.1', String(masterPort));
      servers.push(new LocalRedisProcess(port, args));
    }
    const sentinels: LocalRedisProcess[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePortPair(taken);
      const file = join(dir, `sentinel-${port}.conf`);
      // Sentinels rewrite their config file as the group changes: each needs its own, writable.
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${LocalRedisSentinelGroup.masterName} 127.0.0.1 ${masterPort} 2`,
          `sentinel down-after-milliseconds ${LocalRedisSentinelGroup.masterName} 1000`,
          `sentinel failover-timeout ${LocalRedisSentinelGroup.masterName} 5000`,
          `sentinel parallel-syncs ${LocalRedisSentinelGroup.masterName} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(new LocalRedisProcess(port, [file, '--sentinel']));
    }
    const group = new LocalRedisSentinelGroup(dir, servers, sentinels);
    for (const server of servers) server.start();
    for (const server of servers) await until(`server ${server.port} answers`, () => probe(server.port, async (r) => (await r.ping()) === 'PONG'));
    for (const sentinel of sentinels) sentinel.start();
    await group.waitHealthy();
    return group;
  }

  get target(): SentinelRedisTarget {
    return { mode: 'sentinel', sentinels: this.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })), masterName: LocalRedisSentinelGroup.masterName, db: 0, tls: false };
  }

  /** The port the sentinels name as master. */
  async masterPort(): Promise<number> {
    const sentinel = this.sentinels.find((s) => s.running)!;
    const [, port] = (await probe(sentinel.port, (r) => r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', LocalRedisSentinelGroup.masterName))) as [string, string];
    return Number(port);
  }

  /** Every sentinel sees the master and the replica, and the replica is in sync. */
  async waitHealthy(): Promise<void> {
    for (const sentinel of this.sentinels.filter((s) => s.running)) {
      await until(`sentinel ${sentinel.port} sees a master with a replica and its peers`, () =>
        probe(sentinel.port, async (r) => {
          const info = (await r.call('SENTINEL', 'MASTER', LocalRedisSentinelGroup.masterName)) as string[];
          const value = (name: string) => info[info.indexOf(name) + 1];
          return value('flags') === 'master' && Number(value('num-slaves')) >= 1 && Number(value('num-other-sentinels')) >= 2;
        }),
      );
    }
    const master = await this.masterPort();
    for (const server of this.servers.filter((s) => s.running && s.port !== master)) {
      await until(`replica ${server.port} is in sync`, () => probe(server.port, async (r) => field(await r.info('replication'), 'master_link_status') === 'up'));
    }
  }

  /** Kills the master; resolves once the sentinels name another. */
  async killMaster(): Promise<LocalRedisProcess> {
    const port = await this.masterPort();
    const master = this.servers.find((s) => s.port === port)!;
    await master.kill();
    await until('the sentinels promote the replica', async () => (await this.masterPort()) !== port);
    return master;
  }

  /** Brings a killed server back: the sentinels turn it into a replica of the new master. */
  async restart(server: LocalRedisProcess): Promise<void> {
    server.start();
    await until(`server ${server.port} answers`, () => probe(server.port, async (r) => (await r.ping()) === 'PONG'));
    await this.waitHealthy();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sentinels, ...this.servers].map((p) => p.kill()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
