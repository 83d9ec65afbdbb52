import type { Turn } from '../../engine/turn';
import type { HandoverEvent } from './handover';

/** Meta's account-linking webhook event, as the OAuth linking feature will consume it. */
export interface AccountLinkingEvent {
  status: 'linked' | 'unlinked';
  /** Present when `status` is `linked`: the value the bank's redirect passed back. Never logged. */
  authorizationCode?: string;
  timestamp: number;
}

/**
 * An event from a thread another app owns (handover protocol standby channel). It is recorded and
 * handed to `onStandby`, never answered. `text`/`payload` are for the handoff feature; never logged.
 */
export interface StandbyEvent {
  pageId: string;
  /** The customer's PSID (the recipient when the event is an echo of the page's own message). */
  userId: string;
  timestamp: number;
  messageId?: string;
  isEcho: boolean;
  text?: string;
  payload?: string;
}

/**
 * What the webhook stores in the inbox: one channel-neutral item per Messenger event worth acting on.
 * JSON-serialisable, so the Redis inbox can keep it in a stream.
 */
export type InboundEvent =
  | { kind: 'turn'; pageId: string; turn: Turn }
  /** A message we can't read (image, audio, file, sticker…): answered politely, no NLU. */
  | {
      kind: 'unsupported';
      pageId: string;
      userId: string;
      messageId: string;
      timestamp: number;
      attachmentTypes: string[];
    }
  | { kind: 'account_linking'; pageId: string; userId: string; linking: AccountLinkingEvent }
  | { kind: 'standby'; pageId: string; userId: string; standby: StandbyEvent }
  /** Handover protocol: thread control passed, taken or requested (see handover.ts). */
  | { kind: 'handover'; pageId: string; userId: string; handover: HandoverEvent };

/** The user an event belongs to: inboxes keep each user's events in order. */
export function eventUser(event: InboundEvent): string {
  return event.kind === 'turn' ? event.turn.userId : event.userId;
}

/** The id used in logs: the message id where there is one. */
export function eventRef(event: InboundEvent): string {
  switch (event.kind) {
    case 'turn':
      return event.turn.messageId;
    case 'unsupported':
      return event.messageId;
    case 'standby':
      return event.standby.messageId ?? `standby:${event.standby.timestamp}`;
    case 'handover':
      return `${event.handover.kind}:${event.handover.timestamp}`;
    case 'account_linking':
      return `account_linking:${event.linking.timestamp}`;
  }
}
