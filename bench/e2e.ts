import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { VirtualUser, WebhookClient } from './e2e-client';
import { FakeGraph } from './fake-graph';

/** The per-user conversation, repeated: greeting, balance (linked first), spending, ATM, transactions. */
export const MIX = [
  'hi',
  "what's my balance",
  'how much did I spend on groceries last month',
  'and last week?',
  'nearest atm to kings cross',
  'show my last 3 transactions',
];

export interface E2eOptions {
  target: 'teller' | 'floor';
  storage: 'memory' | 'redis';
  redisUrl?: string;
  users: number;
  /** Most measured turns per user (the measured phase also stops after maxSeconds). */
  turnsPerUser: number;
  /** Unmeasured load before the clock starts (whole rounds of MIX, at least this long). */
  warmupSeconds: number;
  /** The measured phase stops starting turns after this long. */
  maxSeconds: number;
}

export interface E2eResult {
  target: string;
  storage: string;
  virtual_users: number;
  turns: number;
  turns_per_s: number;
  p50_turn_ms: number;
  p99_turn_ms: number;
  p99_ack_ms: number;
  /** CPU time (user + system) per measured turn: the server process, and the benchmark's own. */
  server_cpu_ms_per_turn: number;
  bench_cpu_ms_per_turn: number;
  errors: number;
  replies_per_turn: number;
  graph_messages: number;
  graph_sender_actions: number;
  unexpected_messages: number;
}

const TURN_TIMEOUT_MS = 10_000;

