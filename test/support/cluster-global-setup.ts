import { startRedisCluster, type LocalRedisGroup } from './redis-cluster';

/** The `cluster` jest project: a real local 3-master Redis Cluster for the session, lock and queue suites. */
export default async function clusterGlobalSetup(): Promise<void> {
  if (process.env.REDIS_CLUSTER_NODES) {
    process.env.TELLER_TEST_REDIS_CLUSTER_NODES = process.env.REDIS_CLUSTER_NODES;
    return;
  }
  const cluster = await startRedisCluster(3);
  process.env.TELLER_TEST_REDIS_CLUSTER_NODES = cluster.ports.map((p) => `127.0.0.1:${p}`).join(',');
  (globalThis as { __tellerCluster?: LocalRedisGroup }).__tellerCluster = cluster;
}
