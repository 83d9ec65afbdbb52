/**
 * What staff see of a conversation: card numbers removed, account numbers cut to their last 4
 * digits, and (when the bot keeps amounts private) money amounts hidden. Applied to every line the
 * console shows, whoever wrote it.
 */
export interface MaskOptions {
  /** Hide money amounts such as "£1,234.56" or "120.00 GBP"; default true. */
  amounts?: boolean;
}

export const CARD_REDACTED = '[card number removed]';
export const AMOUNT_HIDDEN = '•••';

/** 13–19 digits, optionally in groups separated by spaces or dashes: a payment card number. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
/** 6–12 digits in a row (optionally after a sort code or "••"): an account number. */
const ACCOUNT = /(?<![\d.,])\d{6,12}(?![\d.,]*\d)/g;
const SYMBOL_AMOUNT = /([-−+]?\s?)([£$€¥₹])\s?\d[\d,]*(?:\.\d+)?/g;
const CODE_AMOUNT =
  /\b(?:GBP|USD|EUR|JPY|CHF|CAD|AUD)\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:GBP|USD|EUR|JPY|CHF|CAD|AUD)\b/g;

/** Links can carry single-use tokens (linking, secure views): staff see only where they point. */
const URL_PATTERN = /\bhttps?:\/\/[^\s/?#]+[^\s]*/gi;

export function maskText(text: string, o: MaskOptions = {}): string {
  let out = text.replace(URL_PATTERN, (url) => {
    const host = /^https?:\/\/[^\s/?#]+/i.exec(url)?.[0] ?? '';
    return url.length > host.length + 1 ? `${host}/…` : url;
  });
  out = out.replace(CARD, CARD_REDACTED);
  out = out.replace(ACCOUNT, (digits) => `••${digits.slice(-4)}`);
  if (o.amounts ?? true) {
    out = out.replace(
      SYMBOL_AMOUNT,
      (_m, sign: string, symbol: string) => `${sign}${symbol}${AMOUNT_HIDDEN}`,
    );
    out = out.replace(CODE_AMOUNT, (m) => m.replace(/\d[\d,]*(?:\.\d+)?/, AMOUNT_HIDDEN));
  }
  return out;
}

/** A short label for a conversation that does not show the customer's id: "messenger ••4821". */
export function conversationLabel(key: string): string {
  const i = key.indexOf(':');
  const channel = i < 0 ? 'chat' : key.slice(0, i);
  const id = i < 0 ? key : key.slice(i + 1);
  return `${channel} ••${id.slice(-4)}`;
}
