import { randomBytes } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';

/**
 * A client to the test Redis (see global-setup) and a key prefix unique to the calling test file.
 *
 * The `cluster` jest project (jest.config.js) runs the session, lock and queue suites a second time
 * on a real local 3-master Redis Cluster: there `testRedis()` returns an ioredis `Cluster`, which
 * speaks the same command interface, so one suite proves both deployments.
 */
export function testRedisUrl(): string {
  const url = process.env.TELLER_TEST_REDIS_URL;
  if (!url) throw new Error('TELLER_TEST_REDIS_URL is not set: run tests through jest (npm test)');
  return url;
}

/** True in the `cluster` jest project. */
export function onTestCluster(): boolean {
  return (globalThis as { TELLER_TEST_REDIS_MODE?: string }).TELLER_TEST_REDIS_MODE === 'cluster';
}

export function testRedis(): Redis {
  if (onTestCluster()) {
    const nodes = process.env.TELLER_TEST_REDIS_CLUSTER_NODES;
    if (!nodes)
      throw new Error('TELLER_TEST_REDIS_CLUSTER_NODES is not set: run tests through jest (npm test)');
    const cluster = new Cluster(
      nodes.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })),
      { redisOptions: { maxRetriesPerRequest: 2 } },
    );
    // Same commands, different class: suites type their client as Redis and run on both.
    return cluster as unknown as Redis;
  }
  return new Redis(testRedisUrl(), { lazyConnect: false, maxRetriesPerRequest: 2 });
}

/** Every key matching `pattern`, on a single server or across every master of a Cluster. */
export async function testKeys(redis: Redis, pattern: string): Promise<string[]> {
  const client = redis as Redis | Cluster;
  if (client instanceof Cluster) {
    const perNode = await Promise.all(client.nodes('master').map((n) => n.keys(pattern)));
    return perNode.flat().sort();
  }
  return (await redis.keys(pattern)).sort();
}

export function uniquePrefix(name: string): string {
  return `test:${name}:${randomBytes(4).toString('hex')}:`;
}
