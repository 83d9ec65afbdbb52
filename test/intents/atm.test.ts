import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { isOpenAt } from '../../src/connectors/atm/hours';
import type { SessionData } from '../../src/engine/session-data';
import { RedisStorage } from '../../src/session/redis';
import { parseVaultKeys, SealedStorage, TokenVault, VAULT_KEYS_SETTING } from '../../src/vault';
import { dumpRedis } from '../privacy/support';
import { testRedis, uniquePrefix } from '../support/redis';
import type { Card, Reply } from '../../src/engine/reply';
import { makeTestBot, type TestBot } from '../support/bot';
import { plain } from './helpers';

let t: TestBot;
beforeAll(async () => {
  t = await makeTestBot();
});
afterAll(() => t.close());

function cardsOf(replies: Reply[]): Card[] {
  return replies.flatMap((r) => (r.type === 'cards' ? r.cards : []));
}

/** "350 m" / "1.2 km" back to metres, to check the order a customer sees. */
function metres(card: Card): number {
  const m = /^([\d.]+) (m|km) · /.exec(card.subtitle ?? '');
  if (!m) throw new Error(`No distance in ${card.subtitle}`);
  return Number(m[1]) * (m[2] === 'km' ? 1000 : 1);
}

async function expectedTitles(
  lat: number,
  lon: number,
  filters: { feeFree?: boolean; deposits?: boolean; wheelchair?: boolean } = {},
) {
  const results = await t.bank.atms.search({ lat, lon, limit: 5, ...filters });
  return results.map(({ atm }) =>
    atm.name.toLowerCase().startsWith(atm.operator.toLowerCase()) ? atm.name : `${atm.operator} ${atm.name}`,
  );
}

