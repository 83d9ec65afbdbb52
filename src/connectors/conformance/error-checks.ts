import { resilient } from '../resilience';
import { expect, rejectsWith, Skip } from './assert';
import type { Check } from './data-checks';
import type { ConnectorFaults } from './types';

function need<K extends keyof ConnectorFaults>(
  faults: ConnectorFaults | undefined,
  ...keys: K[]
): Required<Pick<ConnectorFaults, K>> & ConnectorFaults {
  for (const k of keys) if (!faults?.[k]) throw new Skip(`the module offers no faults.${String(k)}()`);
  return faults as Required<Pick<ConnectorFaults, K>> & ConnectorFaults;
}

/** Fast policies for the checks: the point is the codes, not the production timings. */
const quick = { initialDelayMs: 5, maxDelayMs: 20, halfOpenAfterMs: 60_000 };

export const errorChecks: Check[] = [
  {
    name: 'errors: an expired token is TELLER_ERR_CONNECTOR_AUTH, and is not retried into success',
    async run({ harness }) {
      const f = need(harness.faults, 'expire');
      const grant = await harness.link();
      await f.expire(grant);
      await rejectsWith(
        harness.connector.accounts(grant),
        'TELLER_ERR_CONNECTOR_AUTH',
        'accounts with an expired token',
      );
      const wrapped = resilient(harness.connector, { ...quick, retries: 3 });
      await rejectsWith(
        wrapped.balances(grant),
        'TELLER_ERR_CONNECTOR_AUTH',
        'balances with an expired token (resilient)',
      );
    },
  },
  {
    name: 'errors: HTTP 401 is AUTH, 5xx is UNAVAILABLE (raw connector)',
    async run({ harness, grant }) {
      const f = need(harness.faults, 'failNext');
      try {
        f.failNext(401, 1);
        await rejectsWith(harness.connector.accounts(grant), 'TELLER_ERR_CONNECTOR_AUTH', 'a 401');
        f.failNext(503, 1);
        await rejectsWith(harness.connector.accounts(grant), 'TELLER_ERR_CONNECTOR_UNAVAILABLE', 'a 503');
        f.failNext(500, 1);
        await rejectsWith(harness.connector.accounts(grant), 'TELLER_ERR_CONNECTOR_UNAVAILABLE', 'a 500');
      } finally {
        f.reset?.();
      }
    },
  },
  {
    name: 'resilience: one 5xx on a read is retried away; a bank that keeps failing is UNAVAILABLE',
    async run({ harness, grant, accounts }) {
      const f = need(harness.faults, 'failNext');
      const wrapped = resilient(harness.connector, { ...quick, retries: 2, breakAfter: 100 });
      try {
        f.failNext(503, 1);
        const list = await wrapped.accounts(grant);
        expect(list.length === accounts.length, 'the retried read returned different accounts');
        f.failNext(503, 50);
        await rejectsWith(
          wrapped.accounts(grant),
          'TELLER_ERR_CONNECTOR_UNAVAILABLE',
          'a bank answering 503 every time',
        );
      } finally {
        f.reset?.();
      }
    },
  },
  {
    name: 'resilience: a bank slower than the timeout is TELLER_ERR_CONNECTOR_TIMEOUT',
    async run({ harness, grant }) {
      const f = need(harness.faults, 'delayNext');
      const wrapped = resilient(harness.connector, { ...quick, retries: 1, timeoutMs: 150, breakAfter: 100 });
      try {
        f.delayNext(1500, 10);
        await rejectsWith(
          wrapped.accounts(grant),
          'TELLER_ERR_CONNECTOR_TIMEOUT',
          'a bank taking 1.5 s (timeout 150 ms)',
        );
      } finally {
        f.reset?.();
      }
    },
  },
  {
    name: 'resilience: repeated failures open the circuit: TELLER_ERR_CONNECTOR_CIRCUIT_OPEN without calling the bank',
    async run({ harness, grant }) {
      const f = need(harness.faults, 'failNext');
      const wrapped = resilient(harness.connector, { ...quick, retries: 0, breakAfter: 2 });
      try {
        f.failNext(503, 2);
        await rejectsWith(wrapped.accounts(grant), 'TELLER_ERR_CONNECTOR_UNAVAILABLE', 'first failure');
        await rejectsWith(wrapped.accounts(grant), 'TELLER_ERR_CONNECTOR_UNAVAILABLE', 'second failure');
        await rejectsWith(
          wrapped.accounts(grant),
          'TELLER_ERR_CONNECTOR_CIRCUIT_OPEN',
          'the call after the circuit opened',
        );
      } finally {
        f.reset?.();
      }
    },
  },
  {
    name: 'revoke: reads fail with AUTH afterwards, and revoking again is harmless',
    async run({ harness }) {
      const grant = await harness.link();
      await harness.connector.accounts(grant);
      await harness.connector.revoke(grant);
      await rejectsWith(
        harness.connector.accounts(grant),
        'TELLER_ERR_CONNECTOR_AUTH',
        'accounts after revoke',
      );
      await harness.connector.revoke(grant);
    },
  },
];
