/**
 * Typed card numbers (PANs). Customers sometimes paste one into a chat ("my card 4929 1234 …
 * was charged twice"). Teller never needs it, so it is cut out at the door — before the Messenger
 * inbox stores the event, before a session, transcript or log line could see it — and the
 * customer is told, once, calmly, not to share card numbers in chat.
 *
 * A card number here is 13–19 digits that pass the Luhn check, written straight or in groups
 * separated by a space or a dash. Shorter runs (dates, amounts, sort codes, most phone numbers)
 * and digit runs that fail Luhn are left alone.
 */

/** What replaces a card number in the text. */
export const CARD_REDACTION = '[card number removed]';

/** The one message a customer gets after typing a card number. */
export const CARD_NUMBER_WARNING =
  'I removed what looked like a card number from your message, and I did not keep it. ' +
  'Please never type card numbers in this chat — I never need them, and your bank will never ask for one here.';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
/** Digit groups joined by at most one separator (space, no-break space or dash, optionally spaced). */
const RUN = /\d+(?:(?:[ \u00a0]?-[ \u00a0]?|[ \u00a0])\d+)*/g;
const GROUP = /\d+/g;

/** The Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export interface Redaction {
  text: string;
  /** How many card numbers were removed. */
  count: number;
}

/**
 * The text with every card number replaced by `CARD_REDACTION`. Within a longer run of digit groups
 * (a card number followed by an expiry year, say) the longest span of whole groups that is a card
 * number is found, so a trailing group does not hide it.
 */
export function redactCardNumbers(text: string): Redaction {
  let count = 0;
  const out = text.replace(RUN, (run) => {
    const groups = [...run.matchAll(GROUP)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    let result = '';
    let cursor = 0;
    let i = 0;
    while (i < groups.length) {
      const span = longestCardAt(run, groups, i);
      if (span === undefined) {
        i++;
        continue;
      }
      result += run.slice(cursor, groups[i]!.start) + CARD_REDACTION;
      cursor = groups[span]!.end;
      count++;
      i = span + 1;
    }
    return result + run.slice(cursor);
  });
  return { text: out, count };
}

/** The index of the last group of the longest card-number span starting at group `i`, if any. */
function longestCardAt(run: string, groups: { start: number; end: number }[], i: number): number | undefined {
  let digits = '';
  let best: number | undefined;
  for (let j = i; j < groups.length; j++) {
    digits += run.slice(groups[j]!.start, groups[j]!.end);
    if (digits.length > MAX_DIGITS) break;
    if (digits.length >= MIN_DIGITS && luhnValid(digits)) best = j;
  }
  return best;
}

/** True when the text holds a card number, or a placeholder left by an earlier redaction. */
export function mentionsCardNumber(text: string): boolean {
  return text.includes(CARD_REDACTION) || redactCardNumbers(text).count > 0;
}

/** Words that only introduce the card number ("my card number is …"). */
const FILLER = new Set(
  (
    'my the a an this that here is its it s was card cards number numbers no num pan long details ' +
    'debit credit visa mastercard amex please thanks thank you hi hello and ok okay'
  ).split(' '),
);

/**
 * True when, besides the placeholders, the text only introduces the card ("my card number is …"):
 * nothing else to answer.
 */
export function onlyRedactions(text: string): boolean {
  const words =
    text
      .split(CARD_REDACTION)
      .join(' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.every((w) => FILLER.has(w));
}

/** The customer-typed text fields of an inbound event, as channels carry them. */
interface InboundText {
  turn?: { text?: string; postback?: { payload: string; title?: string } };
  standby?: { text?: string };
}

/**
 * Channel ingress: the same events with card numbers cut out of every customer-typed text (message
 * text, a pressed button's label, a standby message). Ids and payloads are left untouched.
 */
export function redactInboundCardNumbers<E extends object>(events: E[]): E[] {
  return events.map((event) => {
    let e = event as InboundText;
    const turn = e.turn;
    if (turn?.text !== undefined) {
      const r = redactCardNumbers(turn.text);
      if (r.count > 0) e = { ...e, turn: { ...turn, text: r.text } };
    }
    const postback = e.turn?.postback;
    if (postback?.title !== undefined) {
      const r = redactCardNumbers(postback.title);
      if (r.count > 0) e = { ...e, turn: { ...e.turn, postback: { ...postback, title: r.text } } };
    }
    const standby = e.standby;
    if (standby?.text !== undefined) {
      const r = redactCardNumbers(standby.text);
      if (r.count > 0) e = { ...e, standby: { ...standby, text: r.text } };
    }
    return e as E;
  });
}
