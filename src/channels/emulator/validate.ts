import { paramError, type GraphError } from './meta';

/**
 * Checks a Send API body against the limits Meta enforces. Structural limits (how many quick
 * replies, buttons, cards; text length) fail the call like Meta does; over-long titles and
 * subtitles, which Messenger cuts off on screen, come back as warnings the page shows.
 */
export type SendCheck =
  | { ok: false; error: GraphError }
  | { ok: true; psid: string; kind: 'message'; message: Record<string, unknown>; warnings: string[] }
  | { ok: true; psid: string; kind: 'action'; action: SenderAction; warnings: string[] };

export type SenderAction = 'typing_on' | 'typing_off' | 'mark_seen' | 'react' | 'unreact';
const ACTIONS: readonly string[] = ['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact'];
const MESSAGING_TYPES: readonly string[] = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'];
const QUICK_TYPES: readonly string[] = ['text', 'user_phone_number', 'user_email'];
const BUTTON_TYPES: readonly string[] = [
  'web_url',
  'postback',
  'account_link',
  'account_unlink',
  'phone_number',
  'element_share',
  'game_play',
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (v: unknown) => (typeof v === 'string' ? [...v].length : 0);
const fail = (message: string): SendCheck => ({ ok: false, error: paramError(message) });

export function checkSendBody(body: unknown): SendCheck {
  if (!isObj(body) || !isObj(body.recipient)) return fail('The parameter recipient is required');
  const psid = body.recipient.id;
  if (typeof psid !== 'string' && typeof psid !== 'number')
    return fail('param recipient must be non-empty. Set recipient[id]');
  const warnings: string[] = [];
  if (body.sender_action !== undefined) {
    if (body.message !== undefined) return fail('Cannot send a message and a sender_action together');
    if (typeof body.sender_action !== 'string' || !ACTIONS.includes(body.sender_action))
      return fail(`param sender_action must be one of {${ACTIONS.join(', ').toUpperCase()}}`);
    return {
      ok: true,
      psid: String(psid),
      kind: 'action',
      action: body.sender_action as SenderAction,
      warnings,
    };
  }
  if (body.messaging_type !== undefined && !MESSAGING_TYPES.includes(String(body.messaging_type)))
    return fail(`param messaging_type must be one of {${MESSAGING_TYPES.join(', ')}}`);
  if (body.messaging_type === 'MESSAGE_TAG' && typeof body.tag !== 'string')
    return fail('param tag is required when messaging_type is MESSAGE_TAG');
  const message = body.message;
  if (!isObj(message)) return fail('The parameter message is required');
  const hasText = message.text !== undefined;
  if (hasText === (message.attachment !== undefined))
    return fail('param message must have exactly one of text or attachment');
  if (hasText && (typeof message.text !== 'string' || len(message.text) === 0))
    return fail('param message[text] must be a non-empty UTF-8 encoded string');
  if (len(message.text) > 2000)
    return fail('Length of param message[text] must be less than or equal to 2000');
  const problem =
    checkQuickReplies(message.quick_replies, warnings) ??
    (message.attachment !== undefined ? checkAttachment(message.attachment, warnings) : undefined);
  if (problem) return fail(problem);
  return { ok: true, psid: String(psid), kind: 'message', message, warnings };
}

function checkQuickReplies(list: unknown, warnings: string[]): string | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0)
    return 'param message[quick_replies] must be a non-empty array';
  if (list.length > 13) return 'param message[quick_replies] must have at most 13 elements';
  for (const [i, q] of list.entries()) {
    const at = `message[quick_replies][${i}]`;
    if (!isObj(q) || !QUICK_TYPES.includes(String(q.content_type)))
      return `param ${at}[content_type] must be one of {${QUICK_TYPES.join(', ')}}`;
    if (q.content_type !== 'text') continue;
    if (len(q.title) === 0 || len(q.payload) === 0) return `param ${at} must have a title and a payload`;
    if (len(q.title) > 20) warnings.push(`quick reply "${String(q.title)}" is over 20 characters`);
    if (len(q.payload) > 1000) return `param ${at}[payload] must be at most 1000 characters`;
  }
  return undefined;
}

function checkAttachment(a: unknown, warnings: string[]): string | undefined {
  if (!isObj(a) || typeof a.type !== 'string') return 'param message[attachment][type] is required';
  if (a.type !== 'template') {
    if (!['image', 'audio', 'video', 'file'].includes(a.type))
      return 'param message[attachment][type] must be one of {template, image, audio, video, file}';
    return isObj(a.payload) ? undefined : 'param message[attachment][payload] is required';
  }
  const p = a.payload;
  if (!isObj(p)) return 'param message[attachment][payload] is required';
  if (p.template_type === 'button') {
    if (len(p.text) === 0) return 'param message[attachment][payload][text] is required';
    if (len(p.text) > 640) return 'param message[attachment][payload][text] must be at most 640 characters';
    return checkButtons(p.buttons, 'message[attachment][payload][buttons]', warnings, true);
  }
  if (p.template_type === 'generic') {
    const elements = p.elements;
    if (!Array.isArray(elements) || elements.length === 0)
      return 'param message[attachment][payload][elements] must be a non-empty array';
    if (elements.length > 10)
      return 'param message[attachment][payload][elements] must have at most 10 elements';
    for (const [i, e] of elements.entries()) {
      const at = `message[attachment][payload][elements][${i}]`;
      if (!isObj(e) || len(e.title) === 0) return `param ${at}[title] is required`;
      if (len(e.title) > 80) warnings.push(`card title "${String(e.title)}" is over 80 characters`);
      if (len(e.subtitle) > 80) warnings.push(`subtitle of card "${String(e.title)}" is over 80 characters`);
      if (e.buttons !== undefined) {
        const bad = checkButtons(e.buttons, `${at}[buttons]`, warnings, false);
        if (bad) return bad;
      }
    }
    return undefined;
  }
  return undefined; // other templates (media, receipt…) are shown as "unsupported" by the page
}

function checkButtons(list: unknown, at: string, warnings: string[], required: boolean): string | undefined {
  if (!Array.isArray(list) || (required && list.length === 0)) return `param ${at} must be a non-empty array`;
  if (list.length > 3) return `param ${at} must have at most 3 elements`;
  for (const [i, b] of list.entries()) {
    if (!isObj(b) || !BUTTON_TYPES.includes(String(b.type)))
      return `param ${at}[${i}][type] must be one of {${BUTTON_TYPES.join(', ')}}`;
    if ((b.type === 'web_url' || b.type === 'account_link') && !/^https?:\/\//.test(String(b.url)))
      return `param ${at}[${i}][url] must be a valid URL`;
    if (b.type === 'postback' && len(b.payload) === 0) return `param ${at}[${i}][payload] is required`;
    if ((b.type === 'postback' || b.type === 'web_url') && len(b.title) === 0)
      return `param ${at}[${i}][title] is required`;
    if (len(b.title) > 20) warnings.push(`button "${String(b.title)}" is over 20 characters`);
  }
  return undefined;
}
