import { describeHours } from '../src/connectors/atm/hours';
import type { AtmResult } from '../src/connectors/types';
import { defineIntent } from '../src/engine/intent';
import { cards, text, type Card } from '../src/engine/reply';
import { formatMoney } from '../src/money';
import { distance } from '../src/render/format';

const ASK = "Where are you? Share your location, or type a postcode or place (e.g. SW1A 1AA or King's Cross)";
/** Messenger shows at most 10 cards in a carousel. */
const MAX_CARDS = 10;

const FEE_FREE =
  /\b(fee[\s-]*free|(?<!(?:step|barrier)[\s-]{0,3})free(?:\s+to\s+use)?|no[\s-]+fees?|without\s+(?:a\s+)?fees?|no\s+charges?|don'?t\s+charge|doesn'?t\s+charge)\b/gi;
const DEPOSITS =
  /\b(?:(?:that|which)\s+)?(?:takes?|accepts?|with|for|can)?\s*(?:pay(?:ing)?\s+in|deposit(?:s|ing)?)(?:\s+cash)?\b/gi;
/** "wheelchair accessible", "step-free", "accessible cash machine"… */
const WHEELCHAIR =
  /\b(?:wheel\s*chairs?(?:[\s-]+(?:accessible|access(?:ibility)?|friendly|users?))?|step[\s-]*free(?:\s+access)?|level\s+access|disabled\s+access|(?:fully\s+)?accessible(?=\s+(?:atms?|cash\s*(?:machines?|points?)|cashpoints?)\b))\b/gi;
