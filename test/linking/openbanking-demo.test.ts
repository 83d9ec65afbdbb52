import { startDemoBank, type RunningDemoBank } from '../../bots/demo-bank/main';
import { RecordingChannel } from '../../src/channels/test/recording-channel';
import { silentLogger } from '../../src/logging/logger';
import { freePort } from '../support/redis-server';
import { Browser, linkUrlOf, location, waitForText } from './support';

/**
 * `TELLER_BANK=openbanking npm start`: the demo bank reads through the Open Banking connector from
 * the sandbox bank's own AIS API, mounted on the demo's port under /sandbox-bank/open-banking/v3.1/aisp.
 */
jest.setTimeout(30_000);

async function start(bank: string): Promise<RunningDemoBank> {
  const port = await freePort();
  return startDemoBank({
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
      MESSENGER_ENABLED: 'false',
      TELLER_HANDOFF: 'off',
      TELLER_BANK: bank,
    },
    logger: silentLogger(),
  });
}

/** Links as Amelia through whatever the demo's /link/start shows, then times three balance answers. */
async function linkAndTime(demo: RunningDemoBank, id: string): Promise<number> {
  const u = new RecordingChannel(demo.bot.engine).user(id);
  await u.say("what's my balance");
  const browser = new Browser();
  let url = linkUrlOf(u);
  let res = await browser.get(url);
  if (res.status === 200) {
    // Open Banking: Teller's own opt-in page first, then on to the bank.
    url = `${url}&go=1`;
    res = await browser.get(url);
  }
  const authorize = location(res, url);
  const screen = location(await browser.get(authorize), authorize);
  await browser.get(screen);
  const posted = await browser.post(screen, { decision: 'approve', customer: 'cust_amelia' });
  const resume = location(posted, screen);
  const callback = location(await browser.get(resume), resume);
  await browser.get(callback);
  await waitForText(u, /Your balances:/);
  const started = performance.now();
  for (let i = 0; i < 3; i++) await u.say("what's my balance");
  return (performance.now() - started) / 3;
}

it('TELLER_BANK=openbanking links by consent and answers from the AIS API on the same port', async () => {
  const demo = await start('openbanking');
  try {
    expect(demo.bot.connector.id).toBe('openbanking');
    const ms = await linkAndTime(demo, 'demo-ob');
    const ais = await fetch(`${demo.url}/sandbox-bank/open-banking/v3.1/aisp/accounts`);
    expect(ais.status).toBe(403); // no x-fapi-financial-id: the API is there, and strict
    const sandbox = await start('sandbox');
    try {
      const base = await linkAndTime(sandbox, 'demo-sb');
      // Recorded in the report: the HTTP face costs a few milliseconds per answer.
      process.stdout.write(
        `balance answer: sandbox ${base.toFixed(1)} ms, openbanking ${ms.toFixed(1)} ms\n`,
      );
      expect(ms).toBeLessThan(1000);
    } finally {
      await sandbox.close();
    }
  } finally {
    await demo.close();
  }
});

it('refuses an unknown TELLER_BANK', async () => {
  await expect(start('plaid-ish')).rejects.toMatchObject({ code: 'TELLER_ERR_CONFIG' });
});
