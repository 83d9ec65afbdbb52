import type Redis from 'ioredis';
import { FallbackAtmDirectory } from '../../src/connectors/atm/fallback';
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
  for (const p of prefixes) await redis.del(`${p}{atm}:geo`, `${p}{atm}:info`);
  await redis.quit();
});

/** A directory under a prefix of its own, removed after the file. */
function freshRedisDirectory(): RedisGeoAtmDirectory {
  const prefix = uniquePrefix('atm');
  prefixes.push(prefix);
  return new RedisGeoAtmDirectory(redis, { prefix });
}

/** A bare ATM near (51.5, -0.1) with only what a test varies. */
const atm = (id: string, over: Partial<Atm> = {}): Atm => ({
  id,
  name: id,
  operator: 'X',
  lat: 51.5,
  lon: -0.1,
  address: '',
  city: 'London',
  ...over,
});

atmDirectoryContract('MemoryAtmDirectory', async (atms) => new MemoryAtmDirectory(atms));

atmDirectoryContract('RedisGeoAtmDirectory (GEOADD / GEOSEARCH BYRADIUS)', async (atms) => {
  const dir = freshRedisDirectory();
  await dir.load(atms);
  return dir;
});

describe('RedisGeoAtmDirectory', () => {
  it('load replaces the previous contents', async () => {
    const dir = freshRedisDirectory();
    await dir.load([atm('old')]);
    await dir.load([atm('new')]);
    expect((await dir.search({ lat: 51.5, lon: -0.1 })).map((r) => r.atm.id)).toEqual(['new']);
    await expect(dir.load([{ ...atm('pole'), lat: 89.9 }])).rejects.toThrow(RangeError);
  });

  it('upsert adds and replaces by id, so the same import twice changes nothing', async () => {
    const dir = freshRedisDirectory();
    const prefix = prefixes[prefixes.length - 1]!;
    const at = (id: string, lat: number, deposits?: boolean) =>
      atm(id, { lat, ...(deposits === undefined ? {} : { deposits }) });
    await dir.upsert([at('one', 51.5), at('two', 51.501)]);
    await dir.upsert([at('one', 51.5), at('two', 51.501)]);
    expect(await dir.size()).toBe(2);
    // "two" moved and now takes deposits; "one" is untouched; "three" is new.
    await dir.upsert([at('two', 51.5002, true), at('three', 51.5003)]);
    expect(await dir.size()).toBe(3);
    const found = await dir.search({ lat: 51.5, lon: -0.1 });
    expect(found.map((r) => r.atm.id)).toEqual(['one', 'two', 'three']);
    expect((await dir.search({ lat: 51.5, lon: -0.1, deposits: true })).map((r) => r.atm.id)).toEqual([
      'two',
    ]);
    // Both keys share the {atm} hash tag: one Cluster slot, so load() is one transaction there too.
    const keys = (await redis.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([`${prefix}{atm}:geo`, `${prefix}{atm}:info`]);
  });

  it('FallbackAtmDirectory answers from memory until ATMs are imported, then from Redis', async () => {
    const redisDir = freshRedisDirectory();
    const dir = new FallbackAtmDirectory(redisDir, new MemoryAtmDirectory([atm('memory')]));
    const ids = async () => (await dir.search({ lat: 51.5, lon: -0.1 })).map((r) => r.atm.id);
    expect(await ids()).toEqual(['memory']);
    await redisDir.upsert([atm('imported')]);
    expect(await ids()).toEqual(['imported']);
  });
});
