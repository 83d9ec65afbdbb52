import type { Handoff } from './handoff';
import * as say from './messages';
import { withPeople } from './state';

/**
 * One pass over the queue and the recent conversations: "still waiting" and time-out notices for
 * customers in the queue, and bot-only conversations gone idle counted as resolved by the bot.
 * Safe to run in every process at once: each notice and each count is claimed atomically first.
 */
export async function tick(h: Handoff): Promise<void> {
  const now = h.now();
  const { stillWaitingAfterMs, queueTimeoutMs, idleAfterMs } = h.settings;
  for (const { key } of await h.store.queue(500)) {
    const record = await h.store.get(key);
    if (!record) {
      await h.store.delete(key); // the record expired while queued: drop its place in the queue
      continue;
    }
    if (record.state !== 'queued' || record.leftMessage) continue;
    const waited = now - (record.waitingSince ?? record.queuedAt ?? now);
    if (waited >= queueTimeoutMs && record.notices?.timeout === undefined) {
      const applied = await h.apply(key, { type: 'notice', at: now, notice: 'timeout' });
      if (applied.ok) await notify(h, key, say.timeoutReply());
    } else if (waited >= stillWaitingAfterMs && record.notices?.stillWaiting === undefined) {
      const applied = await h.apply(key, { type: 'notice', at: now, notice: 'stillWaiting' });
      if (!applied.ok) continue;
      const position = (await h.store.position(key)) ?? 1;
      await notify(h, key, say.stillWaitingReply(position, await h.eta(position)));
    }
  }
  await requeueUnanswered(h, now);
  for (const key of await h.store.takeIdle(now - idleAfterMs)) {
    const record = await h.store.get(key);
    if (record && withPeople(record.state)) {
      await h.store.touch(key, now); // waiting for a person is not idle
      continue;
    }
    if (record?.assisted) {
      await h.apply(key, { type: 'counted', at: now }); // already counted as resolved by a person
      continue;
    }
    h.metrics?.resolved('bot');
  }
}

/**
 * A customer who wrote to a person and heard nothing back for `agentResponseTimeoutMs` (the console
 * was closed, the agent was called away) goes back to the queue at their old place and is told so.
 * Conversations held by an outside inbox (Meta's Page Inbox) are that inbox's to manage.
 */
async function requeueUnanswered(h: Handoff, now: number): Promise<void> {
  const limit = h.settings.agentResponseTimeoutMs;
  for (const key of await h.store.recent(now - limit - 24 * 3600_000, 500)) {
    const record = await h.store.get(key);
    if (record?.state !== 'agent' || !record.agent || h.isExternalAgent(record.agent)) continue;
    const customerAt = record.lastCustomerAt ?? 0;
    const answeredAt = record.lastAgentAt ?? record.claimedAt ?? 0;
    if (customerAt <= answeredAt || now - customerAt < limit) continue;
    const applied = await h.apply(key, { type: 'release', at: now, agent: record.agent });
    if (!applied.ok) continue; // the agent answered, handed back or released in the meantime
    await h.record(key, {
      at: now,
      from: 'system',
      text: 'Returned to the queue: the customer waited too long for a reply',
    });
    await notify(h, key, say.requeuedReply((await h.store.position(key)) ?? 1));
    await h.o.bus.publish({ type: 'queue' });
  }
}

async function notify(h: Handoff, key: string, reply: ReturnType<typeof say.timeoutReply>): Promise<void> {
  try {
    await h.deliver(key, reply);
    await h.record(key, { at: h.now(), from: 'bot', text: reply.type === 'text' ? reply.text : '' });
  } catch (err) {
    h.o.logger.warn({ code: 'TELLER_ERR_CHANNEL_SEND', err }, 'handoff: could not send a queue notice');
  }
}
