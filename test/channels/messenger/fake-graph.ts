import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One request the fake Graph API received. */
export interface GraphCall {
  method: string;
  /** Path without the version prefix, e.g. `/me/messages`. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  at: number;
}

/** A canned answer for the next POST /me/messages. */
export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const graphError = (code: number, subcode?: number, status = 400): Scripted => ({
  status,
  body: {
    error: {
      message: `(#${code}) scripted failure`,
      type: 'OAuthException',
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: 'FAKE-trace',
    },
  },
});

/**
 * A local stand-in for graph.facebook.com speaking the real wire format: POST /me/messages,
 * GET/POST /me/messenger_profile. It checks access_token and appsecret_proof on every call (a bad
 * one gets Graph's code 190), records what it got, and can be scripted to fail, delay or hold.
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  /** The page's messenger_profile as Graph would return it. */
  profile: Record<string, unknown> = {};
  /** Answers for the next /me/messages POSTs, first in first out; then success. */
  readonly script: Scripted[] = [];
  /** Milliseconds to wait before answering each /me/messages call. */
  delay: () => number = () => 0;
  authFailures = 0;
  held = 0;
  private holding: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly token: string,
    private readonly secret: string,
  ) {}

  static async start(o: {
    appSecret: string;
    pageAccessToken: string;
    version?: string;
  }): Promise<FakeGraph> {
    const ref: { self?: FakeGraph } = {};
    const server = createServer((req, res) => void ref.self!.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const self = new FakeGraph(
      server,
      `http://127.0.0.1:${port}/${o.version ?? 'v23.0'}`,
      o.pageAccessToken,
      o.appSecret,
    );
    ref.self = self;
    return self;
  }

  /** Holds every /me/messages call until the returned function is called. */
  hold(): () => void {
    this.holding = new Promise((r) => (this.release = r));
    return () => {
      this.holding = undefined;
      this.release?.();
    };
  }

  /** Send API calls carrying a message (not sender actions), optionally for one recipient. */
  messages(userId?: string): Record<string, unknown>[] {
    return this.sends(userId)
      .filter((b) => b.message !== undefined)
      .map((b) => b.message as Record<string, unknown>);
  }

  sends(userId?: string): Record<string, unknown>[] {
    return this.calls
      .filter((c) => c.method === 'POST' && c.path === '/me/messages' && c.body)
      .map((c) => c.body!)
      .filter((b) => userId === undefined || (b.recipient as { id?: string } | undefined)?.id === userId);
  }

  async waitForMessages(userId: string, n: number, timeoutMs = 10_000): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages(userId).length < n) {
      if (Date.now() > deadline)
        throw new Error(`expected ${n} messages to ${userId}, got ${this.messages(userId).length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.messages(userId);
  }

  close(): Promise<void> {
    this.release?.();
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://graph.test');
    const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> | undefined;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      return this.reply(res, graphError(100, undefined, 400));
    }
    this.calls.push({ method: req.method ?? 'GET', path, query: url.searchParams, body, at: Date.now() });

    const token = url.searchParams.get('access_token');
    const proof = url.searchParams.get('appsecret_proof');
    const expected = token ? createHmac('sha256', this.secret).update(token).digest('hex') : '';
    if (token !== this.token || proof !== expected) {
      this.authFailures++;
      return this.reply(res, graphError(190, 460, 400));
    }

    if (path === '/me/messages' && req.method === 'POST') {
      if (this.holding) {
        this.held++;
        await this.holding;
      }
      const wait = this.delay();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const scripted = this.script.shift();
      if (scripted) return this.reply(res, scripted);
      const recipient = (body?.recipient as { id?: string } | undefined)?.id ?? '';
      return this.reply(res, {
        status: 200,
        body: body?.message
          ? { recipient_id: recipient, message_id: `m_fake_${++this.seq}` }
          : { recipient_id: recipient },
      });
    }
    if (path === '/me/messenger_profile' && req.method === 'GET') {
      const fields = (url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
      const picked = Object.fromEntries(Object.entries(this.profile).filter(([k]) => fields.includes(k)));
      return this.reply(res, { status: 200, body: { data: Object.keys(picked).length ? [picked] : [] } });
    }
    if (path === '/me/messenger_profile' && req.method === 'POST') {
      this.profile = { ...this.profile, ...body };
      return this.reply(res, { status: 200, body: { result: 'success' } });
    }
    // Handover protocol (handoff to Meta's Page Inbox): recorded in `calls`, answered as Graph does.
    if (req.method === 'POST' && (path === '/me/pass_thread_control' || path === '/me/take_thread_control'))
      return this.reply(res, { status: 200, body: { success: true } });
    return this.reply(res, graphError(100, 33, 400));
  }

  private reply(res: ServerResponse, s: Scripted): void {
    res.writeHead(s.status, { 'content-type': 'application/json', ...s.headers });
    res.end(s.body === undefined ? '' : JSON.stringify(s.body));
  }
}
