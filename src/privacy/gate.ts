import type { TurnContext } from '../engine/context';
import { buttons } from '../engine/reply';
import type { PendingIntent } from '../engine/session-data';
import type { Resolved } from '../engine/understand';
import { effectiveMode, type PrivacyMode } from './mode';
import type { ConsentReconfirmation } from './reconfirm';
import type { SecureViews } from './secure-views';

/** The engine's privacy hooks around a bank-reading intent (see Engine `runIntent`). */
export interface PrivacyGate {
  /**
   * Once linked, before any bank call: `'asked'` stops the turn at the 90-day re-confirmation
   * question; a `Resolved` is run instead of `r`; undefined goes on.
   */
  reconfirm(ctx: TurnContext, r: Resolved, previous?: PendingIntent): Promise<'asked' | Resolved | undefined>;
  /** Instead of the handler: true when the answer was sent as a secure-view link. */
  present(ctx: TurnContext, r: Resolved): Promise<boolean>;
}

export interface TellerPrivacyGateOptions {
  mode: PrivacyMode;
  views: SecureViews;
  reconfirmation?: ConsentReconfirmation;
}

export class TellerPrivacyGate implements PrivacyGate {
  constructor(private readonly o: TellerPrivacyGateOptions) {}

  async reconfirm(ctx: TurnContext, r: Resolved, previous?: PendingIntent) {
    return this.o.reconfirmation?.check(ctx, r, previous);
  }

  async present(ctx: TurnContext, r: Resolved): Promise<boolean> {
    if (effectiveMode(r.intent, this.o.mode) !== 'secure-view') return false;
    const url = await this.o.views.create(ctx.user, r);
    const minutes = Math.max(1, Math.round(this.o.views.ttlMs / 60_000));
    await ctx.reply(
      buttons(
        'Your answer is ready on a private page, so your figures never pass through this chat. ' +
          `The link opens once, within ${minutes} minutes.`,
        [{ type: 'url', title: 'View privately', url }],
      ),
    );
    return true;
  }
}
