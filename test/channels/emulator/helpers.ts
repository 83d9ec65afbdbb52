import type { Server } from 'node:http';
import express from 'express';
import {
  createEmulator,
  generateLocalSecrets,
  signatureSha256,
  type Emulator,
} from '../../../src/channels/emulator';
import { silentLogger } from '../../../src/logging/logger';
import { closeServer, listen } from '../../../src/server/listen';
import { freePort } from '../../support/redis-server';

export interface Harness {
  url: string;
  emulator: Emulator;
  secrets: ReturnType<typeof generateLocalSecrets>;
  /** Webhook bodies the stand-in bot received (signature already checked). */
  webhooks: Record<string, unknown>[];
  /** Status the stand-in webhook answers with. */
  webhookStatus: { code: number };
  close(): Promise<void>;
}

/**
 * The emulator mounted next to a stand-in `/webhooks/messenger` that checks signatures the way the
 * real channel does and records what Meta (here, the emulator) delivered.
 */
export async function startHarness(): Promise<Harness> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const secrets = generateLocalSecrets();
  const emulator = createEmulator({ selfUrl: url, ...secrets, logger: silentLogger(), botName: 'Test Bank' });
  const webhooks: Record<string, unknown>[] = [];
  const webhookStatus = { code: 200 };
  const app = express();
  app.get('/webhooks/messenger', (req, res) => {
    if (req.query['hub.verify_token'] === secrets.verifyToken) res.send(String(req.query['hub.challenge']));
    else res.sendStatus(403);
  });
  app.post('/webhooks/messenger', express.raw({ type: '*/*' }), (req, res) => {
    const raw = req.body as Buffer;
    if (req.get('x-hub-signature-256') !== signatureSha256(secrets.appSecret, raw))
      return void res.sendStatus(403);
    webhooks.push(JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    res.sendStatus(webhookStatus.code);
  });
  app.use(emulator.router);
  app.get('/', emulator.home);
  const { server } = await listen(app, port, '127.0.0.1');
  return {
    url,
    emulator,
    secrets,
    webhooks,
    webhookStatus,
    close: async () => {
      emulator.close();
      await closeServer(server as Server);
    },
  };
}

export interface SseEvent {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

/** A tiny SSE reader: `next(type)` resolves with the next event of that type. */
export function openEvents(url: string): {
  next(type: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
} {
  const controller = new AbortController();
  const queue: SseEvent[] = [];
  let wake: (() => void) | undefined;
  void (async () => {
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => l && !l.startsWith(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        ) as Record<string, string>;
        if (fields.data === undefined) continue;
        queue.push({ event: fields.event ?? 'message', id: fields.id, data: JSON.parse(fields.data) });
        wake?.();
      }
    }
  })().catch(() => undefined);
  return {
    async next(type, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex((e) => e.event === type);
        if (i >= 0) return queue.splice(i, 1)[0]!;
        if (Date.now() > deadline) throw new Error(`no "${type}" event within ${timeoutMs} ms`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
    },
    close: () => controller.abort(),
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
