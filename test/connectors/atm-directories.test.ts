import type Redis from 'ioredis';
import { MemoryAtmDirectory } from '../../src/connectors/atm/memory';
import { RedisGeoAtmDirectory } from '../../src/connectors/atm/redis-geo';
import type { Atm } from '../../src/connectors/types';
import { testRedis, uniquePrefix } from '../support/redis';
import { atmDirectoryContract } from './atm-contract';

let redis: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  redis = testRedis();
});

afterAll(async () => {
  for (const p of prefixes) await redis.del(`${p}atm:geo`, `${p}atm:info`);
  await redis.quit();
});

atmDirectoryContract('MemoryAtmDirectory', async (atms) => new MemoryAtmDirectory(atms));

atmDirectoryContract('RedisGeoAtmDirectory (GEOADD / GEOSEARCH BYRADIUS)', async (atms) => {
  const prefix = uniquePrefix('atm');
  prefixes.push(prefix);
  const dir = new RedisGeoAtmDirectory(redis, { prefix });
  await dir.load(atms);
  return dir;
});

describe('RedisGeoAtmDirectory', () => {
  it('load replaces the previous contents', async () => {
    const prefix = uniquePrefix('atm');
    prefixes.push(prefix);
    const dir = new RedisGeoAtmDirectory(redis, { prefix });
    const one = (id: string): Atm => ({
      id,
      name: id,
      operator: 'X',
      lat: 51.5,
      lon: -0.1,
      address: '',
      city: 'London',
    });
    await dir.load([one('old')]);
    await dir.load([one('new')]);
    expect((await dir.search({ lat: 51.5, lon: -0.1 })).map((r) => r.atm.id)).toEqual(['new']);
    await expect(dir.load([{ ...one('pole'), lat: 89.9 }])).rejects.toThrow(RangeError);
  });
});
