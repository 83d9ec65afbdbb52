import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Redis from 'ioredis';
import { FakeGraph } from '../channels/messenger/fake-graph';
import { APP_SECRET, batch, PAGE_TOKEN, postWebhook, textMsg, waitFor } from '../channels/messenger/helpers';
import { launchBrowser } from '../support/browser';
import { testRedis } from '../support/redis';
import { consoleRig, PASSWORDS, type ConsoleRig } from './console-rig';

/**
 * Two members of staff in two browser contexts, one customer on Messenger (signed webhook events
 * in, the fake Graph API out): a claim race, messages and typing both ways, and the hand-back.
 */
jest.setTimeout(90_000);

let redis: Redis;
let fg: FakeGraph;
let rig: ConsoleRig;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  redis = testRedis();
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
  [rig, browser] = await Promise.all([consoleRig({ redis, fg }), launchBrowser()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await rig?.close();
  await fg?.close();
  await redis?.quit();
});

async function signIn(id: 'alice' | 'bob'): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // The losing claim's 409 is expected; anything else the page logs as an error is a bug.
    if (m.type() === 'error' && !/status of 409/.test(m.text())) pageErrors.push(m.text());
  });
  await page.goto(`${rig.base}/agent`);
  await page.getByLabel('Agent id').fill(id);
  await page.getByLabel('Password').fill(PASSWORDS[id]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#live.on').waitFor();
  return page;
}

const customerTexts = (psid: string) => fg.messages(psid).map((m) => String(m.text ?? ''));

async function customerSays(psid: string, text: string): Promise<void> {
  expect((await postWebhook(rig.base, batch({ messaging: [textMsg(psid, text)] }))).status).toBe(200);
}

describe('agent console in a browser', () => {
  it('two agents race for one customer; one wins, they talk, and the bot takes over again', async () => {
    const [alice, bob] = await Promise.all([signIn('alice'), signIn('bob')]);
    const psid = '8880001';
    const key = `messenger:${psid}`;

    // The customer asks for a person; both consoles see them arrive in the queue, live.
    await customerSays(psid, 'I want to talk to a human');
    await fg.waitForMessages(psid, 1);
    expect(customerTexts(psid)[0]).toMatch(/number 1 in the queue/);
    const item = (p: Page) => p.locator(`#queue li[data-key="${key}"]`);
    await Promise.all([item(alice).waitFor(), item(bob).waitFor()]);
    await expect(item(alice).locator('.wait').textContent()).resolves.toMatch(/^waiting \d+s$/);

    // Both open it and press Claim at the same moment: exactly one gets it.
    await Promise.all([item(alice).click(), item(bob).click()]);
    await Promise.all([alice.locator('#claim:visible').waitFor(), bob.locator('#claim:visible').waitFor()]);
    // Click events dispatched in both pages at once: a mouse click could find the button already gone.
    const press = (p: Page) => p.locator('#claim').dispatchEvent('click');
    await Promise.all([press(alice), press(bob)]);
    await waitFor(async () => (await rig.t.handoff.store.get(key))?.state === 'agent');
    const owner = (await rig.t.handoff.store.get(key))!.agent!;
    const [winner, loser] = owner === 'alice' ? [alice, bob] : [bob, alice];
    const winnerName = owner === 'alice' ? 'Alice' : 'Bob';
    await winner.locator('#conv-state', { hasText: 'with you' }).waitFor();
    await loser.locator('#conv-state', { hasText: `with ${winnerName}` }).waitFor();
    await loser.locator('#notice', { hasText: `Already claimed by ${winnerName}` }).waitFor();
    expect(await loser.locator('#handback').isVisible()).toBe(false);
    await fg.waitForMessages(psid, 2);
    expect(customerTexts(psid)[1]).toMatch(new RegExp(`now chatting with ${winnerName}`));

    // The transcript shows the story so far.
    await winner.locator('#transcript .entry.customer', { hasText: 'I want to talk to a human' }).waitFor();

    // Typing: the customer gets Messenger's typing indicator; the other console sees it too.
    await winner.getByLabel('Reply').pressSequentially('Hello, ', { delay: 20 });
    await waitFor(() => fg.sends(psid).some((b) => b.sender_action === 'typing_on'));
    await loser.locator('#typing', { hasText: `${winnerName} is typing` }).waitFor();

    // Agent → customer.
    await winner.getByLabel('Reply').fill('Hello, how can I help today?');
    await winner.getByRole('button', { name: 'Send' }).click();
    await fg.waitForMessages(psid, 3);
    expect(customerTexts(psid)[2]).toBe('Hello, how can I help today?');

    // Customer → agent: shown live in both consoles, and the bot stays silent.
    await customerSays(psid, 'I was charged twice for my rent');
    await winner.locator('#transcript .entry.customer', { hasText: 'charged twice' }).waitFor();
    await loser.locator('#transcript .entry.customer', { hasText: 'charged twice' }).waitFor();
    expect(fg.messages(psid)).toHaveLength(3);

    // A canned reply, and a private note the customer never gets.
    await winner.getByLabel('Canned replies').selectOption({ index: 1 });
    await expect(winner.getByLabel('Reply').inputValue()).resolves.toMatch(/Thanks for waiting/);
    await winner.getByLabel('Reply').fill('Refund raised, ticket 42');
    await winner.getByLabel(/Private note/).check();
    await winner.getByRole('button', { name: 'Send' }).click();
    await loser.locator('#transcript .entry.note', { hasText: 'ticket 42' }).waitFor();
    expect(fg.messages(psid)).toHaveLength(3);

    // Hand back: the bot says it is back, and answers the next question itself.
    await winner.getByRole('button', { name: 'Hand back to bot' }).click();
    await fg.waitForMessages(psid, 4);
    expect(customerTexts(psid)[3]).toMatch(/You're chatting with Teller, the automated assistant, again/);
    await winner.locator('#conv-state', { hasText: 'with the bot' }).waitFor();
    await customerSays(psid, 'what can you do');
    await fg.waitForMessages(psid, 5);
    expect(customerTexts(psid)[4]).toMatch(/^Here's what I can do/);
    await winner.locator('#transcript .entry.bot', { hasText: "Here's what I can do" }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
