import type { Handoff } from '../../handoff/handoff';
import { conversationLabel } from '../../handoff/mask';
import type { HandoffRecord } from '../../handoff/state';
import type { AgentDirectory } from './agents';

export interface QueueItem {
  key: string;
  label: string;
  position: number;
  priority: 'normal' | 'high';
  reasonText: string;
  queuedAt: number;
  waitingMs: number;
  leftMessage: boolean;
}

export interface ConversationSummary {
  key: string;
  label: string;
  state: HandoffRecord['state'];
  agent?: string;
  agentName?: string;
  stateText: string;
}

export function reasonText(r: HandoffRecord): string {
  if (r.leftMessage) return 'left a message';
  switch (r.reason) {
    case 'intent':
      return r.intent === 'fraud.report'
        ? 'fraud / lost or stolen card'
        : `asked about ${r.intent ?? 'something'}`;
    case 'fallbacks':
      return "the bot didn't understand";
    case 'agent':
      return 'picked by staff';
    default:
      return 'asked for a person';
  }
}

export async function queueView(h: Handoff): Promise<QueueItem[]> {
  const now = h.now();
  const entries = await h.store.queue(200);
  const records = await Promise.all(entries.map((e) => h.store.get(e.key)));
  return entries.flatMap((e, i) => {
    const r = records[i];
    if (!r || r.state !== 'queued') return [];
    const queuedAt = r.queuedAt ?? now;
    return [
      {
        key: e.key,
        label: conversationLabel(e.key),
        position: i + 1,
        priority: r.priority,
        reasonText: reasonText(r),
        queuedAt,
        waitingMs: now - queuedAt,
        leftMessage: r.leftMessage === true,
      },
    ];
  });
}

/** Conversations active in the last day, newest first, with who has them. */
export async function conversationsView(h: Handoff, agents: AgentDirectory): Promise<ConversationSummary[]> {
  const keys = await h.store.recent(h.now() - 24 * 3600_000, 50);
  const records = await Promise.all(keys.map((k) => h.store.get(k)));
  return keys.map((key, i) => {
    const r = records[i];
    const state = r?.state ?? 'bot';
    const agentName = r?.agent ? (agents.get(r.agent)?.name ?? r.agent) : undefined;
    const stateText =
      state === 'agent'
        ? `with ${agentName}`
        : state === 'queued'
          ? 'in the queue'
          : state === 'resolved'
            ? 'resolved'
            : 'with the bot';
    return { key, label: conversationLabel(key), state, agent: r?.agent, agentName, stateText };
  });
}
