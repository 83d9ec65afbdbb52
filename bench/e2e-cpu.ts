/**
 * `npx tsx bench/e2e-cpu.ts`: CPU time per turn of the whole Messenger path — signed webhook over
 * loopback → handler ahead of express → inbox → engine (NLU, vault-sealed session, sandbox bank)
 * → Send API → fake Graph API — with everything in ONE process, load generator included.
 * Reports the minimum and median over batches: on a shared, noisy machine this moves far less
 * than turns/s, so it is the number to compare two versions of the code by (run it on each).
 * Knobs: USERS (8), BATCH (turns per user per batch, 60), BATCHES (14, the first 4 unmeasured).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBot } from '../src/bot/create-bot';
import { createMessengerChannel, loadMessengerConfig } from '../src/channels/messenger';
import { SandboxBank, sandboxMerchants } from '../src/connectors/sandbox';
import { MemoryAuditLog } from '../src/engine/audit';
import { loadIntents } from '../src/engine/loader';
import { silentLogger } from '../src/logging/logger';
import { EmbeddedNlu } from '../src/nlu/embedded';
import { extractEntities } from '../src/nlu/entities';
import { createApp } from '../src/server/app';
import { MIX } from './e2e';
import { VirtualUser, WebhookClient } from './e2e-client';
import { FakeGraph } from './fake-graph';

async function main(): Promise<void> {
  const graph = new FakeGraph();
  await graph.start();
  const env = {
    MESSENGER_APP_SECRET: 'bench-app-secret-0123456789',
    MESSENGER_VERIFY_TOKEN: 'bench',
    MESSENGER_PAGE_ACCESS_TOKEN: 'EAAbench',
    MESSENGER_GRAPH_URL: `${graph.url}/v23.0`,
    MESSENGER_SEND_RATE: '1000000',
  };
  const logger = silentLogger();
  const bank = new SandboxBank();
  const knownMerchants = sandboxMerchants();
  const bot = createBot({
    name: 'bench',
    // 20 virtual users each send dozens of turns a second: a real page's rate limits would (rightly)
    // turn them away. The bench measures the turn path, so limits are off here.
    rateLimits: false,
    connector: bank,
    nlu: new EmbeddedNlu({ entityExtractor: (t, c) => extractEntities(t, c, { knownMerchants }) }),
    intents: loadIntents(),
    publicUrl: 'http://bench.local',
    logger,
    audit: new MemoryAuditLog(),
  });
  await bot.init();
  const channel = createMessengerChannel({
    engine: bot.engine,
    config: loadMessengerConfig(env, { required: true }),
    logger,
  });
  const app = createApp(bot, { routers: [channel.router] });
  const server = createServer((req, res) => channel.handler(req, res, () => app(req, res)));
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  await channel.start();
  const client = new WebhookClient(port, env.MESSENGER_APP_SECRET);
  const users = Array.from({ length: Number(process.env.USERS ?? 8) }, () => new VirtualUser(graph));
  for (const u of users) {
    const url = await bot.linking.startUrl({ channel: 'messenger', userId: u.psid }, 'sandbox');
    await bot.linking.approve(new URL(url).searchParams.get('t')!, bank.defaultCustomerFor(u.psid));
    await u.settle(100, 5000);
  }
  // How many Send API messages each position of MIX produces (second round: follow-ups settled).
  const counts: number[] = [];
  for (let round = 0; round < 2; round++)
    for (let i = 0; i < MIX.length; i++) {
      await client.postText(users[0]!.psid, MIX[i]!);
      counts[i] = (await users[0]!.settle(100, 5000)).length;
    }
  const batch = Number(process.env.BATCH ?? 60);
  const cpu: number[] = [];
  for (let b = 0; b < Number(process.env.BATCHES ?? 14); b++) {
    const c0 = process.cpuUsage();
    await Promise.all(
      users.map(async (u) => {
        for (let t = 0; t < batch; t++) {
          await client.postText(u.psid, MIX[t % MIX.length]!);
          if (!(await u.take(counts[t % MIX.length]!, 10_000))) throw new Error('no reply within 10 s');
        }
      }),
    );
    const c = process.cpuUsage(c0);
    if (b >= 4) cpu.push((c.user + c.system) / 1000 / (batch * users.length));
  }
  cpu.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      users: users.length,
      replies_per_mix_position: counts,
      cpu_ms_per_turn_min: +cpu[0]!.toFixed(3),
      cpu_ms_per_turn_median: +cpu[cpu.length >> 1]!.toFixed(3),
    }) + '\n',
  );
  for (const u of users) u.close();
  client.close();
  await channel.close();
  server.close();
  server.closeAllConnections();
  await graph.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