/** "open now", "open right now", "currently open", "still open", "which are open"… */
const OPEN_NOW =
  /\b(?:open\s+(?:right\s+)?now|open\s+at\s+the\s+moment|open\s+at\s+this\s+hour|(?:currently|still|that'?s|that\s+(?:is|are)|which\s+(?:is|are))\s+open)\b/gi;
const FILLER =
  /^(?:(?:an?|the|nearest|closest|atms?|cash\s*(?:machines?|points?)|near(?:\s+to)?|nearby|around|close\s+to|by|in|at|me|my)\b[\s,]*)+|[\s,]*\b(?:please|pls|thanks)\b[\s.!?]*$/gi;

interface AtmFilters {
  feeFree: boolean;
  deposits: boolean;
  wheelchair: boolean;
  openNow: boolean;
}

const FILTERS: Record<keyof AtmFilters, RegExp> = {
  feeFree: FEE_FREE,
  deposits: DEPOSITS,
  wheelchair: WHEELCHAIR,
  openNow: OPEN_NOW,
};
const FILTER_NAMES = Object.keys(FILTERS) as (keyof AtmFilters)[];

/** "fee-free", "no fees", "deposit", "wheelchair" and "open now" in the message narrow the search. */
function atmFilters(...texts: (string | undefined)[]): AtmFilters {
  const all = texts.filter(Boolean).join(' ');
  const has = (name: keyof AtmFilters) => new RegExp(FILTERS[name].source, 'i').test(all);
  return {
    feeFree: has('feeFree'),
    deposits: has('deposits'),
    wheelchair: has('wheelchair'),
    openNow: has('openNow'),
  };
}

/** The place without the filter words the customer may have typed with it ("King's Cross, fee free"). */
function cleanPlace(place: string): string {
  return place
    .replace(FEE_FREE, ' ')
    .replace(DEPOSITS, ' ')
    .replace(OPEN_NOW, ' ')
    .replace(WHEELCHAIR, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(FILLER, '')
    .replace(/^[\s,.;:-]+|[\s,.;:?!-]+$/g, '')
    .trim();
}

function card({ atm, distanceMeters }: AtmResult, locale: string): Card {
  const fee = atm.fee === null ? 'Free' : atm.fee ? `${formatMoney(atm.fee, locale)} fee` : 'Fee unknown';
  const lines = [
    `${distance(distanceMeters)} · ${[atm.address, atm.postcode].filter(Boolean).join(', ')}`,
    atm.openingHours ? describeHours(atm.openingHours) : 'Hours unknown',
    [fee, atm.deposits ? 'Takes deposits' : '', atm.wheelchair ? 'Step-free' : '']
      .filter(Boolean)
      .join(' · '),
  ];
  const map = `https://www.openstreetmap.org/?mlat=${atm.lat}&mlon=${atm.lon}#map=18/${atm.lat}/${atm.lon}`;
  return {
    title: atm.name.toLowerCase().startsWith(atm.operator.toLowerCase())
      ? atm.name
      : `${atm.operator} ${atm.name}`,
    subtitle: lines.join('\n'),
    buttons: [{ type: 'url', title: 'Map', url: map }],
  };
}

export default defineIntent({
  name: 'atm.nearest',
  description:
    'Find the nearest ATM (fee-free, taking deposits, wheelchair accessible or open now, if you like)',
  suggestion: 'Find an ATM',
  entities: { place: { required: true, ask: ASK, acceptLocation: true } },
  // Filters only, as "yes" flags: never the place or a position (those are not kept between turns).
  params(text) {
    const f = atmFilters(text);
    return Object.fromEntries(FILTER_NAMES.filter((name) => f[name]).map((name) => [name, 'yes']));
  },
  examples: [
    'atm',
    'find an atm',
    'nearest atm',
    'closest atm',
    'atm near me',
    'where is the nearest cash machine',
    'cash machine near me',
    'nearest cashpoint',
    'wheres the closest cashpoint',
    'i need cash',
    'i need to withdraw cash',
    'where can i get cash out',
    'where can i take out money',
    'find a cash point near kings cross',
    'atm near SW1A 1AA',
    'atms in camden',
    'atm close to oxford circus',
    'any cash machines around here',
    'free atm near me',
    'fee free cash machine nearby',
    'atm that takes deposits',
    'where can i deposit cash',
    'where can i pay in cash at an atm',
    'nearest atm to manchester piccadilly',
    'atm near times square',
    'find me an atm in brooklyn',
    'cash machine by the station',
    'is there an atm near here',
    'where can i withdraw money without a fee',
    'atm locator',
    'nearst atm',
    'closest cash machien',
    'need an atm asap',
    'wheres an atm',
    'show atms near me',
    'atm open now',
    'which cash machines are open right now',
    'fee-free atm',
    'free cash machine',
    'atm with no fees near me',
    'atm where i can deposit cash',
    'cash machine that takes deposits near me',
    'where can i pay cash in',
    'wheelchair accessible cash machine',
    'wheelchair accessible atm near me',
    'step-free atm',
    'accessible cashpoint nearby',
    'atm with wheelchair access',
  ],
  async handle(ctx) {
    const directory = ctx.services.atms;
    if (!directory) {
      await ctx.reply("Sorry, I can't search for ATMs with this bank yet.");
      return;
    }
    const typed = ctx.entities.place;
    // Filters typed with the first question are kept in params while the bot asks where you are.
    const typedFilters = atmFilters(ctx.turn.text, typed);
    const on = (name: keyof AtmFilters) => typedFilters[name] || ctx.params[name] === 'yes';
    const filters: AtmFilters = {
      feeFree: on('feeFree'),
      deposits: on('deposits'),
      wheelchair: on('wheelchair'),
      openNow: on('openNow'),
    };
    let where: { lat: number; lon: number; label: string };
    const shared = ctx.turn.location;
    if (shared) {
      // Used for this search only: the location is never written to the session or a log.
      where = { lat: shared.lat, lon: shared.lon, label: 'you' };
    } else {
      const query = cleanPlace(typed ?? '');
      const found = query ? ctx.services.gazetteer?.lookup(query) : undefined;
      if (!found) {
        // Ask again: the answer resumes this search, filters included.
        await ctx.ask('place', `Sorry, I couldn't find "${query || typed || 'that place'}". ${ASK}`);
        return;
      }
      where = { lat: found.lat, lon: found.lon, label: found.name };
    }

    const results = await directory.search({
      lat: where.lat,
      lon: where.lon,
      limit: 5,
      feeFree: filters.feeFree,
      deposits: filters.deposits,
      wheelchair: filters.wheelchair,
      // Each ATM's hours are read in its own zone (the customer's, for an ATM that names none).
      ...(filters.openNow ? { openAt: ctx.now(), timezone: ctx.prefs.timezone } : {}),
    });
    const kind = [
      filters.feeFree ? 'fee-free' : '',
      filters.wheelchair ? 'wheelchair-accessible' : '',
      'ATMs',
      filters.openNow ? 'open now' : '',
      filters.deposits ? 'that take deposits' : '',
    ]
      .filter(Boolean)
      .join(' ');
    if (results.length === 0) {
      await ctx.reply(
        `I couldn't find any ${kind} near ${where.label}. Try a different place, or ask without filters.`,
      );
      return;
    }
    const sorted = [...results].sort((a, b) => a.distanceMeters - b.distanceMeters).slice(0, MAX_CARDS);
    await ctx.reply(text(`The nearest ${kind} to ${where.label}, closest first:`));
    await ctx.reply(cards(sorted.map((r) => card(r, ctx.prefs.locale))));
  },
});
