import type { LocalRedisGroup } from './redis-cluster';

export default async function clusterGlobalTeardown(): Promise<void> {
  await (globalThis as { __tellerCluster?: LocalRedisGroup }).__tellerCluster?.close();
}
