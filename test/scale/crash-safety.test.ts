import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { signBody } from '../../src/channels/messenger/signature';
import { freePort } from '../support/redis-server';
import { Rig, startRedis, startTeller, waitForRedis, waitHealthy, type Child } from './process-rig';
import { RecordingGraph } from './recording-graph';

/**
 * Issue 8's crash test: one `teller web` and three `teller worker` processes sharing one Redis, a
 * signed load of 2,000 messages from 200 users, and in the middle of it: a worker killed with
 * SIGKILL and restarted, Redis killed and restarted (AOF, fsync always), a worker then the web
 * process restarted with SIGTERM. Every message must be answered exactly once, in order per user, with no lock left.
 */
const USERS = 200;
const PER_USER = 10;
const SEND_SPREAD_MS = 14_000; // each user's messages are spread over about this long
const APP_SECRET = 'scale-app-secret-0123456789';
const PAGE_ID = '2000000002';

jest.setTimeout(120_000);

const rig = new Rig();
const dir = mkdtempSync(join(tmpdir(), 'teller-scale-'));
let graph: RecordingGraph;
let redisPort: number;
let redisProc: Child;
let env: NodeJS.ProcessEnv;
let webPort: number;
let web: Child;
const workers: { child: Child; port: number }[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startWorker(i: number): Promise<void> {
  const port = await freePort();
  const child = startTeller(rig, 'worker', `worker-${i}`, port, env);
  workers[i] = { child, port };
  await waitHealthy(child, port);
}

beforeAll(async () => {
  graph = await RecordingGraph.start();
  redisPort = await freePort();
  redisProc = startRedis(rig, redisPort, dir);
  await waitForRedis(redisPort);
  env = {
    ...process.env,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    MESSENGER_APP_SECRET: APP_SECRET,
    MESSENGER_VERIFY_TOKEN: 'scale-verify',
    MESSENGER_PAGE_ACCESS_TOKEN: 'EAAB-scale-page-token',
    MESSENGER_GRAPH_URL: graph.url,
    TELLER_BOTS_DIR: join(__dirname, 'bots'),
    TELLER_VAULT_KEYS: `v1:${randomBytes(32).toString('base64')}`,
    TELLER_LOCK_TTL_MS: '5000',
    TELLER_INBOX_CLAIM_IDLE_MS: '1500',
    TELLER_INBOX_CLAIM_INTERVAL_MS: '400',
    TELLER_INBOX_MAX_DELIVERIES: '1000',
    TELLER_DRAIN_TIMEOUT_MS: '8000',
    LOG_LEVEL: 'error',
  };
  webPort = await freePort();
  web = startTeller(rig, 'web', 'web', webPort, env);
  await Promise.all([waitHealthy(web, webPort), startWorker(0), startWorker(1), startWorker(2)]);
});

afterAll(async () => {
  await rig.killAll();
  await graph?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the sender saw: Meta redelivers anything that did not get a 200, and so does this sender. */
const seen = { ok: 0, unavailable: 0, otherStatus: 0, refused: 0 };

let clock = 1_780_000_000_000;
async function deliver(psid: string, mid: string, text: string): Promise<void> {
  const raw = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: PAGE_ID,
        time: ++clock,
        messaging: [
          { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: clock, message: { mid, text } },
        ],
      },
    ],
  });
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`http://127.0.0.1:${webPort}/webhooks/messenger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, APP_SECRET) },
        body: raw,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.status === 200) {
        seen.ok++;
        return;
      }
      if (res.status === 503) seen.unavailable++;
      else seen.otherStatus++;
    } catch {
      seen.refused++;
    }
    await sleep(Math.min(100 * 2 ** attempt, 1_000));
  }
}

const psidOf = (u: number) => `psid-${String(u).padStart(3, '0')}`;

async function sendLoad(): Promise<void> {
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      await sleep(Math.random() * (SEND_SPREAD_MS / PER_USER));
      for (let i = 0; i < PER_USER; i++) {
        await deliver(psidOf(u), `m_${u}_${i}`, `u${u}#${i}`);
        await sleep((SEND_SPREAD_MS / PER_USER) * (0.5 + Math.random()));
      }
    }),
  );
}

/** Holds Graph for a moment so no reply is between Graph's 200 and its `sent` mark, then `act`. */
async function withGraphHeld(act: () => Promise<void>): Promise<void> {
  graph.pause();
  await sleep(600);
  try {
    await act();
  } finally {
    graph.resume();
  }
}

