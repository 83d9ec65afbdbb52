/**
 * `npm run bench`: throughput and latency on this machine, printed as JSON. Sections:
 * - engine_closed_loop: the engine in-process (no HTTP);
 * - messenger_e2e: the real Messenger path (signed webhooks over loopback → Teller in a child
 *   process → Send API calls to a fake Graph API), against a bare node:http "floor" server doing
 *   the least a Messenger bot can (see bench/e2e.ts).
 * - session_memory: Redis bytes per idle conversation (see bench/session-memory.ts).
 * Closed loop: each virtual user waits for its reply before sending the next message.
 * Storage in memory and in Redis (REDIS_URL, or a throwaway redis-server on a free port).
 * The end-to-end phases warm up (unmeasured) for BENCH_WARMUP_SECONDS (2), then measure for
 * BENCH_SECONDS (5) or BENCH_TURNS measured turns per user, whichever comes first; both targets
 * get the same client, warm-up and duration. Knobs: BENCH_USERS (20), BENCH_TURNS, BENCH_SECONDS,
 * BENCH_WARMUP_SECONDS,
 * BENCH_SERVER_ARGS (node flags for the server processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 * Flags: --e2e-only (skip the in-process engine loop), --storage memory|redis (one storage only),
 * --target floor|teller, --workers N (only: `teller web` + 1 worker, then + N workers, sharing a
 * throwaway Redis; see bench/workers.ts; then session_memory unless --e2e-only). To compare two versions of the code on a busy machine, use
 * `npx tsx bench/e2e-cpu.ts` (CPU per turn, whole path in one process) on each.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
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
import { MIX, runE2e, type E2eResult } from './e2e';
import { sessionMemory } from './session-memory';
import { runWorkers } from './workers';

/** The end-to-end mix plus a slot answer and an out-of-scope line. */
const MESSAGES = [...MIX, 'Savings', 'tell me a joke'];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(label: string, redis: Redis | undefined, users: number, turnsPerUser: number) {
  const bank = new SandboxBank();
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'bench',
    // 20 virtual users each send dozens of turns a second: a real page's rate limits would (rightly)
    // turn them away. The bench measures the turn path, so limits are off here.
    rateLimits: false,
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

/** Teller against the floor: the targets are ≥ 60 % of the floor's turns/s and p99 ≤ 2× the floor's. */
function versusFloor(teller: E2eResult, floor: E2eResult) {
  const throughput = +(teller.turns_per_s / Math.max(1, floor.turns_per_s)).toFixed(2);
  const p99 = +(teller.p99_turn_ms / Math.max(0.01, floor.p99_turn_ms)).toFixed(2);
  return {
    storage: teller.storage,
    turns_per_s_ratio: throughput,
    p99_ratio: p99,
    // Less noisy than turns/s on a shared machine: how much more CPU the server spends per turn.
    server_cpu_per_turn_ratio: +(
      teller.server_cpu_ms_per_turn / Math.max(0.001, floor.server_cpu_ms_per_turn)
    ).toFixed(1),
    meets_turns_target: throughput >= 0.6,
    meets_p99_target: p99 <= 2,
  };
}

async function main() {
  // A safety net: every phase is bounded, but never let a stuck run hold a CI job.
  setTimeout(() => {
    console.error('bench: gave up after 3 minutes');
    process.exit(2);
  }, 180_000).unref();
  // Ctrl-C or a CI job's timeout: leave through process.exit, whose 'exit' handlers kill the children.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const { values: flags } = parseArgs({
    options: {
      'e2e-only': { type: 'boolean', default: false },
      storage: { type: 'string' },
      target: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (flags.help) {
    process.stdout.write(
      'npx tsx bench/run.ts [--e2e-only] [--storage memory|redis] [--target floor|teller]\n' +
        'npx tsx bench/run.ts --workers N [--e2e-only]   web + 1 worker, then web + N workers (bench/workers.ts)\n' +
        'env: BENCH_USERS, BENCH_TURNS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_SERVER_ARGS, REDIS_URL\n',
    );
    return;
  }
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1))
    throw new Error('--workers takes a whole number of worker processes (1 or more)');
  const storages = (['memory', 'redis'] as const).filter((s) => !flags.storage || flags.storage === s);
  const users = Number(process.env.BENCH_USERS ?? 20);
  const turns = 40;
  const e2eTurns = Number(process.env.BENCH_TURNS ?? 1_000_000);
  const maxSeconds = Number(process.env.BENCH_SECONDS ?? 5);
  const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
  const load = loadavg().map((l) => +l.toFixed(2));
  const engineResults = [];
  if (workers === undefined && !flags['e2e-only'] && storages.includes('memory'))
    engineResults.push(await run('memory', undefined, users, turns));
  let redisUrl = process.env.REDIS_URL;
  let stop: (() => void) | undefined;
  if (!redisUrl) {
    const started = await startRedisServer();
    redisUrl = started.url;
    stop = () => started.proc.kill('SIGTERM');
    process.once('exit', stop);
  }
  try {
    if (workers !== undefined) {
      const result = await runWorkers({
        counts: [1, workers],
        users,
        turnsPerUser: e2eTurns,
        warmupSeconds,
        maxSeconds,
      });
      const memory = flags['e2e-only']
        ? undefined
        : await sessionMemory(redisUrl, Number(process.env.BENCH_SESSIONS ?? 10_000));
      const output = {
        node: process.version,
        cpus: cpus().length,
        load_average_at_start: load,
        load_average_at_end: loadavg().map((l) => +l.toFixed(2)),
        messenger_workers_e2e: { virtual_users: users, mix: MIX, ...result },
        ...(memory ? { session_memory: memory } : {}),
      };
      process.stdout.write(JSON.stringify(output, null, 2) + '\n');
      return;
    }
    if (!flags['e2e-only'] && storages.includes('redis')) {
      const client = new Redis(redisUrl);
      engineResults.push(await run('redis', client, users, turns));
      await client.quit();
    }
    const e2e: E2eResult[] = [];
    for (const storage of storages)
      for (const target of (['floor', 'teller'] as const).filter((t) => !flags.target || flags.target === t))
        e2e.push(
          await runE2e({
            target,
            storage,
            redisUrl,
            users,
            turnsPerUser: e2eTurns,
            maxSeconds,
            warmupSeconds,
          }),
        );
    // Redis memory per idle conversation (bench/session-memory.ts; BENCH_SESSIONS, default 10,000).
    const memory =
      flags['e2e-only'] || !storages.includes('redis')
        ? undefined
        : await sessionMemory(redisUrl, Number(process.env.BENCH_SESSIONS ?? 10_000));
    const find = (target: string, storage: string) =>
      e2e.find((r) => r.target === target && r.storage === storage)!;
    process.stdout.write(
      JSON.stringify(
        {
          node: process.version,
          cpus: cpus().length,
          load_average_at_start: load,
          load_average_at_end: loadavg().map((l) => +l.toFixed(2)),
          engine_closed_loop: { results: engineResults },
          messenger_e2e: {
            virtual_users: users,
            mix: MIX,
            results: e2e,
            teller_vs_floor: flags.target
              ? []
              : storages.map((s) => versusFloor(find('teller', s), find('floor', s))),
            targets: { turns_per_s_ratio: '>= 0.6', p99_ratio: '<= 2' },
          },
          ...(memory ? { session_memory: memory } : {}),
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    stop?.();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
