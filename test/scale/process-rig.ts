import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { redisServerArgs } from '../support/redis-server';

export const ROOT = resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A child process with its output kept (the last 20 KB) to print when a test fails. */
export class Child {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-20_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    this.exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.proc.kill(signal);
  }
}

/** Everything the rig started; `killAll` is safe to call at any point, even after a failure. */
export class Rig {
  readonly children: Child[] = [];

  track(child: Child): Child {
    this.children.push(child);
    return child;
  }

  async killAll(): Promise<void> {
    await Promise.all(
      this.children.map(async (c) => {
        c.kill('SIGKILL');
        await c.exited;
      }),
    );
  }
}

/** A redis-server that keeps every acknowledged write (AOF, fsync always), restartable on its port. */
export function startRedis(rig: Rig, port: number, dir: string): Child {
  const proc = spawn(
    'redis-server',
    redisServerArgs(port, ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return rig.track(new Child(`redis:${port}`, proc));
}

export async function waitForRedis(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() !== 'PONG'
  ) {
    if (Date.now() > deadline) throw new Error(`redis on ${port} did not answer`);
    await sleep(50);
  }
}

/** `teller <role> --bot <bot> --port <port>`, as an operator runs it (bin/teller.js). */
export function startTeller(
  rig: Rig,
  role: 'web' | 'worker',
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
): Child {
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'teller.js'), role, '--bot', 'echo', '--port', String(port)],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return rig.track(new Child(name, proc));
}

/** Waits until GET /healthz answers 200 (or the child exits). */
export async function waitHealthy(child: Child, port: number, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child.running) throw new Error(`${child.name} exited during start-up:\n${child.output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not become healthy:\n${child.output}`);
    await sleep(100);
  }
}
