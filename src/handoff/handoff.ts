import type { Outbound } from '../engine/context';
import { errorCode } from '../engine/errors';
import { text, type Reply } from '../engine/reply';
import type { LinkUser } from '../linking/types';
import { userKey } from '../linking/types';
import type { Logger } from '../logging/logger';
import type { HandoffMetrics } from '../metrics/handoff';
import type { PersonalDataStore } from '../privacy/erasable';
import type { ConsoleBus } from './bus';
import { HandoffError } from './errors';
import { conversationLabel, maskText } from './mask';
import * as say from './messages';
import { tick } from './notices';
import type { HandoffEvent, HandoffReason, HandoffRecord, Priority } from './state';
import type { Applied, HandoffStore } from './store';
import type { TranscriptEntry, TranscriptStore } from './transcript';
import { handoffPersonalData } from './personal-data';
import {
  DEFAULT_CANNED_REPLIES,
  type AgentDelivery,
  type AgentRef,
  type ExternalInbox,
  type HandoffSettings,
} from './types';

export {
  DEFAULT_CANNED_REPLIES,
  type AgentDelivery,
  type AgentRef,
  type ExternalInbox,
  type HandoffSettings,
};

export interface HandoffServiceOptions extends HandoffSettings {
  store: HandoffStore;
  transcripts: TranscriptStore;
  bus: ConsoleBus;
  metrics?: HandoffMetrics;
  logger: Logger;
  now: () => Date;
  /** The engine's Outbound for a channel (customer notices, and agent messages by default). */
  outbound: (channel: string) => Outbound | undefined;
  botName: string;
  bankName: string;
}

export type ClaimOutcome = { ok: true } | { ok: false; state: string; agent?: string };

/**
 * Handoff to people: the queue, claiming, messages both ways, notices while waiting, and the
 * hand-back to the bot. State changes go through the store's compare-and-set state machine;
 * every change is announced to open consoles on the bus.
 */
