/**
 * The handoff state machine. A conversation is with the bot, waiting in the queue, with a person,
 * or resolved by a person. Every change goes through `transition`, which refuses anything the
 * table does not allow: stores apply it under compare-and-set, so a conversation is claimed once.
 *
 *   bot ──request──▶ queued ──claim──▶ agent ──handBack──▶ bot
 *    ▲                 │  ▲              │ └──resolve──▶ resolved ──request──▶ queued
 *    └──── cancel ─────┘  └── release ───┘  (also by the watcher: a customer left unanswered)
 */
export type HandoffState = 'bot' | 'queued' | 'agent' | 'resolved';
export type Priority = 'normal' | 'high';

/** Why a conversation was escalated: a code, never what the customer typed. */
export type HandoffReason = 'customer' | 'fallbacks' | 'intent' | 'agent';

export interface HandoffRecord {
  state: HandoffState;
  /** Bumped on every change; stores compare it to apply changes atomically. */
  version: number;
  priority: Priority;
  reason?: HandoffReason;
  /** The intent that escalated (e.g. `fraud.report`), when `reason` is `intent`. */
  intent?: string;
  /** When the customer joined the queue: their place in it. */
  queuedAt?: number;
  /** When a released conversation re-joined the queue (keeping its place): "still waiting" counts from here. */
  waitingSince?: number;
  claimedAt?: number;
  /** Agent id while `agent`, and who resolved or handed back afterwards. */
  agent?: string;
  /** The customer's last message: Messenger's 24-hour window and the 7-day HUMAN_AGENT tag. */
  lastCustomerAt?: number;
  /** The agent's last message (or the claim): a customer left unanswered too long is re-queued. */
  lastAgentAt?: number;
  /** Queue notices already sent, so several processes never send one twice. */
  notices?: { stillWaiting?: number; timeout?: number };
  /** The customer chose to leave a message after the queue timed out. */
  leftMessage?: boolean;
  /** A person took part since the bot last counted a resolution (metrics). */
  assisted?: boolean;
  updatedAt: number;
}

export type HandoffEvent =
  | { type: 'request'; at: number; priority: Priority; reason: HandoffReason; intent?: string }
  | { type: 'claim'; at: number; agent: string }
  | { type: 'release'; at: number; agent: string }
  | { type: 'cancel'; at: number }
  | { type: 'handBack'; at: number; agent: string }
  | { type: 'resolve'; at: number; agent: string }
  | { type: 'customerMessage'; at: number }
  | { type: 'agentMessage'; at: number; agent: string }
  | { type: 'notice'; at: number; notice: 'stillWaiting' | 'timeout' }
  | { type: 'leaveMessage'; at: number }
  | { type: 'counted'; at: number };

export type EventType = HandoffEvent['type'];

/** Which events each state accepts. Anything else is an illegal transition. */
export const TRANSITIONS: Readonly<Record<HandoffState, readonly EventType[]>> = {
  bot: ['request', 'customerMessage', 'counted'],
  queued: ['claim', 'cancel', 'customerMessage', 'notice', 'leaveMessage', 'request'],
  agent: ['handBack', 'resolve', 'release', 'customerMessage', 'agentMessage', 'counted'],
  resolved: ['request', 'customerMessage', 'counted'],
};

export const HANDOFF_STATES: readonly HandoffState[] = ['bot', 'queued', 'agent', 'resolved'];

export function initialRecord(at: number): HandoffRecord {
  return { state: 'bot', version: 0, priority: 'normal', updatedAt: at };
}

export type TransitionResult =
  | { ok: true; record: HandoffRecord }
  | { ok: false; reason: 'illegal' | 'not_owner'; state: HandoffState; agent?: string };

/** Whether a customer's messages go to a person rather than the NLU. */
export function withPeople(state: HandoffState): boolean {
  return state === 'queued' || state === 'agent';
}

/** Applies one event. Pure: returns a new record, never mutates the old one. */
export function transition(current: HandoffRecord, event: HandoffEvent): TransitionResult {
  if (!TRANSITIONS[current.state].includes(event.type))
    return { ok: false, reason: 'illegal', state: current.state, agent: current.agent };
  const base = { ...current, version: current.version + 1, updatedAt: event.at };
  const owner = (agent: string) => current.agent === agent;
  switch (event.type) {
    case 'request': {
      // Asking again while queued only raises the priority; the place in the queue is kept.
      if (current.state === 'queued')
        return ok({ ...base, priority: maxPriority(current.priority, event.priority) });
      const next: HandoffRecord = {
        ...base,
        state: 'queued',
        priority: event.priority,
        reason: event.reason,
        queuedAt: event.at,
        lastCustomerAt: event.reason === 'agent' ? current.lastCustomerAt : event.at,
      };
      delete next.intent;
      if (event.intent) next.intent = event.intent;
      delete next.agent;
      delete next.claimedAt;
      delete next.notices;
      delete next.leftMessage;
      delete next.waitingSince;
      return ok(next);
    }
    case 'claim':
      return ok({ ...base, state: 'agent', agent: event.agent, claimedAt: event.at, lastAgentAt: event.at });
    case 'release': {
      if (!owner(event.agent)) return notOwner(current);
      const next: HandoffRecord = { ...base, state: 'queued', waitingSince: event.at };
      delete next.agent;
      delete next.claimedAt;
      delete next.lastAgentAt;
      delete next.notices;
      return ok(next);
    }
    case 'cancel': {
      const next: HandoffRecord = { ...base, state: 'bot' };
      delete next.queuedAt;
      delete next.waitingSince;
      delete next.notices;
      delete next.leftMessage;
      return ok(next);
    }
    case 'handBack':
    case 'resolve': {
      if (!owner(event.agent)) return notOwner(current);
      return ok({ ...base, state: event.type === 'handBack' ? 'bot' : 'resolved', assisted: true });
    }
    case 'customerMessage':
      return ok({ ...base, lastCustomerAt: event.at });
    case 'agentMessage':
      if (!owner(event.agent)) return notOwner(current);
      return ok({ ...base, lastAgentAt: event.at });
    case 'notice':
      // Each notice goes out once per wait, however many processes look at the queue.
      if (current.notices?.[event.notice] !== undefined)
        return { ok: false, reason: 'illegal', state: current.state, agent: current.agent };
      return ok({ ...base, notices: { ...current.notices, [event.notice]: event.at } });
    case 'leaveMessage':
      return ok({ ...base, leftMessage: true });
    case 'counted': {
      const next = { ...base };
      delete next.assisted;
      return ok(next);
    }
  }
}

function ok(record: HandoffRecord): TransitionResult {
  return { ok: true, record };
}

function notOwner(current: HandoffRecord): TransitionResult {
  return { ok: false, reason: 'not_owner', state: current.state, agent: current.agent };
}

function maxPriority(a: Priority, b: Priority): Priority {
  return a === 'high' || b === 'high' ? 'high' : 'normal';
}

/** Queue order: high priority first, then first come first served. */
export function queueScore(record: Pick<HandoffRecord, 'priority' | 'queuedAt'>): number {
  return (record.priority === 'high' ? 0 : 1e13) + (record.queuedAt ?? 0);
}
