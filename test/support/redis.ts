import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** A client to the test Redis (see global-setup) and a key prefix unique to the calling test file. */
export function testRedisUrl(): string {
  const url = process.env.TELLER_TEST_REDIS_URL;
  if (!url) throw new Error('TELLER_TEST_REDIS_URL is not set: run tests through jest (npm test)');
  return url;
}

export function testRedis(): Redis {
  return new Redis(testRedisUrl(), { lazyConnect: false, maxRetriesPerRequest: 2 });
}

export function uniquePrefix(name: string): string {
  return `test:${name}:${randomBytes(4).toString('hex')}:`;
}
