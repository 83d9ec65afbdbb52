export {
  MemoryAtmDirectory,
  DEFAULT_LIMIT,
  DEFAULT_RADIUS_METERS,
  matchesFilters,
  openOrUnknown,
} from './memory';
export { RedisGeoAtmDirectory, geoIndexable, type RedisGeoAtmOptions } from './redis-geo';
export { FallbackAtmDirectory } from './fallback';
export { describeHours, isOpenAt } from './hours';
export { haversineMeters } from './geo';
export * from './import';
