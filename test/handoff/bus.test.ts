import type Redis from 'ioredis';
import { RedisConsoleBus, type ConsoleEvent } from '../../src/handoff/bus';
import { silentLogger } from '../../src/logging/logger';
import { testRedis, uniquePrefix } from '../support/redis';
import { testVault, waitFor } from './helpers';

let a: Redis;
let b: Redis;
let spy: Redis;
beforeAll(() => {
  [a, b, spy] = [testRedis(), testRedis(), testRedis()];
});
afterAll(async () => {
  await Promise.all([a.quit(), b.quit(), spy.quit()]);
});

describe('console bus over Redis pub/sub', () => {
  it('carries events between processes, sealed on the wire', async () => {
    const prefix = uniquePrefix('handoff-bus');
    const one = new RedisConsoleBus({ client: a, prefix, vault: testVault, logger: silentLogger() });
    const two = new RedisConsoleBus({ client: b, prefix, vault: testVault, logger: silentLogger() });
    const wire: string[] = [];
    await spy.subscribe(`${prefix}handoff:console`);
    spy.on('message', (_c: string, m: string) => wire.push(m));
    const got: ConsoleEvent[] = [];
    const off = two.subscribe((e) => got.push(e));
    await two.ready();
    const event: ConsoleEvent = {
      type: 'message',
      key: 'messenger:1',
      entry: { at: 1, from: 'customer', text: 'my secret question' },
    };
    await one.publish(event);
    await waitFor(() => got.length === 1 && wire.length === 1);
    expect(got[0]).toEqual(event);
    expect(wire[0]).toMatch(/^tv1/);
    expect(wire[0]).not.toMatch(/secret/);
    off();
    await one.close();
    await two.close();
  });
});