export class Handoff {
  readonly settings: Required<HandoffSettings>;
  private readonly deliveries = new Map<string, AgentDelivery>();
  private readonly inboxes = new Map<string, ExternalInbox>();
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly o: HandoffServiceOptions) {
    this.settings = {
      stillWaitingAfterMs: o.stillWaitingAfterMs ?? 2 * 60_000,
      queueTimeoutMs: o.queueTimeoutMs ?? 10 * 60_000,
      defaultWaitMs: o.defaultWaitMs ?? 3 * 60_000,
      idleAfterMs: o.idleAfterMs ?? 30 * 60_000,
      agentResponseTimeoutMs: o.agentResponseTimeoutMs ?? 10 * 60_000,
      tickMs: o.tickMs ?? 5000,
      maskAmounts: o.maskAmounts ?? true,
      cannedReplies: o.cannedReplies ?? DEFAULT_CANNED_REPLIES,
    };
    o.metrics?.queueLength(() => o.store.queueLength());
  }

  /** Starts the queue watcher (notices while waiting, idle conversations). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      tick(this).catch((err: unknown) =>
        this.o.logger.warn({ code: 'TELLER_ERR_STORAGE', err }, 'handoff: queue check failed'),
      );
    }, this.settings.tickMs);
    this.timer.unref();
  }

  /** Stops the watcher and closes the console bus's connection. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.o.bus.close();
  }

  get metrics(): HandoffMetrics | undefined {
    return this.o.metrics;
  }

  get store(): HandoffStore {
    return this.o.store;
  }
  get transcripts(): TranscriptStore {
    return this.o.transcripts;
  }
  get bus(): ConsoleBus {
    return this.o.bus;
  }

  /** How agents' messages reach customers on `channel` (default: the engine's Outbound). */
  registerDelivery(channel: string, delivery: AgentDelivery): void {
    this.deliveries.set(channel, delivery);
  }

  /** Sends `channel`'s escalations to an outside help desk instead of the console queue. */
  registerInbox(channel: string, inbox: ExternalInbox): void {
    this.inboxes.set(channel, inbox);
  }

  now(): number {
    return this.o.now().getTime();
  }

  /** A line as staff may see it. */
  mask(entry: TranscriptEntry): TranscriptEntry {
    return { ...entry, text: maskText(entry.text, { amounts: this.settings.maskAmounts }) };
  }

  /** Appends to the transcript and tells open consoles (masked). */
  async record(key: string, entry: TranscriptEntry): Promise<void> {
    // Masked before it is stored: a transcript never holds a card number, a full account number
    // or (in the default privacy mode) a balance.
    const masked = this.mask(entry);
    await this.o.transcripts.append(key, masked);
    await this.o.bus.publish({ type: 'message', key, entry: masked });
  }

  /** Estimated wait for a place in the queue, from recent real waits. */
  async eta(position: number): Promise<number> {
    const waits = await this.o.store.waits();
    const per = waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : this.settings.defaultWaitMs;
    return Math.max(1, position) * per;
  }

  /**
   * Puts the customer in the queue (or hands them to an outside inbox) and tells them their place
   * and wait. `reply` sends within the current turn, so the transcript records it.
   */
  async escalate(
    user: LinkUser,
    o: { priority?: Priority; reason: HandoffReason; intent?: string },
    reply: (r: Reply) => Promise<void>,
  ): Promise<HandoffRecord> {
    const key = userKey(user);
    const at = this.now();
    const priority = o.priority ?? 'normal';
    const applied = await this.apply(key, {
      type: 'request',
      at,
      priority,
      reason: o.reason,
      intent: o.intent,
    });
    if (!applied.ok) {
      await reply(say.alreadyWaitingReply(undefined));
      return applied.previous;
    }
    if (applied.previous.state === 'queued') {
      await reply(say.alreadyWaitingReply(await this.o.store.position(key)));
      return applied.record;
    }
    this.o.metrics?.handoff(o.reason);
    const inbox = this.inboxes.get(user.channel);
    if (inbox) {
      await inbox.pass(user.userId, `teller:${o.reason}${o.intent ? `:${o.intent}` : ''}`);
      await this.claim(key, inbox.agent, { silent: true });
      await reply(
        text(
          `${priority === 'high' ? "I've flagged this as urgent. " : ''}I'm passing you to a member of our team — you'll be chatting with a person here shortly.`,
        ),
      );
      return (await this.o.store.get(key)) ?? applied.record;
    }
    const position = (await this.o.store.position(key)) ?? 1;
    await reply(say.queuedReply({ position, etaMs: await this.eta(position), priority }));
    await this.o.bus.publish({ type: 'queue' });
    return applied.record;
  }

  /** Claims a queued conversation for one agent. Of several agents claiming at once, one wins. */
  async claim(key: string, agent: AgentRef, o: { silent?: boolean } = {}): Promise<ClaimOutcome> {
    const at = this.now();
    const applied = await this.apply(key, { type: 'claim', at, agent: agent.id });
    if (!applied.ok) return { ok: false, state: applied.state, agent: applied.agent };
    const waited = at - (applied.previous.waitingSince ?? applied.previous.queuedAt ?? at);
    await this.o.store.recordWait(waited);
    this.o.metrics?.observeWait(waited / 1000);
    await this.record(key, { at, from: 'system', text: `${agent.name} joined`, agent: agent.id });
    // The claim stands even if the greeting cannot be delivered (e.g. Messenger's window closed).
    if (!o.silent)
      await this.deliver(key, text(say.joinedText(agent.name, this.o.bankName)), applied.record).catch(
        (err: unknown) =>
          this.o.logger.warn({ code: errorCode(err) }, 'handoff: could not tell the customer who joined'),
      );
    await this.o.bus.publish({ type: 'queue' });
    return { ok: true };
  }

  /** An agent takes over a conversation that is with the bot (it passes through the queue). */
  async pick(key: string, agent: AgentRef): Promise<ClaimOutcome> {
    const record = await this.o.store.get(key);
    if (!record || record.state === 'bot' || record.state === 'resolved') {
      const lastCustomerAt = await this.lastCustomerAt(key);
      const applied = await this.apply(key, {
        type: 'request',
        at: this.now(),
        priority: 'normal',
        reason: 'agent',
      });
      if (applied.ok && lastCustomerAt !== undefined && applied.record.lastCustomerAt === undefined)
        await this.apply(key, { type: 'customerMessage', at: lastCustomerAt });
    }
    return this.claim(key, agent);
  }

  /** A person's message to the customer. */
  async send(key: string, agent: AgentRef, body: string): Promise<void> {
    const record = await this.owned(key, agent);
    await this.deliver(key, text(body), record);
    await this.apply(key, { type: 'agentMessage', at: this.now(), agent: agent.id });
    await this.record(key, { at: this.now(), from: 'agent', text: body, agent: agent.id });
  }

  /** Shows the customer that the agent is typing, and other consoles too. */
  async typing(key: string, agent: AgentRef, on: boolean): Promise<void> {
    await this.owned(key, agent);
    const { channel, userId } = splitKey(key);
    const delivery = this.delivery(channel);
    await delivery?.typing?.(userId, on);
    await this.o.bus.publish({ type: 'typing', key, agent: agent.name, on });
  }

  /** A private note: staff only, never sent to the customer. */
  async note(key: string, agent: AgentRef, body: string): Promise<void> {
    await this.record(key, { at: this.now(), from: 'note', text: body, agent: agent.id });
  }

  /** Ends the agent's part: back to the bot, which says so (Messenger's bot-disclosure rule). */
  async handBack(key: string, agent: AgentRef): Promise<void> {
    await this.finish(key, agent, 'handBack');
  }

  /** Closes the conversation as resolved by a person. */
  async resolve(key: string, agent: AgentRef): Promise<void> {
    await this.finish(key, agent, 'resolve');
  }

  /** Puts a claimed conversation back in the queue for someone else. */
  async release(key: string, agent: AgentRef): Promise<void> {
    const applied = await this.apply(key, { type: 'release', at: this.now(), agent: agent.id });
    if (!applied.ok) throw conflict(applied.state);
    await this.record(key, {
      at: this.now(),
      from: 'system',
      text: `${agent.name} returned it to the queue`,
    });
    await this.o.bus.publish({ type: 'queue' });
  }

  /** The customer chose "Back to the bot" while waiting. */
  async cancel(key: string): Promise<boolean> {
    const applied = await this.apply(key, { type: 'cancel', at: this.now() });
    if (applied.ok) await this.o.bus.publish({ type: 'queue' });
    return applied.ok;
  }

  /** An outside inbox handed the conversation back (Messenger: thread control came back to us). */
  async returnedFromInbox(user: LinkUser): Promise<void> {
    const key = userKey(user);
    const record = await this.o.store.get(key);
    const inbox = this.inboxes.get(user.channel);
    if (!record || record.state !== 'agent' || !inbox || record.agent !== inbox.agent.id) return;
    await this.finish(key, inbox.agent, 'handBack');
  }

  /** An outside inbox took the conversation on its own (a person replied from the Page Inbox). */
  async takenByInbox(user: LinkUser): Promise<void> {
    const inbox = this.inboxes.get(user.channel);
    if (!inbox) return;
    const key = userKey(user);
    const record = await this.o.store.get(key);
    if (record?.state === 'agent') return;
    if (record?.state !== 'queued')
      await this.apply(key, { type: 'request', at: this.now(), priority: 'normal', reason: 'agent' });
    await this.claim(key, inbox.agent, { silent: true });
  }

  private async finish(key: string, agent: AgentRef, how: 'handBack' | 'resolve'): Promise<void> {
    const at = this.now();
    const applied = await this.apply(key, { type: how, at, agent: agent.id });
    if (!applied.ok) throw conflict(applied.state);
    this.o.metrics?.resolved('person');
    const reply = say.botBackReply({
      agentName: agent.name,
      resolved: how === 'resolve',
      botName: this.o.botName,
    });
    await this.deliver(key, reply, applied.record).catch((err: unknown) =>
      this.o.logger.warn({ code: 'TELLER_ERR_CHANNEL_SEND', err }, 'handoff: could not tell the customer'),
    );
    await this.record(key, { at, from: 'bot', text: reply.type === 'text' ? reply.text : '' });
    await this.o.bus.publish({ type: 'queue' });
  }

  /** Applies an event and announces state changes. */
  async apply(key: string, event: HandoffEvent): Promise<Applied> {
    const applied = await this.o.store.apply(key, event);
    if (applied.ok && applied.record.state !== applied.previous.state)
      await this.o.bus.publish({
        type: 'state',
        key,
        state: applied.record.state,
        agent: applied.record.agent,
        priority: applied.record.priority,
      });
    return applied;
  }

  /** Sends a reply to the conversation's customer through the channel's delivery. */
  async deliver(key: string, reply: Reply, record?: HandoffRecord): Promise<void> {
    const { channel, userId } = splitKey(key);
    const delivery = this.delivery(channel);
    if (!delivery)
      throw new HandoffError('TELLER_ERR_HANDOFF_CHANNEL', `No channel "${channel}" to reach the customer`);
    const r = record ?? (await this.o.store.get(key));
    await delivery.send(userId, reply, { lastCustomerAt: r?.lastCustomerAt, now: this.now() });
  }

  private delivery(channel: string): AgentDelivery | undefined {
    const own = this.deliveries.get(channel);
    if (own) return own;
    const out = this.o.outbound(channel);
    if (!out) return undefined;
    return { send: (userId, reply) => out.send(userId, reply), typing: out.typing?.bind(out) };
  }

  /** Whether an agent id stands for an outside inbox (Meta's Page Inbox) rather than a person here. */
  isExternalAgent(agentId: string): boolean {
    for (const inbox of this.inboxes.values()) if (inbox.agent.id === agentId) return true;
    return false;
  }

  private async owned(key: string, agent: AgentRef): Promise<HandoffRecord> {
    const record = await this.o.store.get(key);
    if (record?.state !== 'agent' || record.agent !== agent.id) throw conflict(record?.state ?? 'bot');
    return record;
  }

  private async lastCustomerAt(key: string): Promise<number | undefined> {
    const entries = await this.o.transcripts.list(key);
    return entries.filter((e) => e.from === 'customer').at(-1)?.at;
  }

  /** What staff see of one conversation. */
  async conversation(
    key: string,
  ): Promise<{ key: string; label: string; record?: HandoffRecord; entries: TranscriptEntry[] }> {
    const [record, entries] = await Promise.all([this.o.store.get(key), this.o.transcripts.list(key)]);
    return { key, label: conversationLabel(key), record, entries: entries.map((e) => this.mask(e)) };
  }

  /** Transcripts and handoff state, for "what do you know about me?" and "delete my data". */
  personalData(): PersonalDataStore {
    return handoffPersonalData(this);
  }
}

export function splitKey(key: string): LinkUser {
  const i = key.indexOf(':');
  return { channel: key.slice(0, i), userId: key.slice(i + 1) };
}

function conflict(state: string): HandoffError {
  return new HandoffError(
    'TELLER_ERR_HANDOFF_CONFLICT',
    `The conversation is ${state === 'agent' ? 'with another agent' : `in state "${state}"`}`,
  );
}
