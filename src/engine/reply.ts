/**
 * Channel-neutral replies. Handlers build these; each channel renders them in its own format
 * (Messenger templates, terminal text, web chat bubbles).
 */
export interface QuickReply {
  title: string;
  /** Postback payload sent back when the user taps it. */
  payload: string;
}

export type Button =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'url'; title: string; url: string }
  /**
   * Opens the bank's account-linking flow. `url` is the single-use start URL; channels that
   * support a native account-link button (Messenger) render it as one.
   */
  | { type: 'link'; title: string; url: string; connector: string };

export interface Card {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  buttons?: Button[];
}

export type Reply =
  | { type: 'text'; text: string; quickReplies?: QuickReply[] }
  | { type: 'buttons'; text: string; buttons: Button[]; quickReplies?: QuickReply[] }
  | { type: 'cards'; cards: Card[]; quickReplies?: QuickReply[] };

/** Small builders so handlers read naturally: `ctx.reply(text('Hi', quick('Balance', 'intent:balance')))`. */
export function text(body: string, quickReplies?: QuickReply[]): Reply {
  return quickReplies && quickReplies.length > 0
    ? { type: 'text', text: body, quickReplies }
    : { type: 'text', text: body };
}

export function buttons(body: string, list: Button[], quickReplies?: QuickReply[]): Reply {
  return quickReplies && quickReplies.length > 0
    ? { type: 'buttons', text: body, buttons: list, quickReplies }
    : { type: 'buttons', text: body, buttons: list };
}

export function cards(list: Card[], quickReplies?: QuickReply[]): Reply {
  return quickReplies && quickReplies.length > 0
    ? { type: 'cards', cards: list, quickReplies }
    : { type: 'cards', cards: list };
}

export function quick(title: string, payload: string): QuickReply {
  return { title, payload };
}

/** Plain-text summary of a reply (terminal, transcripts, tests). */
export function replyToPlainText(reply: Reply): string {
  const qr = reply.quickReplies?.length ? '\n' + reply.quickReplies.map((q) => `[${q.title}]`).join(' ') : '';
  switch (reply.type) {
    case 'text':
      return reply.text + qr;
    case 'buttons':
      return reply.text + '\n' + reply.buttons.map((b) => `[${b.title}]`).join(' ') + qr;
    case 'cards':
      return (
        reply.cards
          .map((c) => {
            const lines = [`* ${c.title}`];
            if (c.subtitle) lines.push(`  ${c.subtitle.replace(/\n/g, '\n  ')}`);
            if (c.buttons?.length) lines.push('  ' + c.buttons.map((b) => `[${b.title}]`).join(' '));
            return lines.join('\n');
          })
          .join('\n') + qr
      );
  }
}