describe('atm.nearest', () => {
  it('finds ATMs near a named place, nearest first, without linking', async () => {
    const u = t.user('atm-place');
    const replies = await u.say("atm near King's Cross");
    const place = t.bank.gazetteer.lookup("King's Cross")!;
    expect(plain(replies)).toMatch(/^The nearest ATMs to King's Cross/);
    const cards = cardsOf(replies);
    expect(cards.map((c) => c.title)).toEqual(await expectedTitles(place.lat, place.lon));
    const d = cards.map(metres);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    for (const c of cards) {
      expect(c.subtitle).toMatch(/^[\d.]+ k?m · .+\n.+\n(Free|£\d+\.\d\d fee|Fee unknown)/);
    }
    expect(plain(replies)).not.toMatch(/Link account/);
  });

  it('finds ATMs by postcode', async () => {
    const u = t.user('atm-postcode');
    const replies = await u.say('cash machine near SW1A 1AA');
    const place = t.bank.gazetteer.lookup('SW1A 1AA')!;
    expect(cardsOf(replies).map((c) => c.title)).toEqual(await expectedTitles(place.lat, place.lon));
  });

  it('asks where, then uses a shared location', async () => {
    const u = t.user('atm-location');
    const ask = await u.say('where is the nearest atm');
    expect(plain(ask)).toContain('Where are you? Share your location, or type a postcode or place');
    const here = { lat: 51.5308, lon: -0.1238 };
    const replies = await u.shareLocation(here);
    expect(plain(replies)).toMatch(/^The nearest ATMs to you/);
    expect(cardsOf(replies).map((c) => c.title)).toEqual(await expectedTitles(here.lat, here.lon));
  });

  it('answers a location shared out of the blue', async () => {
    const u = t.user('atm-location-direct');
    const here = { lat: 53.4774, lon: -2.2309 };
    const replies = await u.shareLocation(here);
    expect(cardsOf(replies).map((c) => c.title)).toEqual(await expectedTitles(here.lat, here.lon));
  });

  it('applies fee-free and deposit filters from the text', async () => {
    const u = t.user('atm-filters');
    const replies = await u.say("fee-free atm that takes deposits near King's Cross");
    const place = t.bank.gazetteer.lookup("King's Cross")!;
    expect(plain(replies)).toMatch(/fee-free ATMs that take deposits/);
    const cards = cardsOf(replies);
    expect(cards.map((c) => c.title)).toEqual(
      await expectedTitles(place.lat, place.lon, { feeFree: true, deposits: true }),
    );
    for (const c of cards) expect(c.subtitle).toMatch(/Free · Takes deposits/);
  });

  it('honours a filter typed with the answer to "Where are you?"', async () => {
    const u = t.user('atm-filter-answer');
    await u.say('find an atm');
    const replies = await u.say("King's Cross, fee-free please");
    const place = t.bank.gazetteer.lookup("King's Cross")!;
    expect(plain(replies)).toMatch(/^The nearest fee-free ATMs to King's Cross/);
    expect(cardsOf(replies).map((c) => c.title)).toEqual(
      await expectedTitles(place.lat, place.lon, { feeFree: true }),
    );
  });

  it('says so when a place is unknown and asks again', async () => {
    const u = t.user('atm-unknown');
    const replies = await u.say('atm near Narnia');
    expect(plain(replies)).toMatch(/couldn't find "Narnia".*Where are you\?/s);
    expect(cardsOf(replies)).toHaveLength(0);
    const retry = await u.say('Oxford Circus');
    expect(cardsOf(retry).length).toBeGreaterThan(0);
  });
});

describe('atm.nearest: "open now"', () => {
  // Sunday 03:30 in London: shops and branches are shut, 24/7 machines are not.
  const NIGHT = new Date('2026-03-22T03:30:00Z');
  let night: TestBot;
  beforeAll(async () => {
    night = await makeTestBot({ now: NIGHT });
  });
  afterAll(() => night.close());

  const titles = async (lat: number, lon: number, openAt?: Date) =>
    (await night.bank.atms.search({ lat, lon, limit: 5, ...(openAt ? { openAt } : {}) })).map(({ atm }) =>
      atm.name.toLowerCase().startsWith(atm.operator.toLowerCase())
        ? atm.name
        : `${atm.operator} ${atm.name}`,
    );

  it('passes openAt: only ATMs open at this moment, by their opening hours', async () => {
    const u = night.user('atm-open-now');
    const replies = await u.say("atm open now near King's Cross");
    const place = night.bank.gazetteer.lookup("King's Cross")!;
    expect(plain(replies)).toMatch(/^The nearest ATMs open now to King's Cross/);
    const shown = cardsOf(replies).map((c) => c.title);
    expect(shown).toEqual(await titles(place.lat, place.lon, NIGHT));
    // The filter matters here: some of the nearest machines are closed at this hour.
    expect(shown).not.toEqual(await titles(place.lat, place.lon));
  });

  it('keeps "open right now" while asking where, and without it shows closed ones too', async () => {
    const u = night.user('atm-open-later');
    const ask = await u.say('is there a cash machine open right now');
    expect(plain(ask)).toContain('Where are you?');
    const replies = await u.say('Oxford Circus');
    const place = night.bank.gazetteer.lookup('Oxford Circus')!;
    expect(plain(replies)).toMatch(/ATMs open now to Oxford Circus/);
    expect(cardsOf(replies).map((c) => c.title)).toEqual(await titles(place.lat, place.lon, NIGHT));
    const plainAsk = await night.user('atm-any').say('atm near Oxford Circus');
    expect(plain(plainAsk)).not.toMatch(/open now/);
  });

  it("reads each ATM's hours in its own zone (New York at 23:30 local)", async () => {
    const replies = await night.user('atm-ny').say('atm open now near times square');
    const place = night.bank.gazetteer.lookup('times square')!;
    const found = await night.bank.atms.search({ lat: place.lat, lon: place.lon, limit: 5, openAt: NIGHT });
    expect(cardsOf(replies)).toHaveLength(found.length);
    for (const { atm } of found) {
      expect(atm.timezone).toBe('America/New_York');
      expect(isOpenAt(atm.openingHours ?? '24/7', NIGHT, 'America/New_York')).not.toBe(false);
    }
  });
});

describe("atm.nearest: filters from the customer's words", () => {
  const KINGS_CROSS = { lat: 51.5308, lon: -0.1238 };

  /** Asks with no place, answers with a shared location, returns what the bot said both times. */
  async function askThenShare(id: string, question: string) {
    const u = t.user(id);
    const ask = await u.say(question);
    const replies = await u.shareLocation(KINGS_CROSS);
    return { ask: plain(ask), replies };
  }

  it('"fee-free ATM": asks where, then shows only free machines', async () => {
    const { ask, replies } = await askThenShare('atm-words-free', 'fee-free ATM');
    expect(ask).toContain('Where are you?');
    expect(plain(replies)).toMatch(/^The nearest fee-free ATMs to you/);
    const cards = cardsOf(replies);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.map((c) => c.title)).toEqual(
      await expectedTitles(KINGS_CROSS.lat, KINGS_CROSS.lon, { feeFree: true }),
    );
    for (const c of cards) expect(c.subtitle).toMatch(/\nFree/);
  });

  it('"atm where I can deposit cash": only machines that take deposits', async () => {
    const { ask, replies } = await askThenShare('atm-words-deposit', 'atm where I can deposit cash');
    expect(ask).toContain('Where are you?');
    expect(plain(replies)).toMatch(/^The nearest ATMs that take deposits to you/);
    const cards = cardsOf(replies);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.map((c) => c.title)).toEqual(
      await expectedTitles(KINGS_CROSS.lat, KINGS_CROSS.lon, { deposits: true }),
    );
    for (const c of cards) expect(c.subtitle).toMatch(/Takes deposits/);
  });

  it('"wheelchair accessible cash machine": only step-free machines, and the filter matters here', async () => {
    const { ask, replies } = await askThenShare('atm-words-wheelchair', 'wheelchair accessible cash machine');
    expect(ask).toContain('Where are you?');
    expect(plain(replies)).toMatch(/^The nearest wheelchair-accessible ATMs to you/);
    const cards = cardsOf(replies);
    const want = await expectedTitles(KINGS_CROSS.lat, KINGS_CROSS.lon, { wheelchair: true });
    expect(cards.map((c) => c.title)).toEqual(want);
    expect(want).not.toEqual(await expectedTitles(KINGS_CROSS.lat, KINGS_CROSS.lon));
    for (const c of cards) expect(c.subtitle).toMatch(/Step-free/);
  });

  it('"step-free atm near King\'s Cross" is not mistaken for fee-free', async () => {
    const replies = await t.user('atm-words-step').say("step-free atm near King's Cross");
    const place = t.bank.gazetteer.lookup("King's Cross")!;
    expect(plain(replies)).toMatch(/^The nearest wheelchair-accessible ATMs to King's Cross/);
    expect(cardsOf(replies).map((c) => c.title)).toEqual(
      await expectedTitles(place.lat, place.lon, { wheelchair: true }),
    );
  });

  it('routes these phrasings to atm.nearest', async () => {
    for (const phrase of [
      'fee-free ATM',
      'atm where I can deposit cash',
      'wheelchair accessible cash machine',
      'accessible cashpoint near me',
      'where can I pay in cash',
    ]) {
      const parsed = await t.bot.nlu.parse(phrase, {
        timezone: 'Europe/London',
        now: new Date(),
        currency: 'GBP',
      });
      expect({ phrase, intent: parsed.intent }).toEqual({ phrase, intent: 'atm.nearest' });
    }
  });
});

describe("atm.nearest: the customer's location is never stored", () => {
  // Positions no sandbox ATM or gazetteer entry sits on, with plenty of digits to look for.
  const HOME = { lat: 51.531742, lon: -0.126389 };
  const WORK = { lat: 51.513287, lon: -0.136914 };
  const KEYS = `v1:${randomBytes(32).toString('base64')}`;
  let redis: Redis;
  let prefix: string;
  let bot: TestBot;
  let savedKeys: string | undefined;

  beforeAll(async () => {
    savedKeys = process.env[VAULT_KEYS_SETTING];
    // A known key, so the test can also open the sealed sessions and look inside.
    process.env[VAULT_KEYS_SETTING] = KEYS;
    redis = testRedis();
    prefix = uniquePrefix('atm-privacy');
    bot = await makeTestBot({ redis, redisPrefix: prefix });
  });
  afterAll(async () => {
    await bot.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    if (savedKeys === undefined) delete process.env[VAULT_KEYS_SETTING];
    else process.env[VAULT_KEYS_SETTING] = savedKeys;
  });

  /** A coordinate as it might be written: as given, rounded to 3–6 places, truncated, in micro-degrees. */
  function forms(value: number): string[] {
    const out = new Set([String(value)]);
    for (let d = 3; d <= 6; d++) {
      out.add(value.toFixed(d));
      out.add((Math.trunc(value * 10 ** d) / 10 ** d).toFixed(d));
    }
    out.add(String(Math.round(value * 1e6)));
    return [...out];
  }

  it('after a conversation with shared locations and a typed place, no key or value holds a coordinate', async () => {
    const place = bot.bank.gazetteer.lookup('Oxford Circus')!;
    const u = bot.user('atm-privacy');
    // Asked, then answered with a shared location (a pending question in between)…
    expect(plain(await u.say('wheelchair accessible cash machine'))).toContain('Where are you?');
    expect(cardsOf(await u.shareLocation(HOME)).length).toBeGreaterThan(0);
    // …a location shared out of the blue…
    expect(cardsOf(await u.shareLocation(WORK)).length).toBeGreaterThan(0);
    // …a typed place, an unknown one (asked again), then a location as the answer…
    expect(cardsOf(await u.say('fee-free atm near Oxford Circus')).length).toBeGreaterThan(0);
    expect(plain(await u.say('atm near Narnia that takes deposits'))).toMatch(/couldn't find/);
    expect(plain(await u.shareLocation(HOME))).toMatch(/ATMs that take deposits to you/);
    // …and a follow-up right after, which must not find a remembered position either.
    await u.say('and open now?');

    const needles = [HOME.lat, HOME.lon, WORK.lat, WORK.lon, place.lat, place.lon].flatMap(forms);
    const everything = await dumpRedis(redis, `${prefix}*`);
    expect(everything.size).toBeGreaterThan(0);
    const sessions = new SealedStorage<SessionData>(
      new RedisStorage<string>({ client: redis, prefix }),
      new TokenVault(parseVaultKeys(KEYS)),
      'session',
    );
    const opened: string[] = [];
    for (const key of everything.keys())
      if (key.startsWith(`${prefix}session:`)) {
        const session = await sessions.read(key.slice(prefix.length));
        opened.push(JSON.stringify(session));
      }
    // The scan reads what it should: the one session, opened, holding the filters still being asked about…
    expect(opened).toHaveLength(1);
    const session = JSON.parse(opened[0]!) as SessionData;
    expect(session.pending).toMatchObject({
      intent: 'atm.nearest',
      params: { deposits: 'yes', openNow: 'yes' },
    });
    expect(session.pending?.entities?.place).toBeUndefined();
    // …and the needles would find a position written in any of the usual ways.
    expect(needles.filter((n) => JSON.stringify(HOME).includes(n)).length).toBeGreaterThanOrEqual(2);
    for (const [key, value] of [...everything, ...opened.map((v) => ['opened session', v] as const)])
      for (const needle of needles) {
        expect({ key, needle, found: key.includes(needle) }).toEqual({ key, needle, found: false });
        expect({ key, needle, found: value.includes(needle) }).toEqual({ key, needle, found: false });
      }
  });
});
