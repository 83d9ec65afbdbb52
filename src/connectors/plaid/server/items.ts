import { randomUUID } from 'node:crypto';

export interface Item {
  itemId: string;
  customerId: string;
  webhook?: string;
  accessToken: string;
  /** ITEM_LOGIN_REQUIRED: the customer must log in again (the conformance kit's "expired token"). */
  loginRequired: boolean;
}

/** The local Plaid's link tokens, public tokens and items. In memory: a test and demo service. */
export class ItemStore {
  private readonly linkTokens = new Map<string, { webhook?: string; expiresAt: number }>();
  private readonly publicTokens = new Map<
    string,
    { customerId: string; webhook?: string; expiresAt: number }
  >();
  private readonly items = new Map<string, Item>();
  private readonly byToken = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  linkToken(webhook?: string): { token: string; expiresAt: number } {
    const token = `link-sandbox-${randomUUID()}`;
    const expiresAt = this.now() + 4 * 3_600_000;
    this.linkTokens.set(token, { ...(webhook ? { webhook } : {}), expiresAt });
    return { token, expiresAt };
  }

  /** What Plaid Link does once the customer logged in at their bank: a 30-minute, single-use public token. */
  publicToken(customerId: string, opts: { linkToken?: string; webhook?: string } = {}): string {
    const link = opts.linkToken ? this.linkTokens.get(opts.linkToken) : undefined;
    if (opts.linkToken && (!link || link.expiresAt < this.now())) throw new Error('INVALID_LINK_TOKEN');
    const webhook = opts.webhook ?? link?.webhook;
    const token = `public-sandbox-${randomUUID()}`;
    this.publicTokens.set(token, {
      customerId,
      ...(webhook ? { webhook } : {}),
      expiresAt: this.now() + 30 * 60_000,
    });
    return token;
  }

  exchange(publicToken: string): Item | undefined {
    const p = this.publicTokens.get(publicToken);
    this.publicTokens.delete(publicToken);
    if (!p || p.expiresAt < this.now()) return undefined;
    const item: Item = {
      itemId: randomUUID().replace(/-/g, ''),
      customerId: p.customerId,
      ...(p.webhook ? { webhook: p.webhook } : {}),
      accessToken: `access-sandbox-${randomUUID()}`,
      loginRequired: false,
    };
    this.items.set(item.itemId, item);
    this.byToken.set(item.accessToken, item.itemId);
    return item;
  }

  byAccessToken(token: string): Item | undefined {
    const id = this.byToken.get(token);
    return id ? this.items.get(id) : undefined;
  }

  get(itemId: string): Item | undefined {
    return this.items.get(itemId);
  }

  remove(itemId: string): void {
    const item = this.items.get(itemId);
    if (!item) return;
    this.byToken.delete(item.accessToken);
    this.items.delete(itemId);
  }
}
