import { randomBytes } from 'node:crypto';
import type { ConsentLedger } from '../consent';
import type { TurnContext } from '../engine/context';
import type { IntentDefinition } from '../engine/intent';
import { intentPayload } from '../engine/payloads';
import { quick, text, type QuickReply } from '../engine/reply';
import type { PendingIntent } from '../engine/session-data';
import type { Resolved } from '../engine/understand';
import { payloadWith } from '../render/suggestions';
import type { ConnectorInfo } from './stores';

/** Session scratch key: the nonce of the re-confirmation question (no bank data). */
const MARKER = 'consent.reconfirm';
/** The param a "Keep sharing" press carries. */
export const RECONFIRM_PARAM = 'reconfirm';
/** A kept question older than this is not answered automatically after "Keep sharing". */
const KEPT_QUESTION_MS = 30 * 60_000;

interface Marker {
  nonce: string;
  intent: string;
}

function readMarker(value: unknown): Marker | undefined {
  const m = value as Partial<Marker> | undefined;
  return m && typeof m.nonce === 'string' && typeof m.intent === 'string'
    ? { nonce: m.nonce, intent: m.intent }
    : undefined;
}

export interface ReconfirmationOptions {
  ledger: ConsentLedger;
  connector: ConnectorInfo;
  /** Looks up an intent by name (the engine's intents). */
  intent: (name: string) => IntentDefinition | undefined;
}

/**
 * Re-confirmation every 90 days (the ledger decides when it is due). Before the next bank call the
 * customer is asked what is shared, with "Keep sharing" and "Unlink"; the question waits, like at
 * the link gate. "Keep sharing" records the re-confirmation and answers the waiting question;
 * "Unlink" revokes. No bank call happens before the answer.
 */
export class ConsentReconfirmation {
  constructor(private readonly o: ReconfirmationOptions) {}

  /**
   * `'asked'` when the turn stops at the question; a `Resolved` to run instead (the kept question
   * after "Keep sharing", or the same one without the button's param); undefined to go on.
   */
  async check(
    ctx: TurnContext,
    r: Resolved,
    previous?: PendingIntent,
  ): Promise<'asked' | Resolved | undefined> {
    const { ledger, connector } = this.o;
    const now = ctx.now();
    const nonce = r.params[RECONFIRM_PARAM];
    let resolved: Resolved | undefined;
    if (nonce !== undefined) {
      const params = { ...r.params };
      delete params[RECONFIRM_PARAM];
      resolved = { ...r, params };
      const marker = readMarker(ctx.session.data[MARKER]);
      if (marker && marker.nonce === nonce && (await ledger.reconfirm(ctx.user, connector.id, now))) {
        delete ctx.session.data[MARKER];
        ctx.log.info({ connector: connector.id, intent: r.intent.name }, 'consent reconfirmed');
        const kept =
          previous?.waitingFor.kind === 'link' &&
          previous.intent === marker.intent &&
          now.getTime() - previous.since <= KEPT_QUESTION_MS
            ? this.o.intent(previous.intent)
            : undefined;
        if (kept && previous)
          return {
            intent: kept,
            entities: previous.entities,
            params: previous.params ?? {},
            skipped: previous.skipped,
          };
        return resolved;
      }
      // A stale "Keep sharing" (the question was answered or asked again): treat it as the question.
    }
    if (!(await ledger.needsReconfirmation(ctx.user, connector.id, now))) return resolved;
    await this.ask(ctx, resolved ?? r);
    return 'asked';
  }

  private async ask(ctx: TurnContext, r: Resolved): Promise<void> {
    const { ledger, connector } = this.o;
    const now = ctx.now().getTime();
    const entry = await ledger.current(ctx.user, connector.id, now);
    const nonce = randomBytes(12).toString('base64url');
    ctx.session.data[MARKER] = { nonce, intent: r.intent.name } satisfies Marker;
    ctx.session.pending = {
      intent: r.intent.name,
      entities: r.entities,
      params: r.params,
      waitingFor: { kind: 'link', connector: connector.id },
      skipped: r.skipped,
      since: now,
    };
    const since = entry ? (entry.reconfirmedAt ?? entry.grantedAt).slice(0, 10) : undefined;
    const shared = sharedData(entry?.scopes ?? []);
    const replies: QuickReply[] = [
      quick('Keep sharing', payloadWith(intentPayload(r.intent.name), { [RECONFIRM_PARAM]: nonce })),
    ];
    if (this.o.intent('unlink')) replies.push(quick('Unlink', intentPayload('unlink')));
    await ctx.reply(
      text(
        `Before I answer: it's time to confirm your link to ${connector.displayName}` +
          (since ? ` (last confirmed on ${since})` : '') +
          `. Teller can read your ${shared} there — read-only, it can never move money. ` +
          'Do you want to keep sharing them with Teller?',
        replies,
      ),
    );
  }
}

function sharedData(scopes: string[]): string {
  const names = scopes.map((s) =>
    s.startsWith('accounts') ? 'account list' : s.replace(/:read$/, '').replace(/_/g, ' '),
  );
  if (names.length === 0) return 'accounts';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
