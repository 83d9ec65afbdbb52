/**
 * Messenger Platform limits the renderer enforces (Send API reference, 2025). Lengths are counted
 * in UTF-16 code units, which is never less than Meta's character count, so staying under them
 * is always safe.
 */
export const LIMITS = {
  text: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  payload: 1000,
  buttonTemplateText: 640,
  buttonsPerTemplate: 3,
  buttonTitle: 20,
  genericElements: 10,
  elementTitle: 80,
  elementSubtitle: 80,
  buttonsPerElement: 3,
} as const;

const ELLIPSIS = '…';

/** Cuts `s` to at most `max` code units, ending in an ellipsis when shortened; never splits a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max - ELLIPSIS.length);
  if (cut > 0 && isHighSurrogate(s.charCodeAt(cut - 1))) cut -= 1;
  return s.slice(0, cut).trimEnd() + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A safe hard cut at or before `at`. */
function hardCut(s: string, at: number): number {
  return at > 1 && isHighSurrogate(s.charCodeAt(at - 1)) ? at - 1 : at;
}

/**
 * Splits text into chunks of at most `max` code units, breaking at a line break when one falls in
 * the second half of the window, else at the last space, else (one very long word) anywhere.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) {
      cut = -1;
      for (let i = max; i > 0; i--)
        if (/\s/.test(rest[i]!)) {
          cut = i;
          break;
        }
    }
    if (cut <= 0) cut = hardCut(rest, max);
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk) chunks.push(chunk);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/**
 * Splits text into [head, tail] where tail is at most `max` code units and starts at a line break
 * or space where possible. `head` may be empty.
 */
export function splitTail(text: string, max: number): [string, string] {
  const t = text.trim();
  if (t.length <= max) return ['', t];
  const from = t.length - max;
  let at = t.indexOf('\n', from);
  if (at < 0 || at > t.length - max / 2) {
    at = -1;
    for (let i = from; i < t.length; i++)
      if (/\s/.test(t[i]!)) {
        at = i;
        break;
      }
  }
  if (at < 0) {
    const cut = from < t.length && isLowSurrogate(t.charCodeAt(from)) ? from + 1 : from;
    return [t.slice(0, cut).trimEnd(), t.slice(cut).trimStart()];
  }
  return [t.slice(0, at).trimEnd(), t.slice(at).trim()];
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
