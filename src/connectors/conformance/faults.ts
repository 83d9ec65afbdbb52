import type { NextFunction, Request, Response } from 'express';

/**
 * Trouble a test bank server can be told to make: the next N requests fail with a status, or
 * answer late. Local servers (Open Banking, Plaid) mount `faults.middleware` first; the
 * conformance kit drives it through a harness's `faults`.
 */
export class FaultInjector {
  private failures: { status: number; left: number } | undefined;
  private delays: { ms: number; left: number } | undefined;
  /** Requests seen, for tests that count retries. */
  requests = 0;

  failNext(status: number, count = 1): void {
    this.failures = { status, left: count };
  }

  delayNext(ms: number, count = 1): void {
    this.delays = { ms, left: count };
  }

  reset(): void {
    this.failures = undefined;
    this.delays = undefined;
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    this.requests += 1;
    const delay = this.take('delays');
    const fail = this.take('failures');
    const go = () => {
      if (res.headersSent || req.socket.destroyed) return;
      if (fail !== undefined) {
        res.status(fail).json({ Code: String(fail), Message: 'Injected failure', Errors: [] });
        return;
      }
      next();
    };
    if (delay !== undefined) {
      const timer = setTimeout(go, delay);
      res.on('close', () => clearTimeout(timer));
    } else go();
  };

  private take(kind: 'failures' | 'delays'): number | undefined {
    const f = this[kind];
    if (!f || f.left <= 0) return undefined;
    f.left -= 1;
    return 'status' in f ? f.status : f.ms;
  }
}
