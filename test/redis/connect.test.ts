import fc from 'fast-check';
import {
  connectRedis,
  parseHostList,
  redisTargetFromEnv,
  userTag,
  type RedisClient,
} from '../../src/redis/connect';
import { startRedisCluster, startRedisSentinel, type LocalRedisGroup } from '../support/redis-cluster';

describe('redisTargetFromEnv', () => {
  it('is undefined when no Redis is configured (memory mode)', () => {
    expect(redisTargetFromEnv({})).toBeUndefined();
    expect(redisTargetFromEnv({ REDIS_URL: '  ' })).toBeUndefined();
  });

  it('reads each of the three deployments', () => {
    expect(redisTargetFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({
      mode: 'single',
      url: 'redis://127.0.0.1:6379',
    });
    expect(
      redisTargetFromEnv({
        REDIS_SENTINELS: 's1:26379, s2',
        REDIS_SENTINEL_MASTER: 'main',
        REDIS_PASSWORD: 'pw',
      }),
    ).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      masterName: 'main',
      password: 'pw',
      tls: false,
    });
    expect(
      redisTargetFromEnv({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,[::1]:7001', REDIS_TLS: 'true' }),
    ).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      password: undefined,
      tls: true,
    });
  });

  it('names the variables when the configuration is contradictory or incomplete', () => {
    expect(() => redisTargetFromEnv({ REDIS_URL: 'redis://a:1', REDIS_CLUSTER_NODES: 'b:2' })).toThrow(
      /REDIS_URL and REDIS_CLUSTER_NODES/,
    );
    expect(() => redisTargetFromEnv({ REDIS_SENTINELS: 'a:1' })).toThrow(/REDIS_SENTINEL_MASTER/);
    expect(() => redisTargetFromEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => redisTargetFromEnv({ REDIS_CLUSTER_NODES: 'a:99999' })).toThrow(
      /REDIS_CLUSTER_NODES.*a:99999/,
    );
  });

  it('parses any list of host:port pairs it printed itself', () => {
    const host = fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/);
    const port = fc.integer({ min: 1, max: 65535 });
    fc.assert(
      fc.property(fc.array(fc.record({ host, port }), { minLength: 1, maxLength: 6 }), (nodes) => {
        const text = nodes.map((n) => `${n.host}:${n.port}`).join(',');
        expect(parseHostList(text, 'X', 1)).toEqual(nodes);
      }),
    );
  });
});

describe('userTag', () => {
  it('puts any user key in one Cluster hash tag', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const tag = userTag(key);
        expect(tag.startsWith('{') && tag.endsWith('}')).toBe(true);
        expect(tag.slice(1, -1)).not.toMatch(/[{}]/);
      }),
    );
  });
});

describe('connectRedis against real deployments', () => {
  let cluster: LocalRedisGroup;
  let sentinel: LocalRedisGroup;
  const clients: RedisClient[] = [];

  beforeAll(async () => {
    [cluster, sentinel] = await Promise.all([startRedisCluster(3), startRedisSentinel('teller')]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
    await Promise.all([cluster?.close(), sentinel?.close()]);
  });

  it('runs multi-key transactions on one user across a 3-master Cluster', async () => {
    const client = connectRedis(
      redisTargetFromEnv({ REDIS_CLUSTER_NODES: `127.0.0.1:${cluster.ports[0]}` })!,
    );
    clients.push(client);
    // Keys of many users spread over the masters, yet each user's keys work together in one MULTI.
    const nodesUsed = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const tag = userTag(`messenger:user-${i}`);
      const res = await client
        .multi()
        .set(`teller:demo:session:${tag}`, `s${i}`)
        .set(`teller:demo:lock:${tag}`, 'owner', 'PX', 5000)
        .get(`teller:demo:session:${tag}`)
        .exec();
      expect(res?.[2]?.[1]).toBe(`s${i}`);
      const slot = Number(await (client as import('ioredis').Cluster).call('CLUSTER', 'KEYSLOT', tag));
      nodesUsed.add(String(slot < 5461 ? 0 : slot < 10923 ? 1 : 2));
    }
    expect(nodesUsed.size).toBe(3);
  });

  it('finds the master through Sentinel', async () => {
    const client = connectRedis(
      redisTargetFromEnv({
        REDIS_SENTINELS: `127.0.0.1:${sentinel.ports[0]}`,
        REDIS_SENTINEL_MASTER: 'teller',
      })!,
    );
    clients.push(client);
    await client.set('teller:sentinel-check', 'ok');
    expect(await client.get('teller:sentinel-check')).toBe('ok');
    // It really talks to the master Sentinel named, not some default port.
    const info = await (client as import('ioredis').Redis).info('server');
    expect(info).toContain(`tcp_port:${sentinel.ports[1]}`);
  });
});
