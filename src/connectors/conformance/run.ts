import { CheckFailed, Skip } from './assert';
import { suiteContext } from './context';
import { dataChecks } from './data-checks';
import { errorChecks } from './error-checks';
import type { CheckResult, ConformanceReport, ConnectorModule } from './types';

export const CHECKS = [...dataChecks, ...errorChecks];

export interface RunOptions {
  /** Called as each check finishes (the CLI prints progress). */
  onResult?: (result: CheckResult) => void;
  /** Per check. Default 60 s. */
  checkTimeoutMs?: number;
}

/**
 * Runs the conformance suite against one connector module: money normalisation, date-range edges,
 * pagination, filters, error codes, resilience and revoke. Needs no test runner.
 */
export async function runConformance(
  module: ConnectorModule,
  options: RunOptions = {},
): Promise<ConformanceReport> {
  const harness = await module();
  const results: CheckResult[] = [];
  const record = (r: CheckResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  try {
    let ctx;
    const started = Date.now();
    try {
      ctx = await suiteContext(harness);
    } catch (err) {
      record({
        name: 'link: a test customer can be linked and read',
        status: 'fail',
        detail: describe(err),
        ms: Date.now() - started,
      });
      return { connector: harness.connector.id, results, passed: false };
    }
    record({
      name: 'link: a test customer can be linked and read',
      status: 'pass',
      ms: Date.now() - started,
    });
    for (const check of CHECKS) {
      const t0 = Date.now();
      try {
        await withTimeout(check.run(ctx), options.checkTimeoutMs ?? 60_000);
        record({ name: check.name, status: 'pass', ms: Date.now() - t0 });
      } catch (err) {
        const status = err instanceof Skip ? 'skip' : 'fail';
        record({ name: check.name, status, detail: describe(err), ms: Date.now() - t0 });
      } finally {
        harness.faults?.reset?.();
      }
    }
  } finally {
    await harness.teardown?.();
  }
  return { connector: harness.connector.id, results, passed: results.every((r) => r.status !== 'fail') };
}

function describe(err: unknown): string {
  if (err instanceof CheckFailed || err instanceof Skip) return err.message;
  const e = err as { name?: string; code?: string; message?: string } | null;
  return `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckFailed(`did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
