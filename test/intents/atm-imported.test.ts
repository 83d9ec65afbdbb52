import { Redis } from 'ioredis';
import { RedisGeoAtmDirectory } from '../../src/connectors/atm';
import { replyToPlainText } from '../../src/engine/reply';
import { makeTestBot, type TestBot } from '../support/bot';
import { testRedisUrl } from '../support/redis';

/**
 * A bank that imported its ATMs (`npx teller atm import`) gets them in "nearest ATM" answers with no
 * code change: a bot on Redis searches the imported directory first. Own database: the import
 * lives under the page-wide `teller:` prefix.
 */
describe('imported ATMs', () => {
  let redis: Redis;
  let t: TestBot;
  beforeAll(async () => {
    redis = new Redis(`${testRedisUrl()}/11`);
    await redis.flushdb();
    t = await makeTestBot({ redis, redisPrefix: 'teller:demo-bank:' });
  });
  afterAll(async () => {
    await t.close();
    await redis.flushdb();
    await redis.quit();
  });

  it('answers from the sandbox list until an import, then from the imported ATMs', async () => {
    const here = { lat: 51.5308, lon: -0.1238 };
    const before = (await t.user('atm-before').say('nearest atm')).concat(
      await t.user('atm-before').shareLocation(here),
    );
    expect(before.map(replyToPlainText).join('\n')).not.toMatch(/Granary Square Community ATM/);

    await new RedisGeoAtmDirectory(redis).upsert([
      {
        id: 'osm-node-1',
        name: 'Granary Square Community ATM',
        operator: 'Community Bank',
        lat: 51.5349,
        lon: -0.1253,
        address: '1 Granary Square',
        city: 'London',
        openingHours: '24/7',
        fee: null,
      },
    ]);
    const u = t.user('atm-after');
    await u.say('nearest atm');
    const after = (await u.shareLocation(here)).map(replyToPlainText).join('\n');
    expect(after).toMatch(/Granary Square Community ATM/);
  });
});
