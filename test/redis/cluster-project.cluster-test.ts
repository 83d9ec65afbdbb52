import { Cluster } from 'ioredis';
import { userTag } from '../../src/redis/connect';
import { testRedis } from '../support/redis';

/** Runs only in the `cluster` jest project: proves the suites there really talk to a Cluster. */
describe('the cluster project', () => {
  const redis = testRedis();
  afterAll(() => redis.quit());

  it('hands suites a client of a 3-master Redis Cluster', async () => {
    expect(redis).toBeInstanceOf(Cluster);
    expect((redis as unknown as Cluster).nodes('master')).toHaveLength(3);
  });

  it("keeps one user's keys in one slot, and spreads users over the masters", async () => {
    const cluster = redis as unknown as Cluster;
    const slot = async (key: string) => Number(await cluster.call('CLUSTER', 'KEYSLOT', key));
    const tag = userTag('messenger:1234567890');
    expect(await slot(`teller:demo:session:${tag}`)).toBe(await slot(`teller:demo:lock:${tag}`));
    const slots = await Promise.all(Array.from({ length: 20 }, (_, i) => slot(userTag(`messenger:${i}`))));
    expect(new Set(slots.map((s) => Math.floor(s / 5462))).size).toBe(3);
  });
});
