import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from '../../logging/logger';
import { escapeHtml, page } from '../../server/html';
import { AccountLinkingTokens, withAccountLinkParams } from './account-linking';
import { fakeGraphRouter } from './graph';
import { EventHub } from './hub';
import {
  accountLinkingItem,
  messagingItem,
  sendSchema,
  webhookBody,
  WebhookSender,
  type SendRequest,
} from './inbound';
import { newMid, newNumericId } from './meta';
import { homePage, staticAsset } from './page';

export { generateLocalSecrets, messengerMode, MESSENGER_SECRET_VARS, type LocalSecrets } from './secrets';
export { appSecretProof, signatureSha256 } from './meta';

export interface EmulatorOptions {
  /**
   * Where this server reaches itself, e.g. `http://127.0.0.1:3000`: webhooks go to
   * `${selfUrl}/webhooks/messenger` and the fake Graph API is `${selfUrl}/emulator/graph`.
   */
  selfUrl: string;
  /** Where the browser reaches this server (PUBLIC_URL), for account-linking redirects; default selfUrl. */
  publicBaseUrl?: string;
  appSecret: string;
  verifyToken: string;
  pageToken: string;
  logger: Logger;
  /** Shown in the chat header and as the Page's name; default "Teller". */
  botName?: string;
  /** The emulated Page's id; default a random 15-digit id. */
  pageId?: string;
  /** Default `/webhooks/messenger`. */
  webhookPath?: string;
}

export interface Emulator {
  /** Mount with createApp's `routers`: `/emulator/*` (graph, events, send, assets). */
  router: Router;
  /** createApp's `home`: the web chat at `/`. */
  home: RequestHandler;
  /** Environment-style Messenger settings pointing the real Messenger channel at this emulator. */
  config: {
    MESSENGER_APP_SECRET: string;
    MESSENGER_VERIFY_TOKEN: string;
    MESSENGER_PAGE_ACCESS_TOKEN: string;
    MESSENGER_GRAPH_URL: string;
  };
  pageId: string;
  /** Meta's webhook set-up handshake (`hub.challenge`); true when the bot echoes the challenge. */
  verifyWebhook(): Promise<boolean>;
  /** Ends open event streams. */
  close(): void;
}

/**
 * A local stand-in for Messenger: a web chat whose messages become signed webhook events posted
 * to the bot's real `/webhooks/messenger`, and a fake Graph API whose received messages are shown
 * in the chat. The bot runs its real Messenger code path end to end, without a Facebook app.
 */
export function createEmulator(o: EmulatorOptions): Emulator {
  const selfUrl = o.selfUrl.replace(/\/+$/, '');
  const publicBaseUrl = (o.publicBaseUrl ?? selfUrl).replace(/\/+$/, '');
  const webhookUrl = selfUrl + (o.webhookPath ?? '/webhooks/messenger');
  const pageId = o.pageId ?? newNumericId(15);
  const botName = o.botName ?? 'Teller';
  const hub = new EventHub();
  const profile = new Map<string, unknown>();
  const linkTokens = new AccountLinkingTokens();
  const sender = new WebhookSender({ url: () => webhookUrl, appSecret: o.appSecret, logger: o.logger });
  const redirectBase = `${publicBaseUrl}/emulator/account_linking`;

  const router = express.Router();
  router.use(
    '/emulator/graph',
    fakeGraphRouter({
      appSecret: o.appSecret,
      pageToken: o.pageToken,
      pageId,
      pageName: botName,
      hub,
      profile,
      logger: o.logger,
      decorate: (psid, message) => withAccountLinkParams(message, () => linkTokens.issue(psid), redirectBase),
    }),
  );
  router.get('/emulator/app.js', staticAsset('app.js'));
  router.get('/emulator/app.css', staticAsset('app.css'));

  router.get('/emulator/profile', (_req, res) => {
    const shown = ['get_started', 'greeting', 'persistent_menu', 'ice_breakers'];
    res
      .set('Cache-Control', 'no-store')
      .json(Object.fromEntries([...profile].filter(([k]) => shown.includes(k))));
  });

  router.get('/emulator/events', (req: Request, res: Response) => {
    const psid = typeof req.query.psid === 'string' ? req.query.psid : '';
    if (!/^\d{5,32}$/.test(psid)) return void res.status(400).json({ error: 'psid must be 5-32 digits' });
    const after = Math.max(Number(req.query.after) || 0, Number(req.get('last-event-id')) || 0);
    hub.subscribe(psid, after, res);
  });

  router.post('/emulator/send', express.json({ limit: '16kb' }), async (req: Request, res: Response) => {
    const origin = req.get('origin');
    if (origin && origin !== 'null' && new URL(origin).host !== req.get('host'))
      return void res.status(403).json({ error: 'Cross-origin posts are not accepted' });
    if (!req.is('application/json')) return void res.status(415).json({ error: 'Send JSON' });
    const parsed = sendSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'Not a valid message for the emulator' });
    const input = parsed.data;
    const mid = newMid();
    const now = Date.now();
    hub.publish(input.psid, { type: 'user', mid, text: echoText(input) });
    const delivery = await sender.deliver(webhookBody(pageId, messagingItem(pageId, input, mid, now), now));
    if (delivery.status === 200) return void res.json({ ok: true, mid });
    res.status(502).json({
      error: delivery.status
        ? `The bot's webhook answered HTTP ${delivery.status} (Meta would retry).`
        : "The bot's webhook did not answer.",
    });
  });

  // Messenger's redirect_uri: the bank's login page may send the browser here when it is done.
  router.get('/emulator/account_linking', async (req: Request, res: Response) => {
    const token = typeof req.query.account_linking_token === 'string' ? req.query.account_linking_token : '';
    const code = typeof req.query.authorization_code === 'string' ? req.query.authorization_code : undefined;
    const psid = linkTokens.take(token);
    res.set('Cache-Control', 'no-store').type('html');
    if (!psid) return void res.status(400).send(page('Link not valid', '<h1>This link has expired</h1>'));
    const now = Date.now();
    await sender.deliver(webhookBody(pageId, accountLinkingItem(pageId, psid, code, now), now));
    res.send(
      page(
        code ? 'Linked' : 'Not linked',
        `<h1>${code ? 'Account linked' : 'Account not linked'}</h1><p>Return to ${escapeHtml(botName)}'s chat.</p>`,
      ),
    );
  });

  return {
    router,
    home: homePage(botName),
    config: {
      MESSENGER_APP_SECRET: o.appSecret,
      MESSENGER_VERIFY_TOKEN: o.verifyToken,
      MESSENGER_PAGE_ACCESS_TOKEN: o.pageToken,
      MESSENGER_GRAPH_URL: `${selfUrl}/emulator/graph`,
    },
    pageId,
    async verifyWebhook() {
      const challenge = newNumericId(10);
      const url = new URL(webhookUrl);
      url.search = new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.verify_token': o.verifyToken,
        'hub.challenge': challenge,
      }).toString();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        return res.status === 200 && (await res.text()).trim() === challenge;
      } catch {
        return false;
      }
    },
    close: () => hub.close(),
  };
}

function echoText(input: SendRequest): string {
  if ('text' in input) return input.text;
  if ('payload' in input) return input.title || input.payload;
  return `📍 Shared location (${input.location.lat}, ${input.location.lon})`;
}
