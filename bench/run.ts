/**
 * `npm run bench`: engine throughput and latency on this machine, printed as JSON.
 * Closed loop: each virtual user waits for its reply before sending the next message.
 * Storage in memory and in Redis (REDIS_URL, or a throwaway redis-server on a free port).
 */
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { createBot } from '../src/bot/create-bot';
import { RecordingChannel } from '../src/channels/test/recording-channel';
import { SandboxBank, sandboxMerchants } from '../src/connectors/sandbox';
import { MemoryAuditLog } from '../src/engine/audit';
import { loadIntents } from '../src/engine/loader';
import { silentLogger } from '../src/logging/logger';
import { EmbeddedNlu } from '../src/nlu/embedded';
import { extractEntities } from '../src/nlu/entities';
import { startRedisServer } from '../test/support/redis-server';

const MESSAGES = [
  'hi',
  "what's my balance",
  'how much did I spend on groceries last month',
  'and last week?',
  'nearest atm to kings cross',
  'show my last 3 transactions',
  'Savings',
  'tell me a joke',
];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(label: string, redis: Redis | undefined, users: number, turnsPerUser: number) {
  const bank = new SandboxBank();
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'bench',
    connector: bank,
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    redis,
    redisPrefix: `bench:${Date.now()}:`,
    publicUrl: 'http://bench.local',
    logger: silentLogger(),
    audit: new MemoryAuditLog(),
  });
  const trainStart = performance.now();
  await bot.init();
  const trainMs = performance.now() - trainStart;
  const channel = new RecordingChannel(bot.engine, 'bench');
  for (let u = 0; u < users; u++) {
    const url = await bot.linking.startUrl({ channel: 'bench', userId: `u${u}` }, 'sandbox');
    await bot.linking.approve(new URL(url).searchParams.get('t')!, bank.defaultCustomerFor(`u${u}`));
  }
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const user = channel.user(`u${u}`);
      for (let i = 0; i < turnsPerUser; i++) {
        const t0 = performance.now();
        try {
          await user.say(MESSAGES[i % MESSAGES.length]!);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  await bot.close();
  return {
    storage: label,
    virtual_users: users,
    turns: latencies.length,
    turns_per_s: Math.round(latencies.length / elapsed),
    p50_ms: +pct(latencies, 50).toFixed(2),
    p99_ms: +pct(latencies, 99).toFixed(2),
    errors,
    nlu_train_ms: Math.round(trainMs),
  };
}

async function main() {
  const users = 20;
  const turns = 40;
  const memory = await run('memory', undefined, users, turns);
  let redisUrl = process.env.REDIS_URL;
  let stop: (() => void) | undefined;
  if (!redisUrl) {
    const started = await startRedisServer();
    redisUrl = started.url;
    stop = () => started.proc.kill('SIGTERM');
  }
  const client = new Redis(redisUrl);
  const redis = await run('redis', client, users, turns);
  await client.quit();
  stop?.();
  process.stdout.write(
    JSON.stringify(
      { benchmark: 'engine-closed-loop', node: process.version, results: [memory, redis] },
      null,
      2,
    ) + '\n',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
