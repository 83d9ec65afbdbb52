import { EventEmitter } from 'node:events';
import type { RedisClient } from '../redis/connect';
import type { Logger } from '../logging/logger';
import type { TokenVault } from '../vault';
import type { HandoffState, Priority } from './state';
import type { TranscriptEntry } from './transcript';

/** What every open agent console hears. Text in `message` events is already masked. */
export type ConsoleEvent =
  | { type: 'queue' }
  | { type: 'state'; key: string; state: HandoffState; agent?: string; priority?: Priority }
  | { type: 'message'; key: string; entry: TranscriptEntry }
  | { type: 'typing'; key: string; agent: string; on: boolean };

export interface ConsoleBus {
  publish(event: ConsoleEvent): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: ConsoleEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process: an EventEmitter. */
export class MemoryConsoleBus implements ConsoleBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(event: ConsoleEvent): Promise<void> {
    this.emitter.emit('event', JSON.parse(JSON.stringify(event)) as ConsoleEvent);
  }

  subscribe(listener: (event: ConsoleEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub, so consoles served by any process see every change. Payloads are sealed with the
 * vault: what a customer wrote does not cross Redis in clear text. The subscriber connection is
 * opened on first use and closed by `close()`; the injected client is never closed.
 */
export class RedisConsoleBus implements ConsoleBus {
  private readonly local = new MemoryConsoleBus();
  private subscriber: RedisClient | undefined;
  private readonly channel: string;

  constructor(
    private readonly o: { client: RedisClient; prefix: string; vault: TokenVault; logger: Logger },
  ) {
    this.channel = `${o.prefix}handoff:console`;
  }

  private readonly binding = { user: 'console', connector: 'teller', purpose: 'handoff-bus' };

  async publish(event: ConsoleEvent): Promise<void> {
    await this.o.client.publish(this.channel, this.o.vault.encrypt(JSON.stringify(event), this.binding));
  }

  subscribe(listener: (event: ConsoleEvent) => void): () => void {
    if (!this.subscriber) {
      const sub = this.o.client.duplicate();
      this.subscriber = sub;
      sub.on('error', (err) => this.o.logger.warn({ code: 'TELLER_ERR_STORAGE', err }, 'handoff bus error'));
      sub.on('message', (_channel: string, sealed: string) => {
        try {
          const json = this.o.vault.decrypt(sealed, this.binding).plaintext.reveal();
          void this.local.publish(JSON.parse(json) as ConsoleEvent);
        } catch (err) {
          this.o.logger.warn({ code: 'TELLER_ERR_VAULT_DECRYPT', err }, 'handoff bus: unreadable event');
        }
      });
      void sub.subscribe(this.channel).catch((err: unknown) => {
        this.o.logger.warn({ code: 'TELLER_ERR_STORAGE', err }, 'handoff bus: subscribe failed');
      });
    }
    return this.local.subscribe(listener);
  }

  /** Resolves once the subscriber connection listens (tests and start-up use it). */
  async ready(): Promise<void> {
    if (!this.subscriber) this.subscribe(() => undefined);
    const sub = this.subscriber!;
    if (sub.status !== 'ready') await new Promise<void>((r) => sub.once('ready', () => r()));
    await sub.subscribe(this.channel);
  }

  async close(): Promise<void> {
    await this.local.close();
    const sub = this.subscriber;
    this.subscriber = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }
}
