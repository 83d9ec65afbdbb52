import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoBank, type RunningDemoBank } from '../../../bots/demo-bank/main';
import { silentLogger } from '../../../src/logging/logger';
import { launchBrowser } from '../../support/browser';
import { freePort } from '../../support/redis-server';

/**
 * The demo bank in emulator mode, driven from a real Chromium: the web chat posts signed webhook
 * events to the real Messenger channel, whose Send API calls reach the fake Graph API and come back
 * to the page over SSE.
 */
jest.setTimeout(60_000);

let bank: RunningDemoBank;
let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
  };
  [bank, browser] = await Promise.all([startDemoBank({ env, logger: silentLogger() }), launchBrowser()]);
  expect(bank.mode).toBe('emulator');
  expect(bank.bot.storage).toBe('memory');
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await bank?.close();
});

async function openChat(): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`${bank.url}/`);
  await page.getByRole('button', { name: 'Get Started' }).waitFor();
  return { page, context };
}

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });

async function type(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('Message');
  await input.fill(text);
  await input.press('Enter');
}

describe('Messenger emulator in a browser', () => {
  it('greets, asks to link, links through the bank’s OAuth sign-in and consent and then shows balances', async () => {
    const { page, context } = await openChat();
    await type(page, 'hi');
    await log(page)
      .getByText(/^Hi! I'm Teller/)
      .waitFor();
    const chips = page.getByRole('group', { name: 'Quick replies' });
    for (const name of ['Balance', 'Spending', 'Find an ATM'])
      await chips.getByRole('button', { name }).waitFor();

    await type(page, "what's my balance");
    await log(page)
      .getByText(/permission to read your accounts/)
      .waitFor();
    const linkButton = log(page).getByRole('button', { name: /^(Link account|Log In)$/ });
    const [consent] = await Promise.all([context.waitForEvent('page'), linkButton.click()]);
    await consent.waitForLoadState();
    // /link/start redirected to the sandbox bank's OpenID provider: its sign-in and consent screen.
    expect(new URL(consent.url()).pathname).toMatch(/^\/sandbox-bank\/interaction\//);
    await consent.getByLabel('Sign in as (sandbox demo customer)').selectOption('cust_daniel');
    await consent.getByLabel(/Also share your transaction detail/).check();
    await consent.getByRole('button', { name: 'Allow read-only access' }).click();
    await consent.getByRole('heading', { name: /linked/ }).waitFor();
    expect(new URL(consent.url()).pathname).toBe('/link/done');

    await log(page)
      .getByText(/^You're linked to Sandbox Bank/)
      .waitFor();
    await log(page)
      .getByText(/Your balances:/)
      .waitFor();
    const transcript = await log(page).innerText();
    expect(transcript.indexOf("You're linked")).toBeLessThan(transcript.indexOf('Your balances:'));
    expect(transcript).toMatch(/••\d{4}: −?-?[£$€][\d,]+\.\d{2}/);
  });

  it('sends a quick reply chip with its payload, and renders ATM cards as a carousel', async () => {
    const { page } = await openChat();
    await page.getByRole('button', { name: 'Get Started' }).click();
    await log(page)
      .getByText(/^Hi! I'm Teller/)
      .waitFor();
    await page
      .getByRole('group', { name: 'Quick replies' })
      .getByRole('button', { name: 'Find an ATM' })
      .click();
    await log(page)
      .getByText(/^Where are you\?/)
      .waitFor();
    // The chip's title is echoed as the user's message, and chips clear once used.
    await log(page).locator('.msg.user', { hasText: 'Find an ATM' }).waitFor();

    await type(page, "nearest atm to king's cross");
    const carousel = log(page).getByRole('group', { name: 'Cards' }).last();
    await carousel.waitFor();
    const cards = carousel.locator('article');
    expect(await cards.count()).toBeGreaterThan(1);
    await cards.first().getByRole('heading').waitFor();
    expect(await cards.first().getByRole('button').count()).toBeGreaterThan(0);
    const overflow = await carousel.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(overflow).toBe(true);
    const subtitle = await cards.first().locator('p').innerText();
    expect(subtitle).toContain('\n');
  });

  it('shares the demo location and keeps a separate PSID per tab', async () => {
    const a = await openChat();
    const b = await openChat();
    const who = async (p: Page) => p.locator('#who').innerText();
    expect(await who(a.page)).not.toBe(await who(b.page));
    await a.page.getByRole('button', { name: 'Share location' }).click();
    await log(a.page).getByRole('group', { name: 'Cards' }).waitFor();
    expect(await log(b.page).locator('.msg').count()).toBe(0);
    // The Send API's typing_on shows the indicator in that tab only; a message hides it.
    const psid = (await who(b.page)).replace('PSID ', '');
    await bank.messenger!.sendApi.typing(psid, true);
    await b.page.getByText('Demo Bank is typing').waitFor();
    expect(await a.page.locator('#typing').isHidden()).toBe(true);
    await bank.messenger!.sendApi.typing(psid, false);
    await b.page.locator('#typing').waitFor({ state: 'hidden' });
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
