import { errorCode } from '../../engine/errors';

/** A check that cannot run with what the module offers (reported as skipped, not passed). */
export class Skip extends Error {}

export class CheckFailed extends Error {}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

/** Awaits a promise that must reject with `code`. */
export async function rejectsWith(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  let err: unknown;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  expect(err !== undefined, `${what}: expected ${code}, but the call succeeded`);
  const got = errorCode(err);
  expect(
    got === code,
    `${what}: expected ${code}, got ${got === 'TELLER_ERR_INTERNAL' ? describe(err) : got}`,
  );
}

function describe(err: unknown): string {
  const e = err as { name?: string; code?: unknown } | null;
  return `${e?.name ?? typeof err}${e?.code !== undefined ? ` (code ${String(e.code)})` : ''} without a Teller code`;
}
