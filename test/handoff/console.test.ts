import type Redis from 'ioredis';
import { FakeGraph } from '../channels/messenger/fake-graph';
import { APP_SECRET, batch, PAGE_TOKEN, postWebhook, textMsg } from '../channels/messenger/helpers';
import { testRedis } from '../support/redis';
import { AgentClient, consoleRig, PASSWORDS, type ConsoleRig } from './console-rig';

let redis: Redis;
let fg: FakeGraph;
let rig: ConsoleRig;
beforeAll(async () => {
  redis = testRedis();
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
  // Secure-view privacy mode: figures never appear in the chat, so staff do not see amounts either.
  rig = await consoleRig({ redis, fg, privacyMode: 'secure-view' });
});
afterAll(async () => {
  await rig.close();
  await fg.close();
  await redis.quit();
});

describe('agent console: sign-in, sessions and CSRF', () => {
  it('sends strangers to the sign-in page and refuses the API without a session', async () => {
    const c = new AgentClient(rig.base);
    const res = await c.get('/agent');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/agent/login');
    expect((await c.api('GET', '/queue')).status).toBe(401);
  });

  it('sets a strict, http-only session cookie scoped to /agent, with security headers', async () => {
    const res = await fetch(`${rig.base}/agent/login`);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^teller_agent=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/agent/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a sign-in without the CSRF token, and a wrong password', async () => {
    const c = new AgentClient(rig.base);
    await c.get('/agent/login');
    expect(
      (await c.post('/agent/login', { id: 'alice', password: PASSWORDS.alice }, { csrf: null })).status,
    ).toBe(403);
    expect((await c.signIn('alice', 'wrong password')).status).toBe(401);
    expect((await c.signIn('nobody', PASSWORDS.alice)).status).toBe(401);
  });

  it('signs in with a fresh session id kept in Redis; every POST needs the token', async () => {
    const c = new AgentClient(rig.base);
    await c.get('/agent/login');
    const before = c.cookie;
    expect((await c.signIn('alice', PASSWORDS.alice)).status).toBe(303);
    expect(c.cookie).not.toBe(before);
    const sid = decodeURIComponent(c.cookie.split('=')[1]!).slice(2).split('.')[0]!;
    const stored = await redis.get(`${rig.prefix}agent-session:${sid}`);
    expect(JSON.parse(stored!)).toMatchObject({ agentId: 'alice' });

    expect((await c.api('GET', '/queue')).status).toBe(200);
    const claim = '/conversations/messenger:999/claim';
    expect((await c.api('POST', claim, {}, { csrf: null })).status).toBe(403);
    expect((await c.api('POST', claim, {}, { csrf: 'forged' })).status).toBe(403);
    expect((await c.api('POST', claim, {})).status).toBe(409); // token fine; nobody is queued there
    expect((await c.post('/agent/logout', {})).status).toBe(303);
    expect((await c.api('GET', '/queue')).status).toBe(401);
  });

  it('locks an id out after 5 failed sign-ins from one address', async () => {
    const c = new AgentClient(rig.base);
    for (let i = 0; i < 5; i++) expect((await c.signIn('bob', `guess ${i}`)).status).toBe(401);
    expect((await c.signIn('bob', PASSWORDS.bob)).status).toBe(429);
  });
});

describe('agent console: queue, claim race and masking', () => {
  it('shows the queue with waiting time; of two agents claiming at once, one gets it', async () => {
    const psid = '7770001';
    await postWebhook(rig.base, batch({ messaging: [textMsg(psid, 'talk to a person')] }));
    await fg.waitForMessages(psid, 1);
    const a = new AgentClient(rig.base);
    const b = new AgentClient(rig.base);
    await a.signIn('alice', PASSWORDS.alice);
    const carol = new AgentClient(rig.base);
    expect((await carol.signIn('alice', PASSWORDS.alice)).status).toBe(303); // one person, two tabs is fine
    await redis.del(
      `${rig.prefix}agent-signin:bob|127.0.0.1`,
      `${rig.prefix}agent-signin:bob|::ffff:127.0.0.1`,
    );
    expect((await b.signIn('bob', PASSWORDS.bob)).status).toBe(303);

    const queue = (await (await a.api('GET', '/queue')).json()) as {
      queue: { key: string; label: string; waitingMs: number }[];
    };
    expect(queue.queue).toEqual([
      expect.objectContaining({ key: `messenger:${psid}`, label: 'messenger ••0001' }),
    ]);
    expect(queue.queue[0]!.waitingMs).toBeGreaterThanOrEqual(0);

    const path = `/conversations/${encodeURIComponent(`messenger:${psid}`)}/claim`;
    const [ra, rb] = await Promise.all([a.api('POST', path, {}), b.api('POST', path, {})]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(await loser.json()).toMatchObject({
      error: 'TELLER_ERR_HANDOFF_CONFLICT',
      message: expect.stringMatching(/Already claimed by (Alice|Bob)/),
    });
  });

  it('masks card numbers, account numbers and amounts in the transcript staff see', async () => {
    const psid = '7770002';
    await postWebhook(rig.base, batch({ messaging: [textMsg(psid, 'talk to a person')] }));
    await fg.waitForMessages(psid, 1);
    await postWebhook(
      rig.base,
      batch({
        messaging: [textMsg(psid, 'account 12345678 was charged £1,234.56 on card 4000 0000 0000 0002')],
      }),
    );
    const a = new AgentClient(rig.base);
    await a.signIn('alice', PASSWORDS.alice);
    let entries: { from: string; text: string }[] = [];
    for (let i = 0; i < 200 && entries.length < 3; i++) {
      const res = await a.api('GET', `/conversations/${encodeURIComponent(`messenger:${psid}`)}`);
      entries = ((await res.json()) as { entries: { from: string; text: string }[] }).entries;
      if (entries.length < 3) await new Promise((r) => setTimeout(r, 20));
    }
    const said = entries.at(-1)!.text;
    expect(said).not.toMatch(/12345678|1,234\.56|4000 0000/);
    expect(said).toMatch(/••5678/);
    expect(said).toMatch(/\[card number removed\]/);
    // Sealed at rest: what the customer typed is nowhere in Redis in clear text.
    const keys = await redis.keys(`${rig.prefix}*`);
    for (const k of keys) {
      const type = await redis.type(k);
      const values =
        type === 'list'
          ? await redis.lrange(k, 0, -1)
          : type === 'string'
            ? [await redis.get(k)]
            : type === 'hash'
              ? Object.values(await redis.hgetall(k))
              : [];
      for (const v of values) expect(v ?? '').not.toMatch(/charged|talk to a person/);
    }
  });

  it('serves Prometheus metrics from the bot’s own registry', async () => {
    const res = await fetch(`${rig.base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await res.text();
    expect(body).toMatch(/teller_handoff_queue_length\{bot="demo-bank"\} \d+/);
    expect(body).toMatch(/teller_handoff_wait_seconds_count\{bot="demo-bank"\} [1-9]/);
    expect(body).toMatch(/teller_conversations_resolved_total\{by="person",bot="demo-bank"\} 0/);
  });
});
