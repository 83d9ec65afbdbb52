/**
 * A tiny storage contract, as in grammY: anything that can read, write and delete a JSON value
 * by key can hold Teller's sessions. Values must survive a JSON round-trip.
 */
export interface StorageAdapter<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A storage that can also read-and-delete atomically (single-use tokens). */
export interface TakeableStorage<T> extends StorageAdapter<T> {
  take(key: string): Promise<T | undefined>;
}
