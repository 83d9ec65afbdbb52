/**
 * The Teller side of the end-to-end benchmark, run as a child process (so the load generator
 * never shares its event loop): the demo bank's intents, sandbox bank and embedded NLU behind the
 * real Messenger channel (`/webhooks/messenger`), storage in memory or in Redis (REDIS_URL). The
 * Send API points at the benchmark's fake Graph API (MESSENGER_GRAPH_URL). Reports its port over
 * IPC and stops when told to.
 */
import { createServer } from 'node:http';
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
import { closeServer } from '../src/server/listen';
import { serveBenchmark } from './child';

async function main(): Promise<void> {
  const logger = silentLogger();
  const prefix = process.env.BENCH_REDIS_PREFIX ?? `bench:${process.pid}:`;
  const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'bench',
    // 20 virtual users each send dozens of turns a second: a real page's rate limits would (rightly)
    // turn them away. The bench measures the turn path, so limits are off here.
    rateLimits: false,
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
  // Webhook POSTs are answered ahead of express, as the demo bank does.
  const server = createServer((req, res) => channel.handler(req, res, () => app(req, res)));
  server.keepAliveTimeout = 30_000;
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    }),
  );
  await channel.start();
  serveBenchmark(port, async () => {
    await channel.close();
    await closeServer(server);
    await bot.close();
    await redis?.quit();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
