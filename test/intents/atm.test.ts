import { isOpenAt } from '../../src/connectors/atm/hours';
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
  filters: { feeFree?: boolean; deposits?: boolean } = {},
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
