/**
 * Redis memory per idle session (issue 8 §8; target ≤ 1 KB). 10,000 users each have a short
 * conversation through the real bot on a throwaway redis-server ("hi", then "what's my balance"
 * before linking a bank: the bot offers the link and keeps the request pending), then go idle.
 * Turns carry Messenger-sized message ids and answer through the real Messenger Send API (to the
 * benchmark's fake Graph API), so the reply ledger writes what it writes in production.
 * Reports `used_memory` before and after divided by the users, the same per key family (the
 * sealed session itself; what a turn leaves behind for redelivery: dedupe marks and the sent-reply
 * ledger), and `MEMORY USAGE` plus the stored size of one sample session.
 *
 *     npx tsx bench/session-memory.ts            # JSON on stdout
 *     BENCH_SESSIONS=1000 npx tsx bench/session-memory.ts
 *
 * `sessionMemory()` is also called by `npm run bench` (bench/run.ts, section session_memory).
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createBot } from '../src/bot/create-bot';
import { createMessengerChannel } from '../src/channels/messenger';
import { SandboxBank, sandboxMerchants } from '../src/connectors/sandbox';
import { MemoryAuditLog } from '../src/engine/audit';
import { loadIntents } from '../src/engine/loader';
import { silentLogger } from '../src/logging/logger';
import { EmbeddedNlu } from '../src/nlu/embedded';
import { extractEntities } from '../src/nlu/entities';
import { TokenVault } from '../src/vault';
import { parseVaultKeys } from '../src/vault/keys';
import { startRedisServer } from '../test/support/redis-server';
import { FakeGraph } from './fake-graph';

export const CONVERSATION = ['hi', "what's my balance"];
const TARGET_BYTES = 1024;

export interface SessionMemoryResult {
  sessions: number;
  conversation: string[];
  used_memory_before: number;
  used_memory_after: number;
  /** (after − before) / sessions: everything the conversations left in Redis. */
  bytes_per_session: number;
  /**
   * By key family: `MEMORY USAGE` summed over the family's keys per session (the rest of
   * bytes_per_session is Redis's own bookkeeping per key: hash table slots, expiry entries), and
   * how long the family's keys live (the session expires a day after the last message; a link token
   * after 15 minutes).
   */
  by_family: Record<string, { bytes_per_session: number; keys_per_session: number; ttl_seconds: number }>;
  keys_per_session: number;
  sample: { key: string; memory_usage: number; stored_bytes: number };
  /**
   * Once the conversation has gone idle for an hour: keys that expire sooner (the link token) are
   * removed and memory measured again. The target applies to this idle state.
   */
  idle_bytes_per_session: number;
  expired_while_idle: string[];
  target_bytes: number;
  meets_target: boolean;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** Runs the measurement against a Redis it is given (it writes under its own prefix, then deletes it). */
