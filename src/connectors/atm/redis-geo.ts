import type { RedisClient } from '../../redis/connect';
import type { Atm, AtmDirectory, AtmResult, AtmSearch } from '../types';
import { haversineMeters, isValidCoordinate } from './geo';
import { DEFAULT_LIMIT, DEFAULT_RADIUS_METERS, matchesFilters } from './memory';

export interface RedisGeoAtmOptions {
  /**
   * Key prefix (default `teller:`); the directory uses `<prefix>{atm}:geo` (GEO set) and
   * `<prefix>{atm}:info` (hash). The `{atm}` hash tag keeps both in one Redis Cluster slot, so a
   * load is one MULTI/EXEC transaction on a Cluster too.
   */
  prefix?: string;
}

/** Redis GEO indexes latitudes up to ±85.05112878° (Web Mercator). */
const MAX_GEO_LATITUDE = 85.05112878;
const CHUNK = 500;

/** Whether Redis GEO can index this ATM's position. */
export function geoIndexable(lat: number, lon: number): boolean {
  return isValidCoordinate(lat, lon) && Math.abs(lat) <= MAX_GEO_LATITUDE;
}

/**
 * An ATM directory in Redis: positions in a GEO set (GEOADD), details in a hash, searched with
 * GEOSEARCH … BYRADIUS … ASC. Same contract as MemoryAtmDirectory: Redis finds the candidates
 * (geohash positions, its own Earth radius) within a slightly widened radius; distances, the exact
 * radius cut, the filters (fee-free, deposits, wheelchair, open at a time) and the order are then
 * decided on the stored coordinates with the same haversine, so both directories give identical answers.
 */
export class RedisGeoAtmDirectory implements AtmDirectory {
  private readonly geoKey: string;
  private readonly infoKey: string;

  constructor(
    private readonly redis: RedisClient,
    o: RedisGeoAtmOptions = {},
  ) {
    const prefix = o.prefix ?? 'teller:';
    this.geoKey = `${prefix}{atm}:geo`;
    this.infoKey = `${prefix}{atm}:info`;
  }

  /** Replaces the directory's contents atomically. */
  async load(atms: readonly Atm[]): Promise<void> {
    await this.write(atms, true);
  }

  /** Adds ATMs, replacing any already stored under the same id (an import run twice changes nothing). */
  async upsert(atms: readonly Atm[]): Promise<void> {
    await this.write(atms, false);
  }

  /** How many ATMs the directory holds. */
  async size(): Promise<number> {
    return this.redis.zcard(this.geoKey);
  }

  private async write(atms: readonly Atm[], replace: boolean): Promise<void> {
    for (const atm of atms)
      if (!geoIndexable(atm.lat, atm.lon))
        throw new RangeError(`ATM ${atm.id} has coordinates Redis GEO cannot index`);
    const tx = this.redis.multi();
    if (replace) tx.del(this.geoKey, this.infoKey);
    for (let i = 0; i < atms.length; i += CHUNK) {
      const chunk = atms.slice(i, i + CHUNK);
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
      if (!matchesFilters(atm, query)) continue;
      const distanceMeters = haversineMeters(query.lat, query.lon, atm.lat, atm.lon);
      if (distanceMeters <= radius) results.push({ atm, distanceMeters });
    }
    results.sort((a, b) => a.distanceMeters - b.distanceMeters || (a.atm.id < b.atm.id ? -1 : 1));
    return results.slice(0, limit);
  }
}
