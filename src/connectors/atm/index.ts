export { MemoryAtmDirectory, DEFAULT_LIMIT, DEFAULT_RADIUS_METERS } from './memory';
export { describeHours, isOpenAt } from './hours';
export { haversineMeters } from './geo';
