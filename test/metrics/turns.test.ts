import type { Registry } from 'prom-client';
import { makeTestBot, type TestBot } from '../support/bot';

/** The value of one series, e.g. `teller_turns_total{outcome="ok"}` (labels given must match). */
async function value(registry: Registry, series: string): Promise<number> {
  const m = /^(\w+?)(_count|_sum)?(?:\{(.*)\})?$/.exec(series)!;
  const [, name, suffix = '', labelText = ''] = m;
  const wanted = Object.fromEntries(
    [...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!] as const),
  );
  const metric = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
  if (!metric) throw new Error(`no metric ${name}`);
  const values = metric.values as {
    value: number;
    labels: Record<string, string | number>;
    metricName?: string;
  }[];
  const hit = values.find(
    (v) =>
      (v.metricName ?? name) === name + suffix &&
      Object.entries(wanted).every(([k, val]) => String(v.labels[k]) === val),
  );
  if (!hit) throw new Error(`no series ${series}`);
  return hit.value;
}

describe('turn metrics', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await makeTestBot();
  });
  afterAll(() => t.close());

  it('counts turns, fallbacks and time per stage as a conversation happens', async () => {
    const registry = t.bot.metrics.registry;
    const u = t.user('metrics-user');
    await t.linkUser(u);
    const before = await value(registry, 'teller_turns_total{outcome="ok"}');
    await u.say('hi');
    await u.say("what's my balance");
    await u.say('purple elephants dancing on the moon');
    // Three turns handled, each understood by the NLU once…
    expect((await value(registry, 'teller_turns_total{outcome="ok"}')) - before).toBe(3);
    expect(await value(registry, 'teller_stage_duration_seconds_count{stage="nlu"}')).toBeGreaterThanOrEqual(
      3,
    );
    // …the balance question called the bank…
    expect(
      await value(registry, 'teller_stage_duration_seconds_count{stage="connector"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(await value(registry, 'teller_intents_total{intent="balance",fallback="false"}')).toBe(1);
    // …and nonsense counts towards the fallback rate.
    expect(await value(registry, 'teller_intents_total{intent="fallback",fallback="true"}')).toBe(1);
    expect(await value(registry, 'teller_turn_duration_seconds_count')).toBeGreaterThanOrEqual(3);
  });

  it('counts a turn that failed as an error, and the customer still hears back', async () => {
    // A bank's own middleware that breaks on one message: the error boundary answers calmly.
    const broken = await makeTestBot({
      middleware: [
        async (ctx, next) => {
          if (ctx.turn.text === 'break please') throw new Error('a bug in a bank-written middleware');
          await next();
        },
      ],
    });
    try {
      const registry = broken.bot.metrics.registry;
      const u = broken.user('metrics-broken');
      const replies = await u.say('break please');
      expect(replies).toHaveLength(1);
      expect(await value(registry, 'teller_turns_total{outcome="error"}')).toBe(1);
      expect(await value(registry, 'teller_turns_total{outcome="ok"}')).toBe(0);
      await u.say('hi');
      expect(await value(registry, 'teller_turns_total{outcome="ok"}')).toBe(1);
    } finally {
      await broken.close();
    }
  });
});
