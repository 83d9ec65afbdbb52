/**
 * Where to look for an ATM: a UK postcode ("SW1A 1AA", outward code "M1"), a US ZIP, or a place
 * named after near/around/close to (or in/at/to when the message is about cash machines):
 * "ATM near Piccadilly Circus" → "Piccadilly Circus". Returns the raw place text; postcodes are
 * normalised to upper case with one space. Turning it into coordinates is the Gazetteer's job.
 */
import type { ParseContext } from '../types';
import { findDateRange } from './dates';
import { allMatches, mask, normalizeWord, type Found } from './text';

/** UK postcode areas, so "Q1" or "H1" are never read as postcodes. */
const AREAS =
  'AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|B|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|EC|EH|EN|EX|E|FK|FY|' +
  'GL|GU|GY|G|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA|LD|LE|LL|LN|LS|LU|L|ME|MK|ML|M|NE|NG|NN|NP|NR|NW|N|' +
  'OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|S|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|' +
  'WN|WR|WS|WV|W|YO|ZE';
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const FULL_POSTCODE = new RegExp(`${B}((?:${AREAS})\\d[A-Z\\d]?)\\s*(\\d[A-Z]{2})${E}`, 'giu');
const OUTWARD = new RegExp(`^(?:${AREAS})\\d[A-Z\\d]?$`, 'i');
const ZIP = /^\d{5}(?:-\d{4})?$/;
const STANDALONE_OUTWARD = new RegExp(`${B}(?:${AREAS})\\d[A-Z\\d]?${E}`, 'gu');

const ATM_CONTEXT =
  /(?<![\p{L}])(?:atms?(?!\s+(?:withdrawals?|fees?|charges?|spending))|cash\s*machines?|cash\s*points?|cashpoints?|hole\s+in\s+the\s+wall|branch(?:es)?|get\s+(?:some\s+)?cash|nearest|closest)(?![\p{L}])/iu;
const ALWAYS = '(?:near(?:\\s+to)?|nearby|around|close\\s+to|next\\s+to)';
const WITH_CONTEXT = '(?:in|at|to|by|on)';
const LEAD = new RegExp(`${B}(?:${ALWAYS}|(?<ctx>${WITH_CONTEXT}))\\s+(?:the\\s+)?(?=[\\p{L}\\p{N}])`, 'giu');

/** Words that end a place name. */
const STOP = new Set(
  (
    'that which with open opening please now today tonight tomorrow for where accepting without free fee fees charging ' +
    'and or but if so who whose thats can could should will would i is are does do me within nearby please thanks'
  ).split(' '),
);
/** Places that mean "where I am": the caller asks for the user's location instead. */
const HERE = /^(?:me|here|us|my\b.*|where\s+i\s+am|current\s+location|this\s+area|the\s+area|you)$/i;
const WORD = /^\s?([\p{L}\p{N}](?:[\p{L}\p{N}'’.&-]*[\p{L}\p{N}])?)/u;

function canonicalPostcode(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (ZIP.test(compact)) return compact;
  const full = /^(.+)(\d[A-Z]{2})$/.exec(compact);
  if (full && OUTWARD.test(full[1] ?? '')) return `${full[1]} ${full[2]}`;
  return OUTWARD.test(compact) ? compact : undefined;
}

function placeAfter(text: string, from: number): { place: string; end: number } | undefined {
  let place = '';
  let pos = from;
  for (let n = 0; n < 6; n++) {
    // "221B Baker Street, London": a comma may join the next capitalised part of an address.
    const comma = place ? /^,\s+(?=\p{Lu})/u.exec(text.slice(pos)) : null;
    const m = WORD.exec(text.slice(pos + (comma?.[0].length ?? 0)));
    const word = m?.[1];
    if (!m || !word || STOP.has(normalizeWord(word))) break;
    place += place ? `${comma ? ', ' : ' '}${word}` : word;
    pos += (comma?.[0].length ?? 0) + m[0].length;
  }
  return place ? { place, end: pos } : undefined;
}

/** The place in text the caller may already have masked; see extractPlace. */
export function findPlace(text: string): Found<string> | undefined {
  const full = FULL_POSTCODE.exec(text);
  FULL_POSTCODE.lastIndex = 0;
  if (full)
    return {
      value: `${full[1]} ${full[2]}`.toUpperCase(),
      start: full.index,
      end: full.index + full[0].length,
    };
  const atmContext = ATM_CONTEXT.test(text);
  for (const m of allMatches(LEAD, text)) {
    if (m.groups?.ctx && !atmContext) continue;
    const start = m.index + m[0].length;
    const found = placeAfter(text, start);
    if (!found || HERE.test(found.place)) continue;
    const value = canonicalPostcode(found.place) ?? found.place;
    return { value, start, end: found.end };
  }
  // An outward code typed in capitals on its own: "any ATMs in EC2?" is handled above; "ATM M1".
  if (atmContext) {
    const out = STANDALONE_OUTWARD.exec(text);
    STANDALONE_OUTWARD.lastIndex = 0;
    if (out) return { value: out[0], start: out.index, end: out.index + out[0].length };
  }
  return undefined;
}

/** A postcode, ZIP or place name to search for ATMs near; undefined for "near me". */
export function extractPlace(text: string, ctx?: ParseContext): string | undefined {
  return findPlace(mask(text, [findDateRange(text, ctx)]))?.value;
}
