export type { StorageAdapter, TakeableStorage } from './types';
export { MemoryStorage, type MemoryStorageOptions } from './memory';
export { RedisStorage, type RedisStorageOptions } from './redis';
