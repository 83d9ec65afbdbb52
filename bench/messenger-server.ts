/**
 * The Teller side of the end-to-end benchmark, run as a child process (so the load generator
 * never shares its event loop): the demo bank's intents, sandbox bank and embedded NLU behind the
 * real Messenger channel (`/webhooks/messenger`), storage in memory or in Redis (REDIS_URL). The
 * Send API points at the benchmark's fake Graph API (MESSENGER_GRAPH_URL). Reports its port over
 * IPC and stops when told to.
 */
import Redis from 'ioredis';
import { createBot } from '../src/bot/create-bot';
import { createMessengerChannel, loadMessengerConfig } from '../src/channels/messenger';
import { SandboxBank, sandboxMerchants } from '../src/connectors/sandbox';
import { MemoryAuditLog } from '../src/engine/audit';
import { loadIntents } from '../src/engine/loader';
import { silentLogger } from '../src/logging/logger';
import { EmbeddedNlu } from '../src/nlu/embedded';
import { extractEntities } from '../src/nlu/entities';
import { createApp } from '../src/server/app';
import { closeServer, listen } from '../src/server/listen';

async function main(): Promise<void> {
  const logger = silentLogger();
  const prefix = process.env.BENCH_REDIS_PREFIX ?? `bench:${process.pid}:`;
  const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'bench',
    connector: new SandboxBank(),
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    redis,
    redisPrefix: prefix,
    publicUrl: 'http://bench.local',
    logger,
    audit: new MemoryAuditLog(),
  });
  await bot.init();
  const channel = createMessengerChannel({
    engine: bot.engine,
    config: loadMessengerConfig(process.env, { required: true }),
    redis,
    redisPrefix: `${prefix}messenger:`,
    logger,
  });
  const app = createApp(bot, { routers: [channel.router] });
  const { server, port } = await listen(app, 0, '127.0.0.1');
  await channel.start();
  process.send!({ type: 'ready', port });
  process.on('disconnect', () => process.exit(0)); // the benchmark went away
  process.on('message', (m: { type?: string }) => {
    if (m.type !== 'close') return;
    void (async () => {
      await channel.close();
      await closeServer(server);
      await bot.close();
      await redis?.quit();
      process.exit(0);
    })();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
