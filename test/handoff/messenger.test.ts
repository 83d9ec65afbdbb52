import type { Server } from 'node:http';
import type Redis from 'ioredis';
import {
  createMessengerChannel,
  PAGE_INBOX_APP_ID,
  type MessengerChannel,
} from '../../src/channels/messenger';
import { createApp } from '../../src/server/app';
import { closeServer, listen } from '../../src/server/listen';
import { FakeGraph } from '../channels/messenger/fake-graph';
import {
  APP_SECRET,
  batch,
  item,
  PAGE_TOKEN,
  postWebhook,
  testConfig,
  textMsg,
  waitFor,
} from '../channels/messenger/helpers';
import { testRedis, uniquePrefix } from '../support/redis';
import { ALICE, makeHandoffBot, type HandoffBot } from './helpers';

const OUR_APP = '900000000000001';
let redis: Redis;
let fg: FakeGraph;
beforeAll(async () => {
  redis = testRedis();
  fg = await FakeGraph.start({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
});
afterAll(async () => {
  await fg.close();
  await redis.quit();
});

interface Rig {
  t: HandoffBot;
  channel: MessengerChannel;
  server: Server;
  base: string;
  close(): Promise<void>;
}

async function rig(pageInbox: boolean): Promise<Rig> {
  const t = await makeHandoffBot({ redis, prefix: uniquePrefix('handoff-messenger') });
  const channel = createMessengerChannel({
    engine: t.bot.engine,
    config: testConfig(fg.url),
    logger: t.bot.logger,
    handoff: t.handoff,
    pageInbox: pageInbox ? { pageInbox: true, appId: OUR_APP } : undefined,
  });
  await channel.start();
  const { server, port } = await listen(createApp(t.bot, { routers: [channel.router] }), 0, '127.0.0.1');
  return {
    t,
    channel,
    server,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await channel.close();
      await closeServer(server);
      await t.close();
    },
  };
}

const texts = (psid: string) => fg.messages(psid).map((m) => String(m.text ?? ''));

describe('handoff on Messenger', () => {
  it('replies within 24 hours as RESPONSE, then with the HUMAN_AGENT tag for 7 days, then refuses', async () => {
    const r = await rig(false);
    try {
      const psid = '5550001';
      expect(
        (await postWebhook(r.base, batch({ messaging: [textMsg(psid, 'talk to a person')] }))).status,
      ).toBe(200);
      await fg.waitForMessages(psid, 1);
      expect(texts(psid)[0]).toMatch(/number 1 in the queue/);
      expect((await r.t.handoff.claim(`messenger:${psid}`, ALICE)).ok).toBe(true);
      await r.t.handoff.typing(`messenger:${psid}`, ALICE, true);
      await r.t.handoff.send(`messenger:${psid}`, ALICE, 'Hi, Alice here');
      const sends = fg.sends(psid);
      expect(sends).toContainEqual({ recipient: { id: psid }, sender_action: 'typing_on' });
      expect(sends.at(-1)).toMatchObject({ messaging_type: 'RESPONSE', message: { text: 'Hi, Alice here' } });

      r.t.advance(25 * 3600_000);
      await r.t.handoff.send(`messenger:${psid}`, ALICE, 'Following up on your question');
      expect(fg.sends(psid).at(-1)).toMatchObject({
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'Following up on your question' },
      });

      r.t.advance(7 * 24 * 3600_000);
      await expect(r.t.handoff.send(`messenger:${psid}`, ALICE, 'too late')).rejects.toMatchObject({
        code: 'TELLER_ERR_HANDOFF_WINDOW',
      });
    } finally {
      await r.close();
    }
  });

  it('Page Inbox mode: passes the thread to the inbox, records standby messages, and takes back control', async () => {
    const r = await rig(true);
    try {
      const psid = '5550002';
      await postWebhook(r.base, batch({ messaging: [textMsg(psid, 'my card was stolen')] }));
      await fg.waitForMessages(psid, 1);
      expect(texts(psid)[0]).toMatch(/flagged this as urgent.*passing you to a member of our team/);
      const pass = fg.calls.find((c) => c.path === '/me/pass_thread_control');
      expect(pass?.body).toMatchObject({ recipient: { id: psid }, target_app_id: PAGE_INBOX_APP_ID });
      expect(await r.t.handoff.store.get(`messenger:${psid}`)).toMatchObject({
        state: 'agent',
        agent: 'page-inbox',
      });

      // The inbox owns the thread: the customer's messages and the staff's replies arrive on standby.
      await postWebhook(
        r.base,
        batch({
          standby: [
            item(psid, { message: { mid: 'm_sb_1', text: 'it was taken on the bus' } }),
            {
              sender: { id: '1000000001' },
              recipient: { id: psid },
              timestamp: Date.now(),
              message: { mid: 'm_sb_2', is_echo: true, text: 'I have frozen your card' },
            },
          ],
        }),
      );
      await waitFor(async () =>
        (await r.t.handoff.conversation(`messenger:${psid}`)).entries.some((e) => e.from === 'agent'),
      );
      const lines = (await r.t.handoff.conversation(`messenger:${psid}`)).entries.map(
        (e) => `${e.from}: ${e.text}`,
      );
      expect(lines).toContain('customer: it was taken on the bus');
      expect(lines).toContain('agent: I have frozen your card');
      expect(fg.messages(psid)).toHaveLength(1); // the bot stayed silent

      // The inbox passes the thread back: the bot says it is back, then answers again.
      await postWebhook(
        r.base,
        batch({
          messaging: [
            item(psid, {
              pass_thread_control: {
                new_owner_app_id: OUR_APP,
                previous_owner_app_id: PAGE_INBOX_APP_ID,
                metadata: 'done',
              },
            }),
          ],
        }),
      );
      await fg.waitForMessages(psid, 2);
      expect(texts(psid)[1]).toMatch(/You're chatting with Teller, the automated assistant, again/);
      expect((await r.t.handoff.store.get(`messenger:${psid}`))?.state).toBe('bot');
      await postWebhook(r.base, batch({ messaging: [textMsg(psid, 'what can you do')] }));
      await fg.waitForMessages(psid, 3);
      expect(texts(psid)[2]).toMatch(/^Here's what I can do/);
    } finally {
      await r.close();
    }
  });
});