export async function sessionMemory(redisUrl: string, sessions = 10_000): Promise<SessionMemoryResult> {
  const redis = new Redis(redisUrl);
  const prefix = `mem:${process.pid}:`;
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'bench',
    rateLimits: false, // limits keep counters per user; they expire within a minute of the last message
    connector: new SandboxBank(),
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    redis,
    redisPrefix: prefix,
    publicUrl: 'http://bench.local',
    logger: silentLogger(),
    audit: new MemoryAuditLog(),
    // A production keyring (TELLER_VAULT_KEYS), not the development fallback.
    vault: new TokenVault(parseVaultKeys(`v1:${Buffer.alloc(32, 7).toString('base64')}`)),
  });
  const graph = new FakeGraph();
  try {
    await bot.init();
    await graph.start();
    // Registers the Send API as the engine's `messenger` channel; the turns are handed to the
    // engine directly below (the webhook and inbox are not what is measured here).
    const channel = createMessengerChannel({
      engine: bot.engine,
      config: {
        appSecret: 'bench-app-secret',
        verifyToken: 'bench-verify',
        pageAccessToken: 'bench-page-token',
        graphUrl: `${graph.url}/v23.0`,
        webhookMaxBytes: 1024 * 1024,
        sendRatePerSecond: 1_000_000,
      },
      redis,
      redisPrefix: `${prefix}messenger:`,
      logger: silentLogger(),
    });
    // PSIDs as Messenger gives them (16 digits); message ids as long as Messenger's (m_ + 86).
    const psid = (i: number) => String(7_000_000_000_000_000 + i);
    const mid = () => `m_${randomBytes(64).toString('base64url')}`;
    await redis.call('MEMORY', 'PURGE').catch(() => undefined);
    const before = await usedMemory(redis);
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < sessions) {
          const userId = psid(next++);
          for (const text of CONVERSATION)
            await bot.engine.handle({
              channel: 'messenger',
              userId,
              messageId: mid(),
              timestamp: Date.now(),
              text,
            });
        }
      }),
    );
    await redis.call('MEMORY', 'PURGE').catch(() => undefined);
    const after = await usedMemory(redis);
    await channel.close();

    const families: Record<string, { bytes: number; keys: number; ttl: number }> = {};
    let keys = 0;
    let cursor = '0';
    do {
      const [nextCursor, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = nextCursor;
      const sizes = await Promise.all(
        batch.map((k) => redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') as Promise<number>),
      );
      for (const [i, k] of batch.entries()) {
        const name = k.slice(prefix.length).split(':')[0] ?? '';
        const family = (families[name] ??= { bytes: 0, keys: 0, ttl: await redis.ttl(k) });
        family.bytes += sizes[i]!;
        family.keys++;
        keys++;
      }
    } while (cursor !== '0');
    // What stays while the customer is idle: keys that expire within the hour (the link token's
    // 15 minutes) are gone by then. Deleting them now measures that state instead of estimating it.
    const transient = Object.entries(families)
      .filter(([, f]) => f.ttl > 0 && f.ttl <= 3600)
      .map(([name]) => name);
    for (const name of transient) {
      let c = '0';
      do {
        const [n, batch] = await redis.scan(c, 'MATCH', `${prefix}${name}:*`, 'COUNT', 1000);
        c = n;
        if (batch.length > 0) await redis.del(...batch);
      } while (c !== '0');
    }
    await redis.call('MEMORY', 'PURGE').catch(() => undefined);
    const idle = Math.round(((await usedMemory(redis)) - before) / sessions);
    const sampleKey = (await redis.keys(`${prefix}session:*${psid(0)}*`))[0] ?? '';
    const sample = {
      key: sampleKey.slice(prefix.length),
      memory_usage: Number(await redis.call('MEMORY', 'USAGE', sampleKey, 'SAMPLES', '0')),
      stored_bytes: await redis.strlen(sampleKey),
    };
    const perSession = Math.round((after - before) / sessions);
    return {
      sessions,
      conversation: CONVERSATION,
      used_memory_before: before,
      used_memory_after: after,
      bytes_per_session: perSession,
      by_family: Object.fromEntries(
        Object.entries(families)
          .sort()
          .map(([f, { bytes, keys, ttl }]) => [
            f,
            {
              bytes_per_session: Math.round(bytes / sessions),
              keys_per_session: +(keys / sessions).toFixed(2),
              ttl_seconds: ttl,
            },
          ]),
      ),
      keys_per_session: +(keys / sessions).toFixed(2),
      sample,
      idle_bytes_per_session: idle,
      expired_while_idle: transient,
      target_bytes: TARGET_BYTES,
      meets_target: idle <= TARGET_BYTES,
    };
  } finally {
    await bot.close();
    await graph.close();
    let cursor = '0';
    do {
      const [nextCursor, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (batch.length) await redis.unlink(...batch);
    } while (cursor !== '0');
    await redis.quit();
  }
}

async function main(): Promise<void> {
  const sessions = Number(process.env.BENCH_SESSIONS ?? 10_000);
  // Always a fresh server: used_memory must not count anyone else's keys.
  const server = await startRedisServer();
  try {
    process.stdout.write(JSON.stringify(await sessionMemory(server.url, sessions), null, 2) + '\n');
  } finally {
    server.proc.kill('SIGTERM');
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
