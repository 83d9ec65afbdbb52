/**
 * `npm run bench -- --workers N`: end-to-end throughput with the process model of issue 8 — one
 * `teller web` process taking the signed webhooks and N `teller worker` processes running the turns,
 * sharing nothing but a throwaway redis-server (the Redis Streams inbox). The bot is the demo bank
 * (embedded NLU, sandbox bank, sealed sessions, audit in Redis) with rate limits off
 * (bench/bots/demo-bank). The load is the e2e bench's own: the same closed-loop client and fake
 * Graph API (bench/e2e.ts). Runs 1 worker, then N, in one invocation; fresh users link and warm up
 * in each phase. CPU per process comes from /proc/<pid>/stat (Linux; null elsewhere).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Child, ROOT, Rig } from '../test/scale/process-rig';
import { freePort, startRedisServer } from '../test/support/redis-server';
import { closedLoop, linkAndCalibrate, pct } from './e2e';
import { VirtualUser, WebhookClient } from './e2e-client';
import { FakeGraph } from './fake-graph';

export interface WorkersOptions {
  /** Worker counts to measure, in order (`--workers 2` measures [1, 2]). */
  counts: number[];
  users: number;
  turnsPerUser: number;
  warmupSeconds: number;
  maxSeconds: number;
}

/** CPU used during the measured phase, in % of one core (100 = one core busy the whole time). */
export interface CpuShare {
  web: number | null;
  workers: (number | null)[];
  redis: number | null;
  /** This process: the load generator and the fake Graph API. */
  bench: number;
}

export interface WorkersPhase {
  workers: number;
  virtual_users: number;
  turns: number;
  turns_per_s: number;
  p50_turn_ms: number;
  p99_turn_ms: number;
  p99_ack_ms: number;
  errors: number;
  unexpected_messages: number;
  cpu_percent: CpuShare;
  /** CPU of the web and all worker processes together, per measured turn. */
  teller_cpu_ms_per_turn: number | null;
  load_average_at_end: number[];
}

export interface WorkersResult {
  phases: WorkersPhase[];
  /** turns/s of the last phase over the 1-worker phase. */
  speedup: number;
}

const APP_SECRET = randomBytes(16).toString('hex');
const TICK_MS = 1000 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100);
const load = () => loadavg().map((l) => +l.toFixed(2));

/** CPU time (user + system, ms) of a process so far, from /proc; undefined when unreadable. */
function procCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is 14th overall.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** `teller <role> --bot demo-bank --port <port>` with bench/bots as TELLER_BOTS_DIR. */
function startRole(rig: Rig, role: 'web' | 'worker', name: string, port: number, env: NodeJS.ProcessEnv) {
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'teller.js'), role, '--bot', 'demo-bank', '--port', String(port)],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return rig.track(new Child(name, proc));
}

