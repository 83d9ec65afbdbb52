import { randomBytes, randomInt } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { messagingItem, webhookBody } from '../src/channels/emulator/inbound';
import { signatureSha256 } from '../src/channels/emulator/meta';
import type { FakeGraph, Received } from './fake-graph';

const PAGE_ID = '100000000000001';
/** Message ids: unique per run, like Meta's `mid`, but cheap for the load generator (no RNG per message). */
const MID_PREFIX = 'm_' + randomBytes(12).toString('base64url');
let midSeq = 0;

/** Posts signed Messenger webhook events over loopback, the way Meta delivers them. */
export class WebhookClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });

  constructor(
    readonly port: number,
    private readonly appSecret: string,
  ) {}

  /** Resolves with the HTTP status and the time until the webhook's answer (ms). */
  postText(psid: string, text: string): Promise<{ status: number; ackMs: number; t0: number }> {
    const now = Date.now();
    const raw = JSON.stringify(
      webhookBody(PAGE_ID, messagingItem(PAGE_ID, { psid, text }, `${MID_PREFIX}${++midSeq}`, now), now),
    );
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(raw),
      'X-Hub-Signature-256': signatureSha256(this.appSecret, raw),
    };
    return new Promise((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          agent: this.agent,
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/webhooks/messenger',
          headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ackMs: performance.now() - t0, t0 }));
        },
      );
      req.on('error', () => resolve({ status: 0, ackMs: performance.now() - t0, t0 }));
      req.end(raw);
    });
  }

  /** A plain HTTP call to the bot (the sandbox consent pages). */
  async http(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      redirect: 'manual',
      headers: form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : undefined,
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    return { status: res.status, text: await res.text() };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One virtual user: a PSID, and the messages the fake Graph API received for it. */
export class VirtualUser {
  readonly psid = '9' + Array.from({ length: 15 }, () => randomInt(10)).join('');
  readonly inbox: Received[] = [];
  received = 0;
  private wake?: () => void;

  constructor(private readonly graph: FakeGraph) {
    graph.on(this.psid, (r) => {
      this.inbox.push(r);
      this.received++;
      this.wake?.();
    });
  }

  /** Waits until `n` messages are in the inbox; undefined on timeout. */
  async take(n: number, timeoutMs: number): Promise<Received[] | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (this.inbox.length < n) {
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, Math.min(left, 250));
      });
    }
    return this.inbox.splice(0, n);
  }

  /** Waits until at least one message came and then none for `quietMs`; returns them all. */
  async settle(quietMs: number, timeoutMs: number): Promise<Received[]> {
    const deadline = performance.now() + timeoutMs;
    let seen = -1;
    while (performance.now() < deadline && (this.inbox.length === 0 || this.inbox.length !== seen)) {
      seen = this.inbox.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
    return this.inbox.splice(0);
  }

  /** The first message whose JSON matches, waiting up to `timeoutMs`. */
  async find(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray | undefined> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      for (const r of this.inbox) {
        const m = pattern.exec(JSON.stringify(r.message));
        if (m) return m;
      }
      if (performance.now() > deadline) return undefined;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.graph.off(this.psid);
  }
}
