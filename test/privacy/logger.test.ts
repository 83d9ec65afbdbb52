import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';

function capture() {
  let out = '';
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    }),
  });
  return {
    logger,
    lines: () =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('log redaction by allow-list', () => {
  it('keeps allow-listed fields and censors every other one, however it is named or nested', () => {
    const { logger, lines } = capture();
    logger.child({ channel: 'messenger', turn: 'm1', psid: '1234567890' }).info(
      {
        intent: 'balance',
        code: 'TELLER_ERR_CONNECTOR_UNAVAILABLE',
        durationMs: 12,
        merchant: 'Starbucks',
        total: '1,215.47',
        balances: [{ amount: '1215.47' }],
        attachments: ['image', { url: 'https://x' }],
        audit: true,
        user: 'messenger:1',
        erasure: {
          erasedAt: '2026-03-18T12:00:00.000Z',
          subjectHash: 'hmac-sha256:x',
          removed: { links: 1 },
        },
        nested: { accessToken: 'AT-secret' },
      },
      'bank call',
    );
    const [line] = lines();
    expect(line).toMatchObject({
      channel: 'messenger',
      turn: 'm1',
      psid: '[redacted]',
      intent: 'balance',
      code: 'TELLER_ERR_CONNECTOR_UNAVAILABLE',
      durationMs: 12,
      merchant: '[redacted]',
      total: '[redacted]',
      balances: '[redacted]',
      attachments: ['image', '[redacted]'],
      audit: true,
      user: 'messenger:1',
      erasure: { erasedAt: '2026-03-18T12:00:00.000Z', subjectHash: 'hmac-sha256:x', removed: { links: 1 } },
      nested: '[redacted]',
      msg: 'bank call',
    });
    const raw = JSON.stringify(line);
    expect(raw).not.toMatch(/Starbucks|1,215\.47|1215\.47|AT-secret|1234567890|https:\/\/x/);
  });

  it("filters the bindings of children and grandchildren, which keep their parents' bindings", () => {
    const { logger, lines } = capture();
    logger.child({ channel: 'test', name: 'Amelia' }).child({ intent: 'balance', iban: 'GB00' }).info('hi');
    expect(lines()[0]).toMatchObject({
      channel: 'test',
      name: '[redacted]',
      intent: 'balance',
      iban: '[redacted]',
    });
  });

  it('still serialises errors (type, code, message) but never their cause', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('bank down', { cause: { balance: '99.99' } }), {
      code: 'TELLER_ERR_X',
    });
    logger.error({ err }, 'failed');
    const [line] = lines();
    expect(line?.err).toMatchObject({ type: 'Error', code: 'TELLER_ERR_X', message: 'bank down' });
    expect(JSON.stringify(line)).not.toContain('99.99');
  });
});
