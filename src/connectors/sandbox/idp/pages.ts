import { escapeHtml, page } from '../../../server/html';

/** What each scope the sandbox bank knows lets Teller read, in the customer's words. */
export const SCOPE_TEXT: Readonly<Record<string, string>> = {
  accounts: 'your account list (names and the last 4 digits only)',
  balances: 'your balances',
  transactions: 'your transaction detail (payees, amounts, dates)',
};

export interface ConsentScreen {
  bankName: string;
  clientName: string;
  action: string;
  /** The scopes the client asked for, in order. */
  scopes: string[];
  customers: { id: string; name: string }[];
  /** Pre-selected customer; when `fixed`, the customer already signed in and cannot change. */
  chosen?: string;
  fixed?: boolean;
  /**
   * An Open Banking consent (`openbanking_intent_id`) in words: listed instead of the scopes, with
   * no transaction checkbox (the app fixed the permissions when it created the consent).
   */
  permissions?: string[];
}

/**
 * The sandbox bank's sign-in and consent screen in one form: pick a demo customer (there are no
 * passwords in the sandbox), see what the app asks for, choose whether to share transaction
 * detail, allow or decline. Plain HTML, no JavaScript.
 */
export function consentPage(s: ConsentScreen): string {
  const asked = s.scopes.filter((scope) => scope in SCOPE_TEXT);
  const customers = s.customers
    .filter((c) => !s.fixed || c.id === s.chosen)
    .map(
      (c) =>
        `<option value="${escapeHtml(c.id)}"${c.id === s.chosen ? ' selected' : ''}>${escapeHtml(c.name)}</option>`,
    )
    .join('');
  const lines =
    s.permissions ?? asked.filter((scope) => scope !== 'transactions').map((scope) => SCOPE_TEXT[scope]!);
  const items = lines.map((line) => `<li>read ${escapeHtml(line)}</li>`).join('');
  const transactions =
    !s.permissions && asked.includes('transactions')
      ? `<label><input type="checkbox" name="share_transactions" value="yes" checked> Also share ${escapeHtml(
          SCOPE_TEXT.transactions!,
        )}</label>`
      : '';
  return page(
    `${s.bankName}: sign in`,
    `<h1>${escapeHtml(s.bankName)}</h1>
<div class="card"><p><strong>${escapeHtml(s.clientName)}</strong> asks to:</p>
<ul>${items}</ul>
<form method="post" action="${escapeHtml(s.action)}">
<label>Sign in as (sandbox demo customer): <select name="customer">${customers}</select></label>
${transactions}
<p class="muted">Read-only: the app can never move money. You can withdraw this at any time.</p>
<p><button class="approve" type="submit" name="decision" value="approve">Allow read-only access</button>
<button class="decline" type="submit" name="decision" value="decline">Don't allow</button></p>
</form></div>`,
  );
}

/** Shown when the bank cannot continue (expired interaction, unknown customer). */
export function errorPage(bankName: string, message: string): string {
  return page(
    `${bankName}: cannot continue`,
    `<h1>${escapeHtml(bankName)}</h1><p>${escapeHtml(message)}</p><p class="muted">Go back to the chat and ask again for a fresh link.</p>`,
  );
}
