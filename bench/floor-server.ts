/**
 * The floor of the end-to-end benchmark: the least a Messenger bot can do per message, as a bare
 * node:http server in its own process. Verify `X-Hub-Signature-256`, answer 200, then one session
 * GET and one SET (Redis when REDIS_URL is set, else a Map) and one Send API POST to the same fake
 * Graph API Teller uses (keep-alive, token and appsecret_proof in the query like Teller's client).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import Redis from 'ioredis';
import { serveBenchmark } from './child';
import { readBody } from './fake-graph';

const secret = process.env.MESSENGER_APP_SECRET!;
const token = process.env.MESSENGER_PAGE_ACCESS_TOKEN!;
const graph = new URL(process.env.MESSENGER_GRAPH_URL!);
const proof = createHmac('sha256', secret).update(token).digest('hex');
const sendPath = `${graph.pathname.replace(/\/$/, '')}/me/messages?access_token=${encodeURIComponent(token)}&appsecret_proof=${proof}`;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
const prefix = process.env.BENCH_REDIS_PREFIX ?? `floor:${process.pid}:`;
const memory = new Map<string, string>();

const store = {
  get: (k: string) => (redis ? redis.get(prefix + k) : Promise.resolve(memory.get(k) ?? null)),
  set: async (k: string, v: string) => {
    if (redis) await redis.set(prefix + k, v, 'EX', 86_400);
    else memory.set(k, v);
  },
};

function send(body: unknown): Promise<void> {
  const raw = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: graph.hostname,
        port: graph.port,
        method: 'POST',
        path: sendPath,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(raw) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`graph ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

async function handle(event: { sender?: { id?: string }; message?: { text?: string } }): Promise<void> {
  const psid = event.sender?.id;
  if (!psid) return;
  const session = JSON.parse((await store.get(`s:${psid}`)) ?? '{"turns":0}') as { turns: number };
  session.turns++;
  await store.set(`s:${psid}`, JSON.stringify(session));
  await send({
    messaging_type: 'RESPONSE',
    recipient: { id: psid },
    message: { text: `ok ${session.turns}` },
  });
}

const server = createServer((req, res) => {
  void readBody(req).then((raw) => {
    const expected = 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
    const got = String(req.headers['x-hub-signature-256'] ?? '');
    if (got.length !== expected.length || !timingSafeEqual(Buffer.from(got), Buffer.from(expected))) {
      res.writeHead(403).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('EVENT_RECEIVED');
    const body = JSON.parse(raw) as { entry?: { messaging?: Parameters<typeof handle>[0][] }[] };
    for (const entry of body.entry ?? [])
      for (const event of entry.messaging ?? []) handle(event).catch((err) => console.error(err));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  serveBenchmark(typeof addr === 'object' && addr ? addr.port : 0, async () => {
    server.close();
    server.closeAllConnections();
    await redis?.quit();
  });
});
