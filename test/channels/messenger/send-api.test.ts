import { GraphClient } from '../../../src/channels/messenger/graph-client';
import { SendApi, type SendApiOptions } from '../../../src/channels/messenger/send-api';
import { buttons, cards, quick, text, type Card } from '../../../src/engine/reply';
import { FakeGraph, graphError } from './fake-graph';
import { APP_SECRET, captureLogger, PAGE_TOKEN, sleep } from './helpers';

let fg: FakeGraph;
beforeAll(async () => {
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
});
afterAll(() => fg.close());
beforeEach(() => {
  fg.calls.length = 0;
  fg.script.length = 0;
  fg.delay = () => 0;
});

function makeApi(o: Partial<SendApiOptions> & { secret?: string; timeoutMs?: number } = {}) {
  const logs = captureLogger();
  const graph = new GraphClient({
    graphUrl: fg.url,
    pageAccessToken: PAGE_TOKEN,
    appSecret: o.secret ?? APP_SECRET,
    timeoutMs: o.timeoutMs,
  });
  const api = new SendApi({
    graph,
    logger: logs.logger,
    ratePerSecond: 1000,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...o,
  });
  return { api, logs };
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe('Send API: rendering on the wire', () => {
  it('posts RESPONSE messages to the recipient, with a valid appsecret_proof', async () => {
    const { api } = makeApi();
    await api.send('psid-1', text('Hello'));
    expect(fg.authFailures).toBe(0);
    expect(fg.sends('psid-1')).toEqual([
      { messaging_type: 'RESPONSE', recipient: { id: 'psid-1' }, message: { text: 'Hello' } },
    ]);
  });

  it('is refused by Graph (code 190) with a wrong app secret, and does not retry that', async () => {
    const { api, logs } = makeApi({ secret: 'wrong' });
    const before = fg.authFailures;
    await expect(api.send('psid-x', text('Hi'))).rejects.toMatchObject({ code: 'TELLER_ERR_CHANNEL_SEND' });
    expect(fg.authFailures).toBe(before + 1);
    expect(logs.lines().find((l) => l.msg === 'messenger send rejected')).toMatchObject({
      graph: { code: 190, subcode: 460 },
    });
  });

  it('splits text at 2,000 characters, in order', async () => {
    const { api } = makeApi();
    const body = words(1200); // ~7,000 characters
    await api.send('psid-2', text(body));
    const msgs = fg.messages('psid-2').map((m) => m.text as string);
    expect(msgs.length).toBe(4);
    for (const t of msgs) expect(t.length).toBeLessThanOrEqual(2000);
    expect(msgs.join(' ')).toBe(body);
  });

  it('caps quick replies at 13 with titles of at most 20 characters', async () => {
    const { api } = makeApi();
    const qrs = Array.from({ length: 16 }, (_, i) => quick(`Quick reply number ${i} here`, `p${i}`));
    await api.send('psid-3', text('Choose', qrs));
    const [m] = fg.messages('psid-3') as { quick_replies: { title: string }[] }[];
    expect(m!.quick_replies).toHaveLength(13);
    for (const q of m!.quick_replies) expect(q.title.length).toBeLessThanOrEqual(20);
  });

  it('sends at most 3 buttons per button template', async () => {
    const { api } = makeApi();
    const list = Array.from({ length: 5 }, (_, i) => ({
      type: 'postback' as const,
      title: `B${i}`,
      payload: `p${i}`,
    }));
    await api.send('psid-4', buttons('Pick', list));
    const tpls = fg
      .messages('psid-4')
      .map((m) => (m.attachment as { payload: { template_type: string; buttons: unknown[] } }).payload);
    expect(tpls.map((t) => [t.template_type, t.buttons.length])).toEqual([
      ['button', 3],
      ['button', 2],
    ]);
  });

  it('sends at most 10 cards per generic template', async () => {
    const { api } = makeApi();
    const list: Card[] = Array.from({ length: 12 }, (_, i) => ({ title: `Card ${i}`, subtitle: 's' }));
    await api.send('psid-5', cards(list));
    const tpls = fg
      .messages('psid-5')
      .map((m) => (m.attachment as { payload: { template_type: string; elements: unknown[] } }).payload);
    expect(tpls.map((t) => [t.template_type, t.elements.length])).toEqual([
      ['generic', 10],
      ['generic', 2],
    ]);
  });

  it('uses an account_link button for https link URLs', async () => {
    const { api } = makeApi();
    await api.send(
      'psid-6',
      buttons('Link?', [
        { type: 'link', title: 'Link account', url: 'https://bank.example/link?t=1', connector: 'sandbox' },
      ]),
    );
    expect(fg.messages('psid-6')[0]).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Link?',
          buttons: [{ type: 'account_link', url: 'https://bank.example/link?t=1' }],
        },
      },
    });
  });

  it('sends typing_on as a sender action, queued in order with messages', async () => {
    const { api } = makeApi();
    const a = api.typing('psid-7', true);
    const b = api.send('psid-7', text('Done'));
    await Promise.all([a, b]);
    expect(fg.sends('psid-7')).toEqual([
      { recipient: { id: 'psid-7' }, sender_action: 'typing_on' },
      { messaging_type: 'RESPONSE', recipient: { id: 'psid-7' }, message: { text: 'Done' } },
    ]);
  });
});

