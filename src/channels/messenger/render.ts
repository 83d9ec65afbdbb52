import type { Button, Card, QuickReply, Reply } from '../../engine/reply';
import { LIMITS, splitTail, splitText, truncate } from './limits';

export interface MessengerQuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

export type MessengerButton =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'web_url'; title: string; url: string }
  | { type: 'account_link'; url: string };

export interface GenericElement {
  title: string;
  subtitle?: string;
  image_url?: string;
  buttons?: MessengerButton[];
}

export type TemplatePayload =
  | { template_type: 'button'; text: string; buttons: MessengerButton[] }
  | { template_type: 'generic'; elements: GenericElement[] };

/** The `message` object of a Send API call. */
export type MessengerMessage =
  | { text: string; quick_replies?: MessengerQuickReply[] }
  | { attachment: { type: 'template'; payload: TemplatePayload }; quick_replies?: MessengerQuickReply[] };

/** Text of the extra button templates when a reply has more than three buttons. */
export const MORE_OPTIONS_TEXT = 'More options:';
/** Stand-in when a reply has nothing to say but must carry quick replies (Messenger needs text). */
const EMPTY_TEXT = '…';

/**
 * Renders a channel-neutral Reply as one or more Messenger messages, in sending order, within
 * Messenger's limits: long text is split, more than three buttons become several button templates,
 * more than ten cards several carousels, and quick replies ride on the last message only.
 */
export function renderReply(reply: Reply): MessengerMessage[] {
  const messages: MessengerMessage[] =
    reply.type === 'text'
      ? splitText(reply.text, LIMITS.text).map((text) => ({ text }))
      : reply.type === 'buttons'
        ? renderButtons(reply.text, reply.buttons)
        : renderCards(reply.cards);
  const quick = renderQuickReplies(reply.quickReplies ?? []);
  if (quick.length > 0) {
    if (messages.length === 0) messages.push({ text: EMPTY_TEXT });
    messages[messages.length - 1] = { ...messages[messages.length - 1]!, quick_replies: quick };
  }
  return messages;
}

function renderButtons(text: string, list: Button[]): MessengerMessage[] {
  const rendered = list.map(renderButton).filter((b): b is MessengerButton => b !== undefined);
  if (rendered.length === 0) return splitText(text, LIMITS.text).map((t) => ({ text: t }));
  const [head, tail] = splitTail(text, LIMITS.buttonTemplateText);
  const messages: MessengerMessage[] = splitText(head, LIMITS.text).map((t) => ({ text: t }));
  for (let i = 0; i < rendered.length; i += LIMITS.buttonsPerTemplate) {
    const group = rendered.slice(i, i + LIMITS.buttonsPerTemplate);
    const body = i === 0 ? tail || EMPTY_TEXT : MORE_OPTIONS_TEXT;
    messages.push(template({ template_type: 'button', text: body, buttons: group }));
  }
  return messages;
}

function renderCards(list: Card[]): MessengerMessage[] {
  const messages: MessengerMessage[] = [];
  const elements = list.map(renderCard);
  for (let i = 0; i < elements.length; i += LIMITS.genericElements)
    messages.push(
      template({ template_type: 'generic', elements: elements.slice(i, i + LIMITS.genericElements) }),
    );
  return messages;
}

function template(payload: TemplatePayload): MessengerMessage {
  return { attachment: { type: 'template', payload } };
}

function renderCard(card: Card): GenericElement {
  const el: GenericElement = { title: truncate(card.title.trim(), LIMITS.elementTitle) || EMPTY_TEXT };
  const subtitle = card.subtitle?.trim();
  if (subtitle) el.subtitle = truncate(subtitle, LIMITS.elementSubtitle);
  if (card.imageUrl && isWebUrl(card.imageUrl)) el.image_url = card.imageUrl;
  const buttons = (card.buttons ?? [])
    .map(renderButton)
    .filter((b): b is MessengerButton => b !== undefined)
    .slice(0, LIMITS.buttonsPerElement);
  if (buttons.length > 0) el.buttons = buttons;
  return el;
}

/** One button, or undefined when Messenger would reject it (no title, oversized payload, bad URL). */
export function renderButton(b: Button): MessengerButton | undefined {
  const title = truncate(b.title.trim(), LIMITS.buttonTitle);
  switch (b.type) {
    case 'postback':
      if (!title || !b.payload || b.payload.length > LIMITS.payload) return undefined;
      return { type: 'postback', title, payload: b.payload };
    case 'url':
      if (!title || !isWebUrl(b.url)) return undefined;
      return { type: 'web_url', url: b.url, title };
    case 'link':
      // Messenger's native "Log in" button needs https; local development falls back to a link.
      if (isHttps(b.url)) return { type: 'account_link', url: b.url };
      if (!title || !isWebUrl(b.url)) return undefined;
      return { type: 'web_url', url: b.url, title };
  }
}

function renderQuickReplies(list: QuickReply[]): MessengerQuickReply[] {
  return list
    .filter((q) => q.title.trim() && q.payload && q.payload.length <= LIMITS.payload)
    .slice(0, LIMITS.quickReplies)
    .map((q) => ({
      content_type: 'text' as const,
      title: truncate(q.title.trim(), LIMITS.quickReplyTitle),
      payload: q.payload,
    }));
}

function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
