import type { TakeableStorage } from '../session/types';
import type { TokenVault } from './vault';

/**
 * How values are shaped before sealing: `encode` may leave out what `decode` can put back (defaults,
 * empty fields), so less is stored. `decode(JSON.parse(JSON.stringify(encode(v))))` must equal `v`,
 * and `decode` must also accept values stored before the codec (the plain JSON of `v`).
 */
export interface StorageCodec<T> {
  encode(value: T): unknown;
  decode(stored: unknown): T;
}

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
    /**
     * Remembers the envelope it last sealed for up to this many keys (0 = none), with its JSON: when
     * a read brings back exactly that envelope, it was sealed here and opens to that JSON, so the
     * AES-GCM decryption is skipped. A value written by another process (or tampered with) never
     * matches and is opened as usual. For conversation state, read and written every turn.
     */
    private readonly remember = 0,
    /** Compacts values before sealing (see StorageCodec); default: stored as they are. */
    private readonly codec?: StorageCodec<T>,
  ) {}

  private parse(json: string): T {
    const stored: unknown = JSON.parse(json);
    return this.codec ? this.codec.decode(stored) : (stored as T);
  }

  /** key → the envelope this instance last stored under it, and the JSON it seals. */
  private readonly sealed = new Map<string, { envelope: string; json: string }>();

  private forget(key: string): void {
    this.sealed.delete(key);
  }

  private binding(key: string) {
    return { user: key, connector: 'teller', purpose: this.purpose };
  }

  async read(key: string): Promise<T | undefined> {
    const envelope = await this.inner.read(key);
    if (envelope === undefined) {
      this.forget(key);
      return undefined;
    }
    const mine = this.sealed.get(key);
    if (mine !== undefined && mine.envelope === envelope) return this.parse(mine.json);
    let opened: ReturnType<TokenVault['rotate']>;
    try {
      opened = this.vault.rotate(envelope, this.binding(key));
    } catch (err) {
      if (!this.discardUnreadable || (err as { code?: string }).code !== 'TELLER_ERR_VAULT_DECRYPT')
        throw err;
      this.forget(key);
      await this.inner.delete(key);
      return undefined;
    }
    if (opened.changed) await this.inner.write(key, opened.envelope);
    return this.parse(opened.plaintext.reveal());
  }

  async write(key: string, value: T): Promise<void> {
    const json = JSON.stringify(this.codec ? this.codec.encode(value) : value);
    if (json === undefined) throw new TypeError('Session values must be JSON-serialisable');
    const envelope = this.vault.encrypt(json, this.binding(key));
    this.forget(key);
    await this.inner.write(key, envelope);
    if (this.remember <= 0) return;
    if (this.sealed.size >= this.remember) {
      const oldest = this.sealed.keys().next();
      if (!oldest.done) this.sealed.delete(oldest.value);
    }
    this.sealed.set(key, { envelope, json });
  }

  delete(key: string): Promise<void> {
    this.forget(key);
    return this.inner.delete(key);
  }

  async take(key: string): Promise<T | undefined> {
    this.forget(key);
    const envelope = await this.inner.take(key);
    if (envelope === undefined) return undefined;
    return this.parse(this.vault.decrypt(envelope, this.binding(key)).plaintext.reveal());
  }
}
