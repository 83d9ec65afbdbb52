import type { StorageAdapter } from '../session/types';
import { userKey, type Grant, type LinkUser } from './types';

/** Where grants live. Keys are per user and connector. */
export class GrantStore {
  constructor(private readonly store: StorageAdapter<Grant>) {}

  get(user: LinkUser, connector: string): Promise<Grant | undefined> {
    return this.store.read(key(user, connector));
  }

  put(user: LinkUser, grant: Grant): Promise<void> {
    return this.store.write(key(user, grant.connector), grant);
  }

  delete(user: LinkUser, connector: string): Promise<void> {
    return this.store.delete(key(user, connector));
  }
}

function key(user: LinkUser, connector: string): string {
  return `grant:${userKey(user)}:${connector}`;
}
