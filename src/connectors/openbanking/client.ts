import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ConnectorError } from '../errors';
import { requestJson } from '../http';
import type { CallOptions } from '../types';

export interface OpenBankingClientOptions {
  /** The AIS base URL, e.g. https://ob.bank.example/open-banking/v3.1/aisp (no trailing slash). */
  baseUrl: string;
  /** The bank's `x-fapi-financial-id`. */
  financialId: string;
  /** Name used in error messages. */
  bankName: string;
  interactionId?: () => string;
}

/** The largest number of `Links.Next` pages followed for one list (a loop guard, not a limit in practice). */
export const MAX_PAGES = 500;

/** FAPI-flavoured JSON calls: the financial id, a fresh interaction id and the Bearer token on each. */
export class OpenBankingClient {
  private readonly origin: string;

  constructor(private readonly o: OpenBankingClientOptions) {
    this.origin = new URL(o.baseUrl).origin;
  }

  async call<S extends z.ZodTypeAny>(
    method: 'GET' | 'POST' | 'DELETE',
    pathOrUrl: string,
    token: string,
    schema: S | undefined,
    body: unknown,
    options?: CallOptions,
  ): Promise<z.infer<S> | undefined> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.o.baseUrl}${pathOrUrl}`;
    // Never send the customer's token anywhere but the bank that issued it.
    if (new URL(url).origin !== this.origin)
      throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', `${this.o.bankName} linked off-site`);
    const json = await requestJson<unknown>(
      this.o.bankName,
      {
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          'x-fapi-financial-id': this.o.financialId,
          'x-fapi-interaction-id': (this.o.interactionId ?? randomUUID)(),
        },
        ...(body !== undefined ? { body } : {}),
      },
      options,
    );
    if (!schema) return undefined;
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ConnectorError(
        'TELLER_ERR_CONNECTOR_BAD_RESPONSE',
        `${this.o.bankName} sent an unexpected payload (${parsed.error.issues[0]?.path.join('.') ?? '?'})`,
      );
    return parsed.data as z.infer<S>;
  }

  /** GETs a list and follows `Links.Next` until the last page, collecting each page's items. */
  async pages<S extends z.ZodTypeAny, T>(
    path: string,
    token: string,
    schema: S,
    items: (page: z.infer<S>) => T[],
    options?: CallOptions,
  ): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let next: string | undefined = path;
    while (next !== undefined) {
      if (seen.has(next) || seen.size >= MAX_PAGES)
        throw new ConnectorError('TELLER_ERR_CONNECTOR_BAD_RESPONSE', `${this.o.bankName} pages loop`);
      seen.add(next);
      const page = (await this.call('GET', next, token, schema, undefined, options)) as z.infer<S> & {
        Links: { Next?: string };
      };
      out.push(...items(page));
      next = page.Links.Next;
    }
    return out;
  }
}
