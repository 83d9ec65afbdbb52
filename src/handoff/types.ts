import type { Reply } from '../engine/reply';

/** A member of support staff as the handoff sees them. */
export interface AgentRef {
  id: string;
  name: string;
}

/**
 * How a person's words reach a customer on one channel. The default sends through the engine's
 * registered Outbound; Messenger's adds the HUMAN_AGENT tag outside the 24-hour window.
 */
export interface AgentDelivery {
  send(userId: string, reply: Reply, o: { lastCustomerAt?: number; now: number }): Promise<void>;
  typing?(userId: string, on: boolean): Promise<void>;
}

/** A help desk outside Teller that takes whole conversations (Messenger's Page Inbox). */
export interface ExternalInbox {
  /** The agent id conversations are claimed by while the inbox has them, e.g. `page-inbox`. */
  agent: AgentRef;
  /** Hands the conversation to the inbox (Messenger: pass_thread_control). */
  pass(userId: string, metadata: string): Promise<void>;
}

export interface HandoffSettings {
  /** A "still waiting" notice after this long in the queue; default 2 minutes. */
  stillWaitingAfterMs?: number;
  /** After this long, offer to go back to the bot or leave a message; default 10 minutes. */
  queueTimeoutMs?: number;
  /** Wait per place in the queue until real waits are known; default 3 minutes. */
  defaultWaitMs?: number;
  /** A bot-only conversation idle this long counts as resolved by the bot; default 30 minutes. */
  idleAfterMs?: number;
  /**
   * A customer whose messages a person has left unanswered this long goes back to the queue, first
   * in line, and is told so; default 10 minutes. Covers a closed console or an agent called away.
   */
  agentResponseTimeoutMs?: number;
  /** How often queue notices and idle conversations are checked; default 5 s. */
  tickMs?: number;
  /**
   * Hide money amounts from staff and from stored transcripts; default true. `false` is honoured
   * only with the bot's `inline` privacy mode (secure-view keeps figures out of the chat entirely).
   */
  maskAmounts?: boolean;
  /** Replies an agent can insert with one click. */
  cannedReplies?: string[];
}

export const DEFAULT_CANNED_REPLIES = [
  'Thanks for waiting — I’m looking into this now.',
  'Could you tell me a bit more about what happened?',
  'For your security, please never share your full card number or PIN in this chat.',
  'I’ve frozen your card. A replacement will arrive in 3–5 working days.',
  'Is there anything else I can help you with today?',
];
