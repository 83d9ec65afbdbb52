import type { TakeableStorage } from '../session/types';
import type { TokenVault } from './vault';

/**
 * A storage whose values are sealed with the vault (AES-256-GCM, AAD bound to the key), so what a
 * conversation carries between turns — a merchant the customer typed, a date range — is not
 * readable at rest. Values sealed with an older key are re-sealed on read.
 */
export class SealedStorage<T> implements TakeableStorage<T> {
  constructor(
    private readonly inner: TakeableStorage<string>,
    private readonly vault: TokenVault,
    /** Names what is stored, so a value cannot be replayed as another kind of record. */
    private readonly purpose: string,
    /**
     * Disposable values (conversation state) that no longer open — sealed by an ephemeral development
     * key before a restart, or tampered with — are dropped instead of failing every turn.
     */
    private readonly discardUnreadable = false,
  ) {}

  private binding(key: string) {
    return { user: key, connector: 'teller', purpose: this.purpose };
  }

  async read(key: string): Promise<T | undefined> {
    const envelope = await this.inner.read(key);
    if (envelope === undefined) return undefined;
    let opened: ReturnType<TokenVault['rotate']>;
    try {
      opened = this.vault.rotate(envelope, this.binding(key));
    } catch (err) {
      if (!this.discardUnreadable || (err as { code?: string }).code !== 'TELLER_ERR_VAULT_DECRYPT')
        throw err;
      await this.inner.delete(key);
      return undefined;
    }
    if (opened.changed) await this.inner.write(key, opened.envelope);
    return JSON.parse(opened.plaintext.reveal()) as T;
  }

  async write(key: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('Session values must be JSON-serialisable');
    await this.inner.write(key, this.vault.encrypt(json, this.binding(key)));
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  async take(key: string): Promise<T | undefined> {
    const envelope = await this.inner.take(key);
    if (envelope === undefined) return undefined;
    return JSON.parse(this.vault.decrypt(envelope, this.binding(key)).plaintext.reveal()) as T;
  }
}
