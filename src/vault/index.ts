export { VaultError, type VaultErrorCode } from './errors';
export {
  ephemeralKeyring,
  generateVaultKey,
  parseVaultKeys,
  VAULT_KEY_BYTES,
  VAULT_KEYS_SETTING,
  type VaultKeyring,
} from './keys';
export { REDACTED, Secret } from './secret';
export {
  ENVELOPE_PREFIX,
  TokenVault,
  vaultFromEnv,
  type Opened,
  type VaultBinding,
  type VaultFromEnvOptions,
} from './vault';
export { VaultedGrantStore, type SealedGrant, type VaultGrant } from './grants';
export { SealedStorage, type StorageCodec } from './sealed-storage';
