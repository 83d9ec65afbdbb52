import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { TellerError } from '../engine/errors';

/** Any Redis deployment Teller can run on: one server, a Sentinel-managed master, or a Cluster. */
export type RedisClient = Redis | Cluster;

/** Where Redis is. Exactly one of `url`, `sentinels` or `clusterNodes`. */
export type RedisTarget =
  | { mode: 'single'; url: string }
  | { mode: 'sentinel'; sentinels: HostPort[]; masterName: string; password?: string; tls: boolean }
  | { mode: 'cluster'; nodes: HostPort[]; password?: string; tls: boolean };

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Reads the Redis deployment from the environment:
 * - `REDIS_URL` — one server (`redis://[:password@]host:port[/db]`, or `rediss://` for TLS);
 * - `REDIS_SENTINELS` (`host:port,host:port`) + `REDIS_SENTINEL_MASTER` (the master's name);
 * - `REDIS_CLUSTER_NODES` (`host:port,host:port`, seed nodes; the rest are discovered).
 * `REDIS_PASSWORD` and `REDIS_TLS=true` apply to Sentinel and Cluster. Returns undefined when none is
 * set (Teller then keeps state in memory, single process only). Setting two modes is an error that
 * names both variables.
 */
export function redisTargetFromEnv(env: NodeJS.ProcessEnv = process.env): RedisTarget | undefined {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const url = get('REDIS_URL');
  const sentinels = get('REDIS_SENTINELS');
  const cluster = get('REDIS_CLUSTER_NODES');
  const set = [url && 'REDIS_URL', sentinels && 'REDIS_SENTINELS', cluster && 'REDIS_CLUSTER_NODES'].filter(
    Boolean,
  );
  if (set.length > 1)
    throw new TellerError(
      'TELLER_ERR_CONFIG',
      `Set only one of ${set.join(' and ')}: they name different Redis deployments`,
    );
  const password = get('REDIS_PASSWORD');
  const tls = get('REDIS_TLS') === 'true';
  if (url) {
    if (!/^rediss?:\/\//.test(url))
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        'Invalid REDIS_URL: expected redis://host:port or rediss://host:port',
      );
    return { mode: 'single', url };
  }
  if (sentinels) {
    const masterName = get('REDIS_SENTINEL_MASTER');
    if (!masterName)
      throw new TellerError(
        'TELLER_ERR_CONFIG',
        'REDIS_SENTINELS is set but REDIS_SENTINEL_MASTER (the master name) is missing',
      );
    return {
      mode: 'sentinel',
      sentinels: parseHostList(sentinels, 'REDIS_SENTINELS', 26379),
      masterName,
      password,
      tls,
    };
  }
  if (cluster)
    return { mode: 'cluster', nodes: parseHostList(cluster, 'REDIS_CLUSTER_NODES', 6379), password, tls };
  return undefined;
}

/** Parses `host:port,host:port` (IPv6 as `[::1]:6379`); the variable's name is in any error. */
export function parseHostList(value: string, variable: string, defaultPort: number): HostPort[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new TellerError('TELLER_ERR_CONFIG', `Invalid ${variable}: no host given`);
  return items.map((item) => {
    const m = /^(?:\[([^\]]+)\]|([^:\s]+))(?::(\d{1,5}))?$/.exec(item.replace(/^rediss?:\/\//, ''));
    const port = m?.[3] === undefined ? defaultPort : Number(m[3]);
    const host = m?.[1] ?? m?.[2];
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new TellerError('TELLER_ERR_CONFIG', `Invalid ${variable}: "${item}" is not host:port`);
    return { host, port };
  });
}

/**
 * Opens a client for the target. Commands queue while (re)connecting and fail after a bounded number
 * of retries, so a Redis outage surfaces as an error (the webhook then answers 503) instead of a hang.
 */
export function connectRedis(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  const base: RedisOptions = { maxRetriesPerRequest: 2, enableOfflineQueue: true, ...options };
  switch (target.mode) {
    case 'single':
      return new Redis(target.url, base);
    case 'sentinel':
      return new Redis({
        ...base,
        sentinels: target.sentinels,
        name: target.masterName,
        password: target.password,
        sentinelPassword: target.password,
        tls: target.tls ? {} : undefined,
        enableTLSForSentinelMode: target.tls,
      });
    case 'cluster': {
      const clusterOptions: ClusterOptions = {
        redisOptions: { ...base, password: target.password, tls: target.tls ? {} : undefined },
        enableOfflineQueue: true,
        // A user's keys share a hash slot (see `userTag`), so multi-key scripts stay on one node.
        scaleReads: 'master',
      };
      return new Cluster(target.nodes, clusterOptions);
    }
  }
}

/**
 * A Redis Cluster hash tag for one user's keys: every key containing the same `{…}` lands in the same
 * slot, so a user's lock, session and dedupe keys can be used together in one MULTI or script.
 */
export function userTag(userKey: string): string {
  // Braces inside the tag would end it early; user ids never contain them, but be safe.
  return `{${userKey.replace(/[{}]/g, '_')}}`;
}
