import type { AgentDelivery, ExternalInbox, Handoff } from '../../handoff/handoff';
import { HandoffError } from '../../handoff/errors';
import type { Logger } from '../../logging/logger';
import type { InboundEvent, StandbyEvent } from './events';
import type { GraphClient } from './graph-client';
import { CHANNEL } from './parse';
import type { SendApi } from './send-api';

/** Meta's Page Inbox app: where a page's staff answer chats in Meta Business Suite. */
export const PAGE_INBOX_APP_ID = '263902037430900';
/** Messenger's standard messaging window, and how long the HUMAN_AGENT tag extends it for a person. */
export const RESPONSE_WINDOW_MS = 24 * 3600_000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600_000;

/** A handover protocol webhook event (the `messaging_handovers` subscription field). */
export interface HandoverEvent {
  userId: string;
  timestamp: number;
  kind: 'pass_thread_control' | 'take_thread_control' | 'request_thread_control';
  /** The app that owns the thread now (pass / take), or asks for it (request). */
  newOwnerAppId?: string;
  previousOwnerAppId?: string;
  /** Free text the other app attached; never logged. */
  metadata?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
const id = (v: unknown): string | undefined =>
  typeof v === 'number' ? String(v) : typeof v === 'string' && v !== '' ? v : undefined;

/** Reads a `messaging[]` item that is a handover event; undefined for anything else. */
export function parseHandover(
  pageId: string,
  userId: string,
  timestamp: number,
  item: Obj,
): InboundEvent | undefined {
  for (const kind of ['pass_thread_control', 'take_thread_control', 'request_thread_control'] as const) {
    const body = obj(item[kind]);
    if (!body) continue;
    const handover: HandoverEvent = { userId, timestamp, kind };
    const owner = id(body.new_owner_app_id) ?? id(body.requested_owner_app_id);
    if (owner) handover.newOwnerAppId = owner;
    const previous = id(body.previous_owner_app_id);
    if (previous) handover.previousOwnerAppId = previous;
    if (typeof body.metadata === 'string') handover.metadata = body.metadata;
    return { kind: 'handover', pageId, userId, handover };
  }
  return undefined;
}

/**
 * How a person's replies reach a Messenger customer: a normal RESPONSE within 24 hours of the
 * customer's last message, the HUMAN_AGENT tag up to 7 days, and a clear refusal after that.
 */
export function messengerAgentDelivery(sendApi: Pick<SendApi, 'send' | 'typing'>): AgentDelivery {
  return {
    async send(userId, reply, { lastCustomerAt, now }) {
      const age = lastCustomerAt === undefined ? 0 : now - lastCustomerAt;
      if (age <= RESPONSE_WINDOW_MS) return sendApi.send(userId, reply);
      if (age <= HUMAN_AGENT_WINDOW_MS) return sendApi.send(userId, reply, { tag: 'HUMAN_AGENT' });
      throw new HandoffError(
        'TELLER_ERR_HANDOFF_WINDOW',
        'Messenger allows a person to reply for 7 days after the customer’s last message; that time has passed',
      );
    },
    typing: (userId, on) => sendApi.typing(userId, on),
  };
}

export interface MessengerHandoverOptions {
  handoff: Handoff;
  graph: Pick<GraphClient, 'call'>;
  sendApi: Pick<SendApi, 'send' | 'typing'>;
  logger: Logger;
  /**
   * Page Inbox mode: escalations are passed to Meta's Page Inbox (pass_thread_control) instead of
   * Teller's console queue, and come back when the inbox passes the thread back.
   */
  pageInbox?: boolean;
  /** The inbox app's id; default Meta's Page Inbox. */
  inboxAppId?: string;
  /** This bot's own app id, to recognise a thread passed back to it (MESSENGER_APP_ID). */
  appId?: string;
}

/**
 * Handoff on Messenger: tagged replies for people, and (optionally) the handover protocol with
 * Meta's Page Inbox. Wire `onHandover` and `onStandby` into the channel (createMessengerChannel
 * does this when given `handoff`).
 */
export class MessengerHandover {
  private readonly inboxAppId: string;

  constructor(private readonly o: MessengerHandoverOptions) {
    this.inboxAppId = o.inboxAppId ?? PAGE_INBOX_APP_ID;
    o.handoff.registerDelivery(CHANNEL, messengerAgentDelivery(o.sendApi));
    if (o.pageInbox) o.handoff.registerInbox(CHANNEL, this.inbox());
  }

  /** The Page Inbox as an outside help desk. */
  inbox(): ExternalInbox {
    return {
      agent: { id: 'page-inbox', name: 'Page Inbox' },
      pass: async (userId, metadata) => {
        await this.o.graph.call('POST', '/me/pass_thread_control', {
          body: { recipient: { id: userId }, target_app_id: this.inboxAppId, metadata },
        });
      },
    };
  }

  /** Takes the thread back from whichever app holds it (e.g. after a person handed back in Teller). */
  async takeThreadControl(userId: string, metadata = 'teller: back to the bot'): Promise<void> {
    await this.o.graph.call('POST', '/me/take_thread_control', {
      body: { recipient: { id: userId }, metadata },
    });
  }

  /** `messaging_handovers` events: the thread came back to us, or the inbox took it. */
  readonly onHandover = async (event: HandoverEvent): Promise<void> => {
    const user = { channel: CHANNEL, userId: event.userId };
    const toUs = this.o.appId
      ? event.newOwnerAppId === this.o.appId
      : event.newOwnerAppId !== this.inboxAppId;
    this.o.logger.info({ channel: CHANNEL, handover: event.kind, toUs }, 'messenger handover event');
    if (event.kind === 'request_thread_control') {
      // The inbox asks for the thread (a person opened it there): let it have it.
      if (event.newOwnerAppId === this.inboxAppId && this.o.pageInbox) {
        await this.inbox().pass(event.userId, 'teller: requested by the inbox');
        await this.o.handoff.takenByInbox(user);
      }
      return;
    }
    if (toUs) await this.o.handoff.returnedFromInbox(user);
    else if (event.newOwnerAppId === this.inboxAppId) await this.o.handoff.takenByInbox(user);
  };

  /** Messages in a thread another app owns: kept in the transcript so the bot and staff see the story. */
  readonly onStandby = async (event: StandbyEvent): Promise<void> => {
    const body = event.text ?? event.payload;
    if (!body) return;
    await this.o.handoff.record(`${CHANNEL}:${event.userId}`, {
      at: event.timestamp || this.o.handoff.now(),
      from: event.isEcho ? 'agent' : 'customer',
      text: body,
      ...(event.isEcho ? { agent: 'page-inbox' } : {}),
    });
    if (!event.isEcho)
      await this.o.handoff.apply(`${CHANNEL}:${event.userId}`, {
        type: 'customerMessage',
        at: event.timestamp || this.o.handoff.now(),
      });
  };
}
