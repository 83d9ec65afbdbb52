import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { errorCode } from '../../engine/errors';
import type { AgentRef, Handoff } from '../../handoff/handoff';
import type { Logger } from '../../logging/logger';
import type { AgentDirectory } from './agents';
import { conversationsView, queueView } from './views';

/** `channel:id`, as conversation keys are built (linking/types userKey). */
const KEY = /^[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9_.@:-]{1,128}$/;
const textBody = z.object({ text: z.string().trim().min(1).max(2000) });
const typingBody = z.object({ on: z.boolean() });

type Agentful = Request & { agent?: AgentRef };

/**
 * The console's JSON API and its live event stream. Every route runs after sign-in and the CSRF
 * check (see index.ts); `req.agent` is the signed-in member of staff.
 */
export function consoleApi(o: {
  handoff: Handoff;
  agents: AgentDirectory;
  logger: Logger;
  heartbeatMs?: number;
}): Router {
  const h = o.handoff;
  const router = express.Router();
  router.use(express.json({ limit: '8kb' }));

  router.get('/queue', async (_req, res) => {
    const [queue, conversations] = await Promise.all([queueView(h), conversationsView(h, o.agents)]);
    res.json({ now: h.now(), queue, conversations });
  });

  router.get('/conversations/:key', async (req, res) => {
    const key = keyOf(req, res);
    if (!key) return;
    const c = await h.conversation(key);
    const r = c.record;
    res.json({
      key: c.key,
      label: c.label,
      state: r?.state ?? 'bot',
      agent: r?.agent,
      agentName: r?.agent ? (o.agents.get(r.agent)?.name ?? r.agent) : undefined,
      priority: r?.priority ?? 'normal',
      entries: c.entries.map((e) => ({ ...e, agentName: e.agent ? o.agents.get(e.agent)?.name : undefined })),
    });
  });

  const action = (
    name: string,
    run: (key: string, agent: AgentRef, req: Request, res: Response) => Promise<unknown>,
  ) =>
    router.post(`/conversations/:key/${name}`, async (req: Agentful, res) => {
      const key = keyOf(req, res);
      if (!key) return;
      try {
        const out = await run(key, req.agent!, req, res);
        if (!res.headersSent) res.json(out ?? { ok: true });
      } catch (err) {
        const code = errorCode(err);
        const status =
          code === 'TELLER_ERR_HANDOFF_CONFLICT' ? 409 : code === 'TELLER_ERR_HANDOFF_WINDOW' ? 422 : 502;
        o.logger.warn({ code, action: name }, 'agent console action refused');
        res.status(status).json({ error: code, message: err instanceof Error ? err.message : 'failed' });
      }
    });

  const claimed = (res: Response, out: Awaited<ReturnType<Handoff['claim']>>) => {
    if (out.ok) return { ok: true };
    const by = out.agent ? (o.agents.get(out.agent)?.name ?? out.agent) : undefined;
    res.status(409).json({
      error: 'TELLER_ERR_HANDOFF_CONFLICT',
      message: by
        ? `Already claimed by ${by}`
        : `The conversation is ${out.state === 'bot' ? 'with the bot' : out.state}`,
      state: out.state,
      agentName: by,
    });
    return undefined;
  };
  action('claim', async (key, agent, _req, res) => claimed(res, await h.claim(key, agent)));
  action('pick', async (key, agent, _req, res) => claimed(res, await h.pick(key, agent)));
  action('message', async (key, agent, req, res) => {
    const body = textBody.safeParse(req.body);
    if (!body.success)
      return void res.status(400).json({ error: 'TELLER_ERR_CONFIG', message: 'Type a message' });
    await h.send(key, agent, body.data.text);
  });
  action('note', async (key, agent, req, res) => {
    const body = textBody.safeParse(req.body);
    if (!body.success)
      return void res.status(400).json({ error: 'TELLER_ERR_CONFIG', message: 'Type a note' });
    await h.note(key, agent, body.data.text);
  });
  action('typing', async (key, agent, req, res) => {
    const body = typingBody.safeParse(req.body);
    if (!body.success)
      return void res.status(400).json({ error: 'TELLER_ERR_CONFIG', message: 'on: boolean' });
    await h.typing(key, agent, body.data.on);
  });
  action('handback', (key, agent) => h.handBack(key, agent));
  action('resolve', (key, agent) => h.resolve(key, agent));
  action('release', (key, agent) => h.release(key, agent));

  // Server-Sent Events: every console hears every change (across processes, via the bus).
  router.get('/events', (req, res) => {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const off = h.bus.subscribe((event) => {
      const out =
        event.type === 'message' && event.entry.agent
          ? { ...event, entry: { ...event.entry, agentName: o.agents.get(event.entry.agent)?.name } }
          : event.type === 'state' && event.agent
            ? { ...event, agentName: o.agents.get(event.agent)?.name ?? event.agent }
            : event;
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(out)}\n\n`);
    });
    res.write('event: ready\ndata: {}\n\n');
    const beat = setInterval(() => res.write(': ping\n\n'), o.heartbeatMs ?? 15_000);
    beat.unref();
    req.on('close', () => {
      clearInterval(beat);
      off();
    });
  });
  return router;
}

function keyOf(req: Request, res: Response): string | undefined {
  const key = String(req.params.key ?? '');
  if (KEY.test(key)) return key;
  res.status(400).json({ error: 'TELLER_ERR_CONFIG', message: 'Not a conversation id' });
  return undefined;
}
