import type { RedisClient } from '../redis/connect';
import type { TokenVault } from '../vault';

/** Who said it. Notes are private to staff; system lines record what happened (claimed, handed back). */
export type Speaker = 'customer' | 'bot' | 'agent' | 'note' | 'system';

export interface TranscriptEntry {
  at: number;
  from: Speaker;
  text: string;
  /** The agent's id for `agent` and `note` entries. */
  agent?: string;
}

/**
 * What was said in a conversation, so a person taking over sees the story. Bounded (oldest lines
 * dropped) and short-lived; in Redis each line is sealed with the vault, never stored in clear text.
 */
export interface TranscriptStore {
  append(key: string, entry: TranscriptEntry): Promise<void>;
  list(key: string): Promise<TranscriptEntry[]>;
  /** Deletes a conversation's transcript; returns how many lines it held. */
  delete(key: string): Promise<number>;
  readonly ttlSeconds: number;
}

export interface TranscriptLimits {
  /** Lines kept per conversation; default 200. */
  maxEntries?: number;
  /** Seconds a transcript lives after its last line; default 24 hours. */
  ttlSeconds?: number;
}

/** Cuts a line to a sane size: transcripts are for reading, not for storing documents. */
const MAX_TEXT = 2000;

function clip(entry: TranscriptEntry): TranscriptEntry {
  return entry.text.length > MAX_TEXT ? { ...entry, text: entry.text.slice(0, MAX_TEXT) + '…' } : entry;
}

export class MemoryTranscriptStore implements TranscriptStore {
  private readonly data = new Map<string, { lines: string[]; expiresAt: number }>();
  readonly ttlSeconds: number;
  private readonly max: number;

  constructor(
    o: TranscriptLimits = {},
    private readonly now: () => number = Date.now,
  ) {
    this.ttlSeconds = o.ttlSeconds ?? 24 * 3600;
    this.max = o.maxEntries ?? 200;
  }

  async append(key: string, entry: TranscriptEntry): Promise<void> {
    const lines = [...(await this.raw(key)), JSON.stringify(clip(entry))].slice(-this.max);
    this.data.set(key, { lines, expiresAt: this.now() + this.ttlSeconds * 1000 });
  }

  async list(key: string): Promise<TranscriptEntry[]> {
    return (await this.raw(key)).map((l) => JSON.parse(l) as TranscriptEntry);
  }

  async delete(key: string): Promise<number> {
    const n = (await this.raw(key)).length;
    this.data.delete(key);
    return n;
  }

  private async raw(key: string): Promise<string[]> {
    const e = this.data.get(key);
    if (!e) return [];
    if (e.expiresAt <= this.now()) {
      this.data.delete(key);
      return [];
    }
    return e.lines;
  }
}

export class RedisTranscriptStore implements TranscriptStore {
  readonly ttlSeconds: number;
  private readonly max: number;

  constructor(
    private readonly o: { client: RedisClient; prefix: string; vault: TokenVault } & TranscriptLimits,
  ) {
    this.ttlSeconds = o.ttlSeconds ?? 24 * 3600;
    this.max = o.maxEntries ?? 200;
  }

  private key(key: string) {
    return `${this.o.prefix}{handoff}:transcript:${key}`;
  }

  private binding(key: string) {
    return { user: key, connector: 'teller', purpose: 'transcript' };
  }

  async append(key: string, entry: TranscriptEntry): Promise<void> {
    const sealed = this.o.vault.encrypt(JSON.stringify(clip(entry)), this.binding(key));
    await this.o.client
      .multi()
      .rpush(this.key(key), sealed)
      .ltrim(this.key(key), -this.max, -1)
      .expire(this.key(key), this.ttlSeconds)
      .exec();
  }

  async list(key: string): Promise<TranscriptEntry[]> {
    const sealed = await this.o.client.lrange(this.key(key), 0, -1);
    const out: TranscriptEntry[] = [];
    for (const s of sealed) {
      try {
        out.push(
          JSON.parse(this.o.vault.decrypt(s, this.binding(key)).plaintext.reveal()) as TranscriptEntry,
        );
      } catch {
        // A line sealed with a key this process no longer has (an ephemeral development key): skip it.
      }
    }
    return out;
  }

  async delete(key: string): Promise<number> {
    const [[, n] = [], [, deleted] = []] =
      (await this.o.client.multi().llen(this.key(key)).del(this.key(key)).exec()) ?? [];
    return deleted === 1 ? Number(n) : 0;
  }
}
