import { collectDefaultMetrics, Registry } from 'prom-client';

export interface RegistryOptions {
  /** The bot's name, attached to every series as `bot`. */
  bot: string;
  /** Also collect Node's process metrics (CPU, memory, event loop lag); default true. */
  processMetrics?: boolean;
}

/**
 * A Prometheus registry owned by one bot (never prom-client's global default), so two bots in one
 * process, or tests, never share or clash on series.
 */
export function createRegistry(o: RegistryOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ bot: o.bot });
  if (o.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'teller_' });
  return registry;
}