export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Starts a server script as a child process (`node --import tsx`) and waits for its port. */
async function spawnServer(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(__dirname, script), [], {
    // BENCH_SERVER_ARGS adds node flags to the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean)],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s`)), 60_000);
    child.once('message', (m: { type?: string; port?: number }) => {
      clearTimeout(timer);
      if (m.type === 'ready' && m.port) resolve(m.port);
      else reject(new Error(`${script}: unexpected message`));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, port };
}

/** The child's CPU time so far (µs), asked over IPC. */
function childCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: { type?: string; usage?: NodeJS.CpuUsage }) => {
      if (m.type !== 'cpu' || !m.usage) return;
      child.off('message', onMessage);
      resolve(m.usage.user + m.usage.system);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}

function ownCpu(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ type: 'close' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Links a user black-box: ask to link, open the consent page, approve, wait for "You're linked". */
async function link(client: WebhookClient, u: VirtualUser): Promise<void> {
  await client.postText(u.psid, 'link my bank account');
  const m = await u.find(/\/link\/start\?t=([A-Za-z0-9_-]+)/, TURN_TIMEOUT_MS);
  if (!m) throw new Error('no link button in the reply to "link my bank account"');
  const t = m[1]!;
  if ((await client.http('GET', `/link/start?t=${t}`)).status !== 200) throw new Error('consent page failed');
  const consent = await client.http('POST', '/link/consent', {
    t,
    customer: 'cust_amelia',
    decision: 'approve',
  });
  if (consent.status !== 303) throw new Error(`consent answered ${consent.status}`);
  if (!(await u.find(/You're linked/, TURN_TIMEOUT_MS))) throw new Error('no "You\'re linked" message');
  await u.settle(200, TURN_TIMEOUT_MS);
}

/** How many Send API messages each position of the conversation produces (two rounds of MIX). */
async function calibrate(client: WebhookClient, u: VirtualUser): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < 2 * MIX.length; i++) {
    await client.postText(u.psid, MIX[i % MIX.length]!);
    counts.push((await u.settle(200, TURN_TIMEOUT_MS)).length);
  }
  return counts;
}

/**
 * Links every user (and a probe), then has the probe talk two rounds of MIX to learn how many Send
 * API messages each position of the conversation produces. Returns that count by turn number.
 */
export async function linkAndCalibrate(
  client: WebhookClient,
  graph: FakeGraph,
  users: VirtualUser[],
): Promise<(turn: number) => number> {
  const probe = new VirtualUser(graph);
  await Promise.all([...users, probe].map((u) => link(client, u)));
  const counts = await calibrate(client, probe);
  probe.close();
  return (turn) => counts[turn < MIX.length ? turn : MIX.length + (turn % MIX.length)] ?? 1;
}

export interface ClosedLoopOptions {
  client: WebhookClient;
  users: VirtualUser[];
  /** Send API messages that answer the turn with this number. */
  expected: (turn: number) => number;
  turnsPerUser: number;
  warmupSeconds: number;
  maxSeconds: number;
  /** Called once, when every user is warm and the clock starts (to read CPU counters). */
  onMeasuredStart?: () => void;
}

export interface ClosedLoopResult {
  /** Measured turn and webhook-ack latencies (ms), sorted. */
  turnMs: number[];
  ackMs: number[];
  /** Turns refused (not 200) or not answered in time, warm-up included. */
  errors: number;
  expectedTotal: number;
  attempted: number;
  /** Length of the measured phase (s). */
  elapsedS: number;
}

/**
 * The closed loop: each user sends MIX in order and waits for all the replies to a turn before the
 * next. Warm-up, unmeasured: whole rounds of MIX for at least warmupSeconds (so the JIT has settled
 * in the servers and in this process alike), then everyone waits for the others and the clock
 * starts. Every target gets the same treatment.
 */
export async function closedLoop(o: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const { client, users, expected } = o;
  let expectedTotal = 0;
  const turnMs: number[] = [];
  const ackMs: number[] = [];
  let errors = 0;
  let measuredStart = 0;
  let attempted = 0;
  let warm = 0;
  let release = () => {};
  const allWarm = new Promise<void>((r) => (release = r));
  const warmUntil = performance.now() + o.warmupSeconds * 1000;
  const deadline = () => measuredStart > 0 && performance.now() - measuredStart > o.maxSeconds * 1000;

  await Promise.all(
    users.map(async (u) => {
      let measured = false;
      let done = 0;
      for (let turn = 0; done < o.turnsPerUser && !deadline(); turn++) {
        if (!measured && turn % MIX.length === 0 && turn > 0 && performance.now() >= warmUntil) {
          measured = true;
          if (++warm === users.length) {
            measuredStart = performance.now();
            o.onMeasuredStart?.();
            release();
          }
          await allWarm;
        }
        const n = expected(turn);
        expectedTotal += n;
        attempted++;
        const ack = await client.postText(u.psid, MIX[turn % MIX.length]!);
        if (ack.status !== 200) {
          errors++;
          continue;
        }
        const got = await u.take(n, TURN_TIMEOUT_MS);
        if (!got) {
          errors++;
          u.inbox.splice(0);
          continue;
        }
        if (measured) {
          done++;
          ackMs.push(ack.ackMs);
          turnMs.push(got[got.length - 1]!.at - ack.t0);
        }
      }
    }),
  );
  const elapsedS = (performance.now() - measuredStart) / 1000;
  turnMs.sort((a, b) => a - b);
  ackMs.sort((a, b) => a - b);
  return { turnMs, ackMs, errors, expectedTotal, attempted, elapsedS };
}

/** Deletes what one run stored (the Redis may be the developer's own). */
export async function dropKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

export async function runE2e(o: E2eOptions): Promise<E2eResult> {
  const graph = new FakeGraph();
  await graph.start();
  const secret = randomBytes(16).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MESSENGER_APP_SECRET: secret,
    MESSENGER_VERIFY_TOKEN: 'bench',
    MESSENGER_PAGE_ACCESS_TOKEN: 'EAAbench' + randomBytes(8).toString('hex'),
    MESSENGER_GRAPH_URL: `${graph.url}/v23.0`,
    // Measure the framework, not the page's Send API rate limit (250/s by default).
    MESSENGER_SEND_RATE: '1000000',
    BENCH_REDIS_PREFIX: `bench:e2e:${o.target}:${Date.now()}:`,
    LOG_LEVEL: 'silent',
  };
  delete env.REDIS_URL;
  if (o.storage === 'redis') env.REDIS_URL = o.redisUrl;
  const { child, port } = await spawnServer(
    o.target === 'teller' ? 'messenger-server.ts' : 'floor-server.ts',
    env,
  );
  const client = new WebhookClient(port, secret);
  const users = Array.from({ length: o.users }, () => new VirtualUser(graph));
  try {
    const expected = o.target === 'teller' ? await linkAndCalibrate(client, graph, users) : () => 1;
    const sentBefore = users.reduce((n, u) => n + u.received, 0);
    let cpuAtStart: Promise<[number, number]> | undefined;
    const loop = await closedLoop({
      client,
      users,
      expected,
      turnsPerUser: o.turnsPerUser,
      warmupSeconds: o.warmupSeconds,
      maxSeconds: o.maxSeconds,
      onMeasuredStart: () => (cpuAtStart = childCpu(child).then((c) => [c, ownCpu()])),
    });
    const { turnMs, ackMs, errors, expectedTotal, attempted } = loop;
    const elapsed = loop.elapsedS;
    const [serverEnd, benchEnd] = [await childCpu(child), ownCpu()];
    const [serverStart, benchStart] = (await cpuAtStart) ?? [serverEnd, benchEnd];
    const perTurn = (us: number) => +(us / 1000 / Math.max(1, turnMs.length)).toFixed(3);
    await new Promise((r) => setTimeout(r, 300)); // let stragglers arrive before counting them
    const received = users.reduce((n, u) => n + u.received, 0) - sentBefore;
    return {
      target: o.target,
      storage: o.storage,
      virtual_users: o.users,
      turns: turnMs.length,
      turns_per_s: Math.round(turnMs.length / elapsed),
      p50_turn_ms: +pct(turnMs, 50).toFixed(2),
      p99_turn_ms: +pct(turnMs, 99).toFixed(2),
      p99_ack_ms: +pct(ackMs, 99).toFixed(2),
      server_cpu_ms_per_turn: perTurn(serverEnd - serverStart),
      bench_cpu_ms_per_turn: perTurn(benchEnd - benchStart),
      errors,
      replies_per_turn: +(expectedTotal / Math.max(1, attempted)).toFixed(2),
      graph_messages: graph.messages,
      graph_sender_actions: graph.senderActions,
      unexpected_messages: received - expectedTotal,
    };
  } finally {
    for (const u of users) u.close();
    client.close();
    await stopServer(child);
    await graph.close();
    if (o.storage === 'redis' && o.redisUrl) await dropKeys(o.redisUrl, env.BENCH_REDIS_PREFIX!);
  }
}
