import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm run bench -- --workers 2` end to end, tiny (2 users, 1 s measured): a throwaway Redis, one
 * `teller web` and 1 then 2 `teller worker` processes of the bench's demo bank, the closed-loop
 * client and the fake Graph API. Checks the JSON the bench prints and that no turn failed, so the
 * bench cannot rot. (Session memory is skipped with --e2e-only; bench/session-memory.ts has its own run.)
 */
jest.setTimeout(150_000);

const ROOT = join(__dirname, '..', '..');

function runBench(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), ...args],
      { cwd: ROOT, env, timeout: 140_000, maxBuffer: 10 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

it('measures web + 1 worker, then web + 2 workers, and prints turns/s, latencies and CPU per process', async () => {
  const out = await runBench(['--workers', '2', '--e2e-only'], {
    ...process.env,
    BENCH_USERS: '2',
    BENCH_SECONDS: '1',
    BENCH_WARMUP_SECONDS: '0.5',
  });
  const result = JSON.parse(out) as {
    cpus: number;
    load_average_at_start: number[];
    messenger_workers_e2e: { virtual_users: number; phases: Record<string, unknown>[]; speedup: number };
  };
  expect(result.load_average_at_start).toHaveLength(3);
  expect(result.messenger_workers_e2e.virtual_users).toBe(2);
  expect(result.messenger_workers_e2e.speedup).toBeGreaterThan(0);
  const phases = result.messenger_workers_e2e.phases;
  expect(phases.map((p) => p.workers)).toEqual([1, 2]);
  for (const p of phases) {
    expect(p).toEqual({
      workers: expect.any(Number),
      virtual_users: 2,
      turns: expect.any(Number),
      turns_per_s: expect.any(Number),
      p50_turn_ms: expect.any(Number),
      p99_turn_ms: expect.any(Number),
      p99_ack_ms: expect.any(Number),
      errors: 0,
      unexpected_messages: 0,
      cpu_percent: {
        web: expect.any(Number),
        workers: Array.from({ length: p.workers as number }, () => expect.any(Number)),
        redis: expect.any(Number),
        bench: expect.any(Number),
      },
      teller_cpu_ms_per_turn: expect.any(Number),
      load_average_at_end: [expect.any(Number), expect.any(Number), expect.any(Number)],
    });
    expect(p.turns).toBeGreaterThan(0);
    expect(p.p99_turn_ms).toBeGreaterThanOrEqual(p.p50_turn_ms as number);
  }
});
