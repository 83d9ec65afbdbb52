import type Redis from 'ioredis';
import type { Atm, AtmDirectory, AtmResult, AtmSearch } from '../types';
import { haversineMeters, isValidCoordinate } from './geo';
import { DEFAULT_LIMIT, DEFAULT_RADIUS_METERS, openOrUnknown } from './memory';

export interface RedisGeoAtmOptions {
  /** Key prefix; the directory uses `<prefix>atm:geo` (GEO set) and `<prefix>atm:info` (hash). */
  prefix?: string;
}

/**
 * An ATM directory in Redis: positions in a GEO set (GEOADD), details in a hash, searched with
 * GEOSEARCH … BYRADIUS … ASC. Same contract as MemoryAtmDirectory: Redis finds the candidates
 * (geohash positions, its own Earth radius) within a slightly widened radius; distances, the exact
 * radius cut, the filters (fee-free, deposits, open at a time) and the order are then decided on the
 * stored coordinates with the same haversine, so both directories give identical answers.
 */
export class RedisGeoAtmDirectory implements AtmDirectory {
  private readonly geoKey: string;
  private readonly infoKey: string;

  constructor(
    private readonly redis: Redis,
    o: RedisGeoAtmOptions = {},
  ) {
    const prefix = o.prefix ?? 'teller:';
    this.geoKey = `${prefix}atm:geo`;
    this.infoKey = `${prefix}atm:info`;
  }

  /** Replaces the directory's contents atomically. */
  async load(atms: readonly Atm[]): Promise<void> {
    for (const atm of atms)
      if (!isValidCoordinate(atm.lat, atm.lon) || Math.abs(atm.lat) > 85.05112878)
        throw new RangeError(`ATM ${atm.id} has coordinates Redis GEO cannot index`);
    const tx = this.redis.multi().del(this.geoKey, this.infoKey);
    for (let i = 0; i < atms.length; i += 500) {
      const chunk = atms.slice(i, i + 500);
      tx.geoadd(this.geoKey, ...chunk.flatMap((a) => [a.lon, a.lat, a.id]));
      tx.hset(this.infoKey, ...chunk.flatMap((a) => [a.id, JSON.stringify(a)]));
    }
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('ATM load transaction aborted');
  }

  async search(query: AtmSearch): Promise<AtmResult[]> {
    if (!isValidCoordinate(query.lat, query.lon)) throw new RangeError('ATM search needs a valid lat/lon');
    const radius = query.radiusMeters ?? DEFAULT_RADIUS_METERS;
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LIMIT));
    if (!(radius >= 0) || limit === 0) return [];
    // Widened by 0.5% + 1 m: Redis's geohash cells and Earth radius differ a little from ours.
    const ids = (await this.redis.geosearch(
      this.geoKey,
      'FROMLONLAT',
      query.lon,
      query.lat,
      'BYRADIUS',
      radius * 1.005 + 1,
      'm',
      'ASC',
    )) as string[];
    if (ids.length === 0) return [];
    const infos = await this.redis.hmget(this.infoKey, ...ids);
    const results: AtmResult[] = [];
    for (const json of infos) {
      if (!json) continue;
      const atm = JSON.parse(json) as Atm;
      if (query.feeFree && atm.fee !== null) continue;
      if (query.deposits && atm.deposits !== true) continue;
      if (query.openAt && !openOrUnknown(atm, query.openAt, query.timezone)) continue;
      const distanceMeters = haversineMeters(query.lat, query.lon, atm.lat, atm.lon);
      if (distanceMeters <= radius) results.push({ atm, distanceMeters });
    }
    results.sort((a, b) => a.distanceMeters - b.distanceMeters || (a.atm.id < b.atm.id ? -1 : 1));
    return results.slice(0, limit);
  }
}
