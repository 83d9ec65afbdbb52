import { startRedisServer } from './redis-server';

export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) {
    process.env.TELLER_TEST_REDIS_URL = process.env.REDIS_URL;
    return;
  }
  const { url, proc } = await startRedisServer();
  process.env.TELLER_TEST_REDIS_URL = url;
  (globalThis as { __tellerRedis?: typeof proc }).__tellerRedis = proc;
}
