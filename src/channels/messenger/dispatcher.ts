import type { Deduper } from '../../engine/dedupe';
import type { Engine } from '../../engine/engine';
import { text } from '../../engine/reply';
import type { Logger } from '../../logging/logger';
import type { AccountLinkingEvent, StandbyEvent } from './events';
import type { HandoverEvent } from './handover';
import type { EventConsumer } from './inbox';
import type { SendApi } from './send-api';

/** The answer to an image, audio clip, file or sticker: sent without running the NLU. */
export const UNSUPPORTED_TEXT =
  'Sorry — I can only read text for now. Please type your question, for example “balance” or “nearest ATM”.';

export type AccountLinkingHook = (userId: string, event: AccountLinkingEvent) => void | Promise<void>;
export type StandbyHook = (event: StandbyEvent) => void | Promise<void>;
export type HandoverHook = (event: HandoverEvent) => void | Promise<void>;

export interface DispatcherOptions {
  engine: Pick<Engine, 'handle'>;
  sendApi: Pick<SendApi, 'send'>;
  logger: Logger;
  /**
   * Remembers which unreadable messages were already answered. The engine dedupes turns itself;
   * these never reach it, so a redelivered image would otherwise get a second apology.
   */
  deduper: Deduper;
  onAccountLinking?: AccountLinkingHook;
  onStandby?: StandbyHook;
  onHandover?: HandoverHook;
}

/** What the inbox runs for each event: the engine for turns, a polite reply, or a hook. */
export function createDispatcher(o: DispatcherOptions): EventConsumer {
  return async (event) => {
    switch (event.kind) {
      case 'turn':
        await o.engine.handle(event.turn);
        return;
      case 'unsupported': {
        if (!(await o.deduper.claim(`messenger:unsupported:${event.messageId}`))) return;
        o.logger.info(
          { channel: 'messenger', turn: event.messageId, attachments: event.attachmentTypes },
          'unsupported message answered',
        );
        try {
          await o.sendApi.send(event.userId, text(UNSUPPORTED_TEXT));
        } catch (err) {
          o.logger.warn({ code: 'TELLER_ERR_CHANNEL_SEND', err }, 'could not answer an unsupported message');
        }
        return;
      }
      case 'account_linking':
        if (o.onAccountLinking) await o.onAccountLinking(event.userId, event.linking);
        else o.logger.debug({ status: event.linking.status }, 'account linking event ignored (no hook)');
        return;
      case 'standby':
        o.logger.debug(
          { channel: 'messenger', turn: event.standby.messageId, echo: event.standby.isEcho },
          'standby event recorded (another app owns the thread)',
        );
        if (o.onStandby) await o.onStandby(event.standby);
        return;
      case 'handover':
        if (o.onHandover) await o.onHandover(event.handover);
        else o.logger.debug({ handover: event.handover.kind }, 'handover event ignored (no hook)');
        return;
    }
  };
}