describe('Send API: errors and retries', () => {
  it('retries HTTP 500 with backoff, then succeeds', async () => {
    const { api, logs } = makeApi();
    fg.script.push({ status: 500, body: { error: { code: 2, message: 'x' } } }, { status: 502 });
    await api.send('psid-r1', text('Hi'));
    expect(fg.sends('psid-r1')).toHaveLength(3);
    expect(fg.messages('psid-r1')).toHaveLength(3);
    const retries = logs.lines().filter((l) => l.msg === 'messenger send will be retried');
    expect(retries).toHaveLength(2);
  });

  it('backs off exponentially on throttling code 613, then succeeds', async () => {
    const { api } = makeApi({ retry: { baseDelayMs: 40, maxDelayMs: 1000 } });
    fg.script.push(graphError(613), graphError(613));
    await api.send('psid-r2', text('Hi'));
    const at = fg.calls.filter((c) => c.path === '/me/messages').map((c) => c.at);
    expect(at).toHaveLength(3);
    // equal jitter: attempt 1 waits 20–40 ms, attempt 2 waits 40–80 ms
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(18);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(38);
  });

  it.each([4, 17, 32, 80006])('treats code %i as throttling and retries', async (code) => {
    const { api } = makeApi();
    fg.script.push(graphError(code));
    await api.send(`psid-t${code}`, text('Hi'));
    expect(fg.sends(`psid-t${code}`)).toHaveLength(2);
  });

  it('respects Retry-After', async () => {
    const { api } = makeApi();
    fg.script.push({ status: 503, headers: { 'retry-after': '1' } });
    const t0 = Date.now();
    await api.send('psid-r3', text('Hi'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(fg.sends('psid-r3')).toHaveLength(2);
  });

  it.each([
    [551, 1545041],
    [10, 2018065],
    [200, undefined],
    [230, undefined],
    [2018278, undefined],
    [100, 2018001],
  ])('does not retry policy error %i/%s and logs its code without text or token', async (code, subcode) => {
    const { api, logs } = makeApi();
    fg.script.push(graphError(code, subcode));
    const user = `psid-p${code}`;
    await expect(api.send(user, text('My secret balance text'))).rejects.toMatchObject({
      code: 'TELLER_ERR_CHANNEL_SEND',
      cause: { code: 'TELLER_ERR_MESSENGER_GRAPH_REJECTED' },
    });
    expect(fg.sends(user)).toHaveLength(1);
    const line = logs.lines().find((l) => l.msg === 'messenger send rejected');
    expect(line).toMatchObject({
      code: 'TELLER_ERR_MESSENGER_GRAPH_REJECTED',
      graph: subcode === undefined ? { code } : { code, subcode },
    });
    expect(logs.raw()).not.toContain('secret balance');
    expect(logs.raw()).not.toContain(PAGE_TOKEN);
    expect(logs.raw()).not.toContain(user);
  });

  it('gives up after a bounded number of attempts', async () => {
    const { api, logs } = makeApi({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    fg.script.push({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await expect(api.send('psid-r4', text('Hi'))).rejects.toMatchObject({
      code: 'TELLER_ERR_CHANNEL_SEND',
      cause: { code: 'TELLER_ERR_MESSENGER_GRAPH_UNAVAILABLE' },
    });
    expect(fg.sends('psid-r4')).toHaveLength(3);
    expect(logs.lines().find((l) => l.msg === 'messenger send gave up')).toMatchObject({ attempt: 3 });
    fg.script.length = 0;
  });

  it('times out a hanging call and retries it', async () => {
    const { api } = makeApi({ timeoutMs: 100 });
    let first = true;
    fg.delay = () => (first ? ((first = false), 400) : 0);
    await api.send('psid-r5', text('Hi'));
    expect(fg.sends('psid-r5')).toHaveLength(2);
  });
});

describe('Send API: order and rate', () => {
  it('keeps each user’s replies in order under concurrency and random server delays', async () => {
    const { api } = makeApi();
    fg.delay = () => Math.floor(Math.random() * 15);
    const users = ['order-a', 'order-b', 'order-c'];
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 25; i++) for (const u of users) sends.push(api.send(u, text(`${u} #${i}`)));
    await Promise.all(sends);
    for (const u of users)
      expect(fg.messages(u).map((m) => m.text)).toEqual(Array.from({ length: 25 }, (_, i) => `${u} #${i}`));
  });

  it('a failed reply does not block the next one to the same user', async () => {
    const { api } = makeApi();
    fg.script.push(graphError(551));
    const a = api.send('order-f', text('first'));
    const b = api.send('order-f', text('second'));
    await expect(a).rejects.toBeDefined();
    await b;
    expect(fg.messages('order-f').map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('respects the page’s send rate across users', async () => {
    const { api } = makeApi({ ratePerSecond: 20, burst: 1 });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => api.send(`rate-${i}`, text('x'))));
    // 1 immediately, then 5 more at 20/s → at least ~250 ms
    expect(Date.now() - t0).toBeGreaterThanOrEqual(230);
  });

  it('drains queued sends on close and refuses new ones after', async () => {
    const { api } = makeApi();
    fg.delay = () => 20;
    const pending = [api.send('close-1', text('a')), api.send('close-1', text('b'))];
    await api.close();
    expect(fg.messages('close-1')).toHaveLength(2);
    await Promise.all(pending);
    await expect(api.send('close-1', text('c'))).rejects.toBeDefined();
    await sleep(0);
  });
});
