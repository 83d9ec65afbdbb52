import type { Registry } from 'prom-client';
import { handoffMetrics, type HandoffMetrics } from './handoff';
import { createRegistry, type RegistryOptions } from './registry';
import { turnMetrics, type TurnMetrics } from './turns';

/**
 * A bot's metrics: one registry, and one small group of instruments per area. A new area adds a
 * file beside `handoff.ts` that registers its instruments on `registry`, and a field here.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly handoff: HandoffMetrics;
  readonly turns: TurnMetrics;
}

export function createMetrics(o: RegistryOptions): Metrics {
  const registry = createRegistry(o);
  return { registry, handoff: handoffMetrics(registry), turns: turnMetrics(registry) };
}

export { createRegistry, type RegistryOptions } from './registry';
export { handoffMetrics, type HandoffMetrics } from './handoff';
export { metricsHandler } from './http';
export { turnMetrics, type TurnMetrics, type TurnStage } from './turns';
