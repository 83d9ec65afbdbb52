import { openBankingHarness } from '../../src/connectors/openbanking/conformance';
import { resilient } from '../../src/connectors/resilience';
import type { ConnectorHarness } from '../../src/connectors/conformance';
import type { ConnectorGrant } from '../../src/connectors/types';
import { MemoryAuditLog } from '../../src/engine/audit';
import { BankAccess } from '../../src/engine/bank-access';
import { errorCode } from '../../src/engine/errors';
import { calmMessage } from '../../src/engine/messages';

describe('resilience: what the customer hears and what the audit keeps', () => {
  let h: ConnectorHarness;
  let grant: ConnectorGrant;

  beforeAll(async () => {
    h = await openBankingHarness()();
    grant = await h.link();
  });
  afterAll(() => h.teardown?.());
  afterEach(() => h.faults?.reset?.());

  function access(connector = h.connector) {
    const audit = new MemoryAuditLog();
    const bank = new BankAccess({ connector, grant, audit, user: 'test:1', intent: 'balance.check' });
    return { bank, audit };
  }

  async function failure(p: Promise<unknown>): Promise<unknown> {
    try {
      await p;
    } catch (err) {
      return err;
    }
    throw new Error('expected a failure');
  }

  it('a slow bank: the customer is told to try later; the audit says TIMEOUT', async () => {
    const wrapped = resilient(h.connector, { timeoutMs: 100, retries: 1, initialDelayMs: 5 });
    const { bank, audit } = access(wrapped);
    h.faults!.delayNext!(2000, 5);
    const err = await failure(bank.accounts());
    expect(errorCode(err)).toBe('TELLER_ERR_CONNECTOR_UNAVAILABLE');
    expect(calmMessage(errorCode(err))).toBe(
      "Your bank isn't answering right now. Please try again in a few minutes.",
    );
    expect(audit.events.map((e) => [e.operation, e.outcome, e.errorCode])).toEqual([
      ['accounts', 'error', 'TELLER_ERR_CONNECTOR_TIMEOUT'],
    ]);
  });

  it('a failing bank opens the circuit: later calls are audited as CIRCUIT_OPEN and never reach the bank', async () => {
    const wrapped = resilient(h.connector, { retries: 0, breakAfter: 3, halfOpenAfterMs: 60_000 });
    const { bank, audit } = access(wrapped);
    const faults = h.faults as { failNext: (s: number, c: number) => void };
    faults.failNext(503, 3);
    for (let i = 0; i < 4; i++) await failure(bank.accounts());
    expect(audit.events.map((e) => e.errorCode)).toEqual([
      'TELLER_ERR_CONNECTOR_UNAVAILABLE',
      'TELLER_ERR_CONNECTOR_UNAVAILABLE',
      'TELLER_ERR_CONNECTOR_UNAVAILABLE',
      'TELLER_ERR_CONNECTOR_CIRCUIT_OPEN',
    ]);
  });

  it('an expired grant is not retried and opens no circuit: it asks the customer to link again', async () => {
    const wrapped = resilient(h.connector, { retries: 3, breakAfter: 1, initialDelayMs: 5 });
    const { bank, audit } = access(wrapped);
    const stale = await h.link();
    await h.faults!.expire!(stale);
    const expired = new BankAccess({ connector: wrapped, grant: stale, audit, user: 'test:1', intent: 'x' });
    for (let i = 0; i < 3; i++)
      expect(errorCode(await failure(expired.accounts()))).toBe('TELLER_ERR_CONNECTOR_AUTH');
    expect(wrapped.breaker.state).toBe(0); // CircuitState.Closed: other customers are unaffected
    await expect(bank.accounts()).resolves.toHaveLength(3);
  });

  it('revoke is a write: tried once, never retried', async () => {
    const wrapped = resilient(h.connector, { retries: 5, initialDelayMs: 5, breakAfter: 100 });
    const g = await h.link();
    const server = h.faults as unknown as { failNext: (s: number, c: number) => void };
    server.failNext(503, 1);
    await expect(wrapped.revoke(g)).rejects.toMatchObject({ code: 'TELLER_ERR_CONNECTOR_UNAVAILABLE' });
    await expect(wrapped.revoke(g)).resolves.toBeUndefined();
  });

  it('BankAccess shares one breaker per connector across turns', () => {
    expect(resilient(h.connector)).toBe(resilient(h.connector));
    expect(resilient(resilient(h.connector))).toBe(resilient(h.connector));
  });
});