it('answers 2,000 messages from 200 users exactly once, in order, through a SIGKILLed worker, a Redis restart and a rolling restart', async () => {
  const started = Date.now();
  const events: string[] = [];
  const chaos = (async () => {
    await sleep(3_000);
    // 1. kill -9 a worker mid-run, then start it again.
    await withGraphHeld(async () => {
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.child.exited;
      await sleep(300); // Graph notices the dead process's connections closing
    });
    events.push(`worker-0 SIGKILL at ${Date.now() - started} ms`);
    await startWorker(0);
    await sleep(1_500);
    // 2. Redis down for 1.5 s under load, then back (AOF): the webhook answers 503 meanwhile.
    const unavailableBefore = seen.unavailable;
    await withGraphHeld(async () => {
      redisProc.kill('SIGKILL');
      await redisProc.exited;
      await sleep(1_500);
      redisProc = startRedis(rig, redisPort, dir);
      await waitForRedis(redisPort);
    });
    events.push(
      `redis restarted at ${Date.now() - started} ms (${seen.unavailable - unavailableBefore} × 503)`,
    );
    await sleep(1_500);
    // 3. Rolling restart: SIGTERM drains in-flight turns and exits cleanly.
    workers[1]!.child.kill('SIGTERM');
    const code = await workers[1]!.child.exited;
    events.push(`worker-1 SIGTERM exited ${code} at ${Date.now() - started} ms`);
    expect(code).toBe(0);
    await startWorker(1);
    await sleep(1_000);
    // 4. Rolling restart of the web process: what it did not acknowledge, the sender redelivers.
    web.kill('SIGTERM');
    const webCode = await web.exited;
    events.push(`web SIGTERM exited ${webCode} at ${Date.now() - started} ms`);
    expect(webCode).toBe(0);
    web = startTeller(rig, 'web', 'web', webPort, env);
    await waitHealthy(web, webPort);
    events.push(`web back at ${Date.now() - started} ms`);
    return seen.unavailable - unavailableBefore;
  })();
  const [, unavailableWhileDown] = await Promise.all([sendLoad(), chaos]);
  const sentAt = Date.now() - started;

  // Every message answered: two replies each.
  const expected = USERS * PER_USER * 2;
  const deadline = Date.now() + 45_000;
  while (graph.accepted.length < expected && Date.now() < deadline) await sleep(100);
  await sleep(1_000); // anything extra (a duplicate) would arrive now
  const elapsed = Date.now() - started;

  const byUser = new Map<string, string[]>();
  for (const a of graph.accepted) byUser.set(a.psid, [...(byUser.get(a.psid) ?? []), a.text]);
  let duplicates = 0;
  const dupAt: string[] = [];
  let lost = 0;
  let orderViolations = 0;
  for (let u = 0; u < USERS; u++) {
    const got = byUser.get(psidOf(u)) ?? [];
    const want = Array.from({ length: PER_USER }, (_, i) => [`echo u${u}#${i}`, `done u${u}#${i}`]).flat();
    const counts = new Map<string, number>();
    for (const t of got) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const t of want) {
      const n = counts.get(t) ?? 0;
      if (n === 0) lost++;
      if (n > 1) {
        duplicates += n - 1;
        dupAt.push(
          `${t}@${graph.accepted
            .filter((a) => a.text === t)
            .map((a) => a.at - started)
            .join('/')}`,
        );
      }
    }
    const firsts = got.filter((t, i) => got.indexOf(t) === i);
    if (firsts.join('|') !== want.filter((t) => counts.has(t)).join('|')) orderViolations++;
  }

  // Nothing left behind in Redis: no lock, no stream entry, no pending entry, no order list.
  const redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 2 });
  try {
    // No lock stays stuck: any lock still held now must go within its TTL (5 s).
    const lockDeadline = Date.now() + 6_000;
    while ((await redis.keys('mutex:*')).length > 0 && Date.now() < lockDeadline) await sleep(100);
    const locks = await redis.keys('mutex:*');
    const orderLists = await redis.keys('{teller:messenger:inbox}:order:*');
    const streamLength = await redis.xlen('teller:messenger:inbox');
    const pending = ((await redis.xpending('teller:messenger:inbox', 'teller-messenger')) as [number])[0];
    const deadLetters = await redis.exists('{teller:messenger:inbox}:dead');
    const summary = {
      messages: USERS * PER_USER,
      users: USERS,
      workers: 3,
      replies: graph.accepted.length,
      duplicates,
      dupAt: dupAt.slice(0, 12),
      lost,
      orderViolations,
      webhook: seen,
      unavailableFromRedisRestartOn: unavailableWhileDown,
      droppedInFlightAtKill: graph.dropped,
      events,
      sendingMs: sentAt,
      answeredMs: elapsed,
      locks: locks.length,
      orderLists: orderLists.length,
      streamLength,
      pending,
      deadLetters,
    };
    console.log(`crash-safety summary ${JSON.stringify(summary)}`);
    expect({ duplicates, lost, orderViolations }).toEqual({ duplicates: 0, lost: 0, orderViolations: 0 });
    expect(graph.accepted).toHaveLength(expected);
    expect(unavailableWhileDown).toBeGreaterThan(0);
    expect(seen.otherStatus).toBe(0);
    expect({
      locks: locks.length,
      orderLists: orderLists.length,
      streamLength,
      pending,
      deadLetters,
    }).toEqual({
      locks: 0,
      orderLists: 0,
      streamLength: 0,
      pending: 0,
      deadLetters: 0,
    });
  } catch (err) {
    for (const c of rig.children)
      if (c.output.trim()) console.log(`--- ${c.name}\n${c.output.slice(-3_000)}`);
    throw err;
  } finally {
    redis.disconnect();
  }
});
