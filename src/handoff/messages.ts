import { quick, text, type Reply } from '../engine/reply';

/** Postbacks the handoff answers itself while a customer waits (never reach the NLU). */
export const BACK_TO_BOT = 'teller:handoff:bot';
export const LEAVE_MESSAGE = 'teller:handoff:message';

/** "about 4 minutes"; under a minute reads "less than a minute". */
export function describeWait(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `about ${Math.round(minutes / 60)} hours`;
}

export function queuedReply(o: { position: number; etaMs: number; priority: 'normal' | 'high' }): Reply {
  const lead =
    o.priority === 'high'
      ? "I've flagged this as urgent and I'm passing you to a member of our team now."
      : "I'm passing you to a member of our team — you'll be chatting with a person.";
  return text(
    `${lead} You're number ${o.position} in the queue; the estimated wait is ${describeWait(o.etaMs)}. ` +
      "I'll stay quiet meanwhile: anything you type now goes to them.",
    [quick('Back to the bot', BACK_TO_BOT)],
  );
}

export function alreadyWaitingReply(position: number | undefined): Reply {
  return text(
    position
      ? `You're already in the queue (number ${position}). A member of our team will be with you soon.`
      : "You're already talking to a member of our team.",
  );
}

export function stillWaitingReply(position: number, etaMs: number): Reply {
  return text(
    `Thanks for waiting — you're now number ${position} in the queue (about ${describeWait(etaMs).replace(/^about /, '')} to go). ` +
      'A member of our team will be with you as soon as they can.',
    [quick('Back to the bot', BACK_TO_BOT)],
  );
}

export function timeoutReply(): Reply {
  return text(
    "Sorry, our team is busier than usual. You can go back to chatting with me, Teller's automated assistant, or leave a message and a person will reply here.",
    [quick('Back to the bot', BACK_TO_BOT), quick('Leave a message', LEAVE_MESSAGE)],
  );
}

export function requeuedReply(position: number): Reply {
  return text(
    `Sorry for the silence — the person helping you had to step away. You're back in the queue, number ${position}, and the next available member of our team will pick up your conversation with its history.`,
    [quick('Back to the bot', BACK_TO_BOT)],
  );
}

export const LEAVE_MESSAGE_TEXT =
  'OK — type your message and a member of our team will reply here, usually within one working day. You can tap “Back to the bot” at any time.';

export function joinedText(agentName: string, bank: string): string {
  return `Hi, you're now chatting with ${agentName}, a member of the ${bank} team.`;
}

/** Messenger's bot-disclosure rule: say clearly when the automated assistant is back. */
export function botBackReply(o: { agentName?: string; resolved: boolean; botName: string }): Reply {
  const who = o.agentName ?? 'Our team';
  const head = o.resolved ? `${who} has closed this chat.` : `${who} has handed you back to me.`;
  return text(
    `${head} You're chatting with ${o.botName}, the automated assistant, again — ask me anything, for example your balance or the nearest ATM.`,
  );
}

export function cancelledReply(botName: string): Reply {
  return text(`No problem — you're back with ${botName}, the automated assistant. What can I help with?`);
}
