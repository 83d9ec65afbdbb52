import type { Grant, LinkUser } from './types';

/**
 * Where grants live. The production implementation is `VaultedGrantStore` (src/vault): tokens are
 * sealed with AES-256-GCM before they reach storage, so no token is ever stored in clear text.
 */
export interface GrantStore {
  get(user: LinkUser, connector: string): Promise<Grant | undefined>;
  put(user: LinkUser, grant: Grant): Promise<void>;
  delete(user: LinkUser, connector: string): Promise<void>;
}
