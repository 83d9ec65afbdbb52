import type { TestUser } from '../../src/channels/test/recording-channel';
import type { ConnectorGrant } from '../../src/connectors/types';
import { replyToPlainText, type Reply } from '../../src/engine/reply';

/** What a customer reads, one string for a batch of replies. */
export function plain(replies: Reply[]): string {
  return replies.map(replyToPlainText).join('\n---\n');
}

/** Labels of the quick replies and buttons in a batch of replies. */
export function controls(replies: Reply[]): string[] {
  return replies.flatMap((r) => [
    ...(r.quickReplies ?? []).map((q) => q.title),
    ...(r.type === 'buttons' ? r.buttons.map((b) => b.title) : []),
  ]);
}

/** Says something and returns what came back as plain text. */
export async function ask(user: TestUser, text: string): Promise<string> {
  return plain(await user.say(text));
}

/** A grant of our own for reading the sandbox directly, to compute expected answers independently. */
export function directGrant(customerId = 'cust_amelia'): ConnectorGrant {
  return {
    subject: customerId,
    accessToken: 'test-direct',
    scopes: ['accounts:read', 'balances:read', 'transactions:read'],
  };
}
