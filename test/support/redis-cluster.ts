import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hasRedisServer, INSTALL_HINT, redisServerArgs } from './redis-server';

export interface LocalRedisGroup {
  ports: number[];
  close(): Promise<void>;
}

function startServer(port: number, extra: string[], dir: string): ChildProcess {
  return spawn('redis-server', redisServerArgs(port, [...extra, '--dir', dir]), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function cli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopAll(procs: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGKILL');
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A real local Redis Cluster: `masters` cluster-enabled redis-servers on free ports, joined with
 * `redis-cli --cluster create` (no replicas), ready when every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(masters = 3): Promise<LocalRedisGroup> {
  if (!hasRedisServer()) throw new Error(INSTALL_HINT);
  const dir = mkdtempSync(join(tmpdir(), 'teller-cluster-'));
  const ports: number[] = [];
  const procs: ChildProcess[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      ports.push(port);
      procs.push(
        startServer(
          port,
          [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            '2000',
          ],
          dir,
        ),
      );
    }
    for (const port of ports) await waitFor(() => cli(port, 'ping') === 'PONG', `redis-server on ${port}`);
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${create.stderr || create.stdout}`);
    for (const port of ports)
      await waitFor(
        () => cli(port, 'cluster', 'info').includes('cluster_state:ok'),
        `cluster state ok on ${port}`,
      );
  } catch (err) {
    await stopAll(procs, dir);
    throw err;
  }
  return { ports, close: () => stopAll(procs, dir) };
}

/**
 * A real Sentinel deployment: one master and one sentinel (`redis-server <conf> --sentinel`) watching
 * it under `masterName`. Returns the sentinel's port in `ports[0]`, the master's in `ports[1]`.
 */
export async function startRedisSentinel(masterName = 'teller'): Promise<LocalRedisGroup> {
  if (!hasRedisServer()) throw new Error(INSTALL_HINT);
  const dir = mkdtempSync(join(tmpdir(), 'teller-sentinel-'));
  const masterPort = await freePort();
  const sentinelPort = await freePort();
  const procs: ChildProcess[] = [];
  try {
    procs.push(startServer(masterPort, [], dir));
    await waitFor(() => cli(masterPort, 'ping') === 'PONG', 'the sentinel master');
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${masterName} 2000`,
        '',
      ].join('\n'),
    );
    procs.push(spawn('redis-server', [conf, '--sentinel'], { stdio: ['ignore', 'ignore', 'pipe'] }));
    await waitFor(
      () => cli(sentinelPort, 'sentinel', 'get-master-addr-by-name', masterName).includes(String(masterPort)),
      'the sentinel to know its master',
    );
  } catch (err) {
    await stopAll(procs, dir);
    throw err;
  }
  return { ports: [sentinelPort, masterPort], close: () => stopAll(procs, dir) };
}
