import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics` in Prometheus text format. With a token (TELLER_METRICS_TOKEN), scrapers must send
 * `Authorization: Bearer <token>`; without one, keep the route on a private network.
 */
export function metricsHandler(registry: Registry, token?: string): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (req, res) => {
    if (expected) {
      const got = Buffer.from(req.get('authorization') ?? '');
      if (got.length !== expected.length || !timingSafeEqual(got, expected))
        return void res.status(401).set('WWW-Authenticate', 'Bearer').end();
    }
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store');
    res.send(await registry.metrics());
  };
}
