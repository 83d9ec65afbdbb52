export { MemoryAtmDirectory, DEFAULT_LIMIT, DEFAULT_RADIUS_METERS, openOrUnknown } from './memory';
export { RedisGeoAtmDirectory, type RedisGeoAtmOptions } from './redis-geo';
export { describeHours, isOpenAt } from './hours';
export { haversineMeters } from './geo';