async function waitHealthy(child: Child, port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child.running) throw new Error(`${child.name} exited during start-up:\n${child.output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not become healthy:\n${child.output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One measured phase against whatever web and worker processes are running now. */
async function phase(
  o: WorkersOptions,
  graph: FakeGraph,
  client: WebhookClient,
  pids: { web?: number; workers: (number | undefined)[]; redis?: number },
): Promise<WorkersPhase> {
  const users = Array.from({ length: o.users }, () => new VirtualUser(graph));
  try {
    const expected = await linkAndCalibrate(client, graph, users);
    const sentBefore = users.reduce((n, u) => n + u.received, 0);
    const snapshot = () => ({
      web: procCpuMs(pids.web),
      workers: pids.workers.map(procCpuMs),
      redis: procCpuMs(pids.redis),
      bench: ownCpuMs(),
    });
    let start = snapshot();
    const loop = await closedLoop({
      client,
      users,
      expected,
      turnsPerUser: o.turnsPerUser,
      warmupSeconds: o.warmupSeconds,
      maxSeconds: o.maxSeconds,
      onMeasuredStart: () => (start = snapshot()),
    });
    const end = snapshot();
    await new Promise((r) => setTimeout(r, 300)); // let stragglers arrive before counting them
    const received = users.reduce((n, u) => n + u.received, 0) - sentBefore;
    const wallMs = loop.elapsedS * 1000;
    const share = (a?: number, b?: number) =>
      a === undefined || b === undefined ? null : +((100 * (b - a)) / wallMs).toFixed(1);
    const tellerMs = [end.web, ...end.workers].reduce<number | undefined>((sum, v, i) => {
      const before = i === 0 ? start.web : start.workers[i - 1];
      return sum === undefined || v === undefined || before === undefined ? undefined : sum + v - before;
    }, 0);
    return {
      workers: pids.workers.length,
      virtual_users: o.users,
      turns: loop.turnMs.length,
      turns_per_s: Math.round(loop.turnMs.length / loop.elapsedS),
      p50_turn_ms: +pct(loop.turnMs, 50).toFixed(2),
      p99_turn_ms: +pct(loop.turnMs, 99).toFixed(2),
      p99_ack_ms: +pct(loop.ackMs, 99).toFixed(2),
      errors: loop.errors,
      unexpected_messages: received - loop.expectedTotal,
      cpu_percent: {
        web: share(start.web, end.web),
        workers: end.workers.map((v, i) => share(start.workers[i], v)),
        redis: share(start.redis, end.redis),
        bench: share(start.bench, end.bench)!,
      },
      teller_cpu_ms_per_turn:
        tellerMs === undefined ? null : +(tellerMs / Math.max(1, loop.turnMs.length)).toFixed(3),
      load_average_at_end: load(),
    };
  } finally {
    for (const u of users) u.close();
  }
}

/**
 * Starts a throwaway redis-server, the fake Graph API, one web and one worker process; measures;
 * adds workers up to each next count and measures again. Every child is killed on the way out,
 * on failure and on SIGINT/SIGTERM too.
 */
export async function runWorkers(o: WorkersOptions): Promise<WorkersResult> {
  const rig = new Rig();
  const killNow = () => {
    for (const c of rig.children) c.kill('SIGKILL');
  };
  const onSignal = () => process.exit(130); // runs the 'exit' handlers, killNow among them
  process.once('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const graph = new FakeGraph();
  let client: WebhookClient | undefined;
  try {
    await graph.start();
    const redis = await startRedisServer();
    rig.track(new Child('redis', redis.proc));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      REDIS_URL: redis.url,
      HOST: '127.0.0.1',
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: 'bench',
      MESSENGER_PAGE_ACCESS_TOKEN: 'EAAbench' + randomBytes(8).toString('hex'),
      MESSENGER_GRAPH_URL: `${graph.url}/v23.0`,
      // Measure the framework, not the page's Send API rate limit (250/s by default).
      MESSENGER_SEND_RATE: '1000000',
      TELLER_BOTS_DIR: join(__dirname, 'bots'),
      // Web and workers must share the key that seals sessions and tokens.
      TELLER_VAULT_KEYS: `v1:${randomBytes(32).toString('base64')}`,
      LOG_LEVEL: 'error',
    };
    delete env.PORT;
    delete env.PUBLIC_URL;
    const webPort = await freePort();
    const web = startRole(rig, 'web', 'web', webPort, env);
    const workers: Child[] = [];
    const addWorker = async () => {
      const port = await freePort();
      const child = startRole(rig, 'worker', `worker-${workers.length + 1}`, port, env);
      workers.push(child);
      await waitHealthy(child, port);
    };
    await Promise.all([waitHealthy(web, webPort), addWorker()]);
    client = new WebhookClient(webPort, APP_SECRET);
    const phases: WorkersPhase[] = [];
    try {
      for (const count of [...new Set(o.counts)].sort((a, b) => a - b)) {
        while (workers.length < count) await addWorker();
        phases.push(
          await phase(o, graph, client, {
            web: web.proc.pid,
            workers: workers.map((w) => w.proc.pid),
            redis: redis.proc.pid,
          }),
        );
      }
    } catch (err) {
      for (const c of rig.children)
        if (c.output.trim()) process.stderr.write(`--- ${c.name}\n${c.output.slice(-3_000)}\n`);
      throw err;
    }
    const first = phases[0]!;
    const last = phases[phases.length - 1]!;
    return { phases, speedup: +(last.turns_per_s / Math.max(1, first.turns_per_s)).toFixed(2) };
  } finally {
    client?.close();
    await rig.killAll();
    await graph.close();
    process.off('exit', killNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
