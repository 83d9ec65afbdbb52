import fc from 'fast-check';
import { TokenBucket } from '../../../src/channels/messenger/rate-limit';
import {
  backoffDelay,
  classifyFailure,
  DEFAULT_RETRY,
  parseRetryAfter,
} from '../../../src/channels/messenger/retry';

describe('retry policy', () => {
  it('retries throttling, 5xx and network errors; never policy or permission errors', () => {
    for (const code of [4, 17, 32, 613, 80006]) expect(classifyFailure(400, code)).toBe('throttled');
    expect(classifyFailure(429, undefined)).toBe('throttled');
    expect(classifyFailure(undefined, undefined)).toBe('transient');
    expect(classifyFailure(500, undefined)).toBe('transient');
    expect(classifyFailure(503, 2)).toBe('transient');
    expect(classifyFailure(400, 1200)).toBe('transient');
    for (const code of [10, 100, 190, 200, 230, 551, 2018278])
      expect(classifyFailure(400, code)).toBe('rejected');
    expect(classifyFailure(500, 10)).toBe('rejected');
    expect(classifyFailure(404, undefined)).toBe('rejected');
  });

  it('backs off exponentially with jitter, capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const d = backoffDelay(n, DEFAULT_RETRY, () => r);
          const exp = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (n - 1));
          return d >= Math.floor(exp / 2) && d <= exp;
        },
      ),
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-03-18T12:00:00Z');
    expect(parseRetryAfter('Wed, 18 Mar 2026 12:00:05 GMT', now)).toBe(5000);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then paces calls at the rate, first come first served', async () => {
    const bucket = new TokenBucket(50, 2);
    const t0 = performance.now();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 7 }, (_, i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90); // 5 paced at 20 ms
  });
});
