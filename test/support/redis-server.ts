import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Tests run against a real Redis: `REDIS_URL` if set, else a throwaway `redis-server` from PATH on
 * a free port. Nothing is mocked.
 */
export const INSTALL_HINT =
  'Teller tests need a real Redis. Either set REDIS_URL=redis://host:port, or install redis-server: ' +
  'sudo apt-get install -y redis-server   (macOS: brew install redis)';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Arguments for a loopback redis-server that keeps nothing on disk; `extra` overrides or adds
 * settings (later arguments win), e.g. `--appendonly yes` or `--cluster-enabled yes`.
 */
export function redisServerArgs(port: number, extra: string[] = []): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--loglevel',
    'warning',
    ...extra,
  ];
}

export async function startRedisServer(): Promise<{ url: string; proc: ChildProcess }> {
  if (!hasRedisServer()) throw new Error(INSTALL_HINT);
  const port = await freePort();
  const proc = spawn('redis-server', redisServerArgs(port), {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: false,
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout?.trim() === 'PONG') break;
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, proc };
}
