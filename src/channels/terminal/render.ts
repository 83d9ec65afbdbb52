import type { Button, QuickReply, Reply } from '../../engine/reply';
import { replyToPlainText } from '../../engine/reply';

/** Every pressable control in a reply, in display order. */
export function controlsOf(reply: Reply): (Button | QuickReply)[] {
  const list: (Button | QuickReply)[] = [];
  if (reply.type === 'buttons') list.push(...reply.buttons);
  if (reply.type === 'cards') for (const c of reply.cards) list.push(...(c.buttons ?? []));
  list.push(...(reply.quickReplies ?? []));
  return list;
}

/** Terminal rendering: the reply as text, buttons and quick replies as `[Label]`. */
export function renderForTerminal(reply: Reply): string {
  return replyToPlainText(reply);
}
