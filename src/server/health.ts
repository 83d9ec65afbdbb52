import type { Request, Response } from 'express';
import type { RedisClient } from '../redis/connect';

export interface HealthReport {
  status: 'ok';
  bot: string;
  storage: 'memory' | 'redis';
  redis: 'up' | 'down' | 'not-configured';
}

/** GET /healthz: always 200 while the process serves, saying which storage is used and if Redis answers. */
export function healthHandler(bot: string, storage: 'memory' | 'redis', redis?: RedisClient) {
  return async (_req: Request, res: Response) => {
    let state: HealthReport['redis'] = 'not-configured';
    if (redis) {
      state = await Promise.race([
        redis.ping().then(
          (r) => (r === 'PONG' ? ('up' as const) : ('down' as const)),
          () => 'down' as const,
        ),
        new Promise<'down'>((r) => setTimeout(() => r('down'), 500).unref()),
      ]);
    }
    const report: HealthReport = { status: 'ok', bot, storage, redis: state };
    res.set('Cache-Control', 'no-store').json(report);
  };
}
