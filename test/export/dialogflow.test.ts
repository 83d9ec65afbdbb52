import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { defineIntent } from '../../src/engine/intent';
import { loadIntents } from '../../src/engine/loader';
import { exportDialogflowAgent, exportDialogflowCommand, safeFileName } from '../../src/export/dialogflow';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OPTIONS = { agentName: 'demo-bank', language: 'en', timezone: 'Europe/London' };

interface Part {
  text: string;
  userDefined: boolean;
  alias?: string;
  meta?: string;
}
interface UserSays {
  id: string;
  data: Part[];
  isTemplate: boolean;
  count: number;
  lang: string;
  updated: number;
}

async function unzip(buffer: Buffer): Promise<Map<string, unknown>> {
  const zip = await JSZip.loadAsync(buffer);
  const files = new Map<string, unknown>();
  for (const [path, file] of Object.entries(zip.files))
    if (!file.dir) files.set(path, JSON.parse(await file.async('string')) as unknown);
  return files;
}

const intents = loadIntents();
let files: Map<string, unknown>;
beforeAll(async () => {
  files = await unzip(await exportDialogflowAgent(intents, OPTIONS));
});

describe('exportDialogflowAgent', () => {
  it('writes agent.json and package.json', () => {
    expect(files.get('agent.json')).toMatchObject({
      displayName: 'demo-bank',
      language: 'en',
      defaultTimezone: 'Europe/London',
      enableOnePlatformApi: true,
      apiVersion: 'v2',
      webhook: { url: '', available: false },
    });
    expect(files.get('package.json')).toEqual({ version: '1.0.0' });
  });

  it('writes one intent and one usersays file per Teller intent, and nothing else under intents/', () => {
    const expected = intents.flatMap((i) => [`intents/${i.name}.json`, `intents/${i.name}_usersays_en.json`]);
    const actual = [...files.keys()].filter((p) => p.startsWith('intents/'));
    expect(actual.sort()).toEqual(expected.sort());
    for (const p of files.keys()) expect(p.split('/').pop()).toMatch(/^[A-Za-z0-9._-]+\.json$/);
  });

  it('describes each intent for webhook fulfillment, flagging only the fallback', () => {
    for (const intent of intents) {
      const json = files.get(`intents/${intent.name}.json`) as Record<string, unknown> & {
        responses: Record<string, unknown>[];
      };
      expect(json).toMatchObject({
        name: intent.name,
        auto: true,
        priority: 500000,
        webhookUsed: true,
        fallbackIntent: intent.name === 'fallback',
      });
      expect(json.id).toMatch(UUID);
      expect(json.responses).toHaveLength(1);
      expect(json.responses[0]).toMatchObject({
        resetContexts: false,
        action: intent.name,
        affectedContexts: [],
        defaultResponsePlatforms: {},
        speech: [],
      });
      expect(Array.isArray(json.responses[0]!.parameters)).toBe(true);
      expect(Array.isArray(json.responses[0]!.messages)).toBe(true);
    }
    const greeting = files.get('intents/greeting.json') as { events: { name: string }[] };
    expect(greeting.events.map((e) => e.name)).toEqual(['WELCOME', 'FACEBOOK_WELCOME']);
    const balance = files.get('intents/balance.json') as { responses: { parameters: unknown[] }[] };
    expect(balance.responses[0]!.parameters).toEqual([
      expect.objectContaining({
        name: 'account-type',
        dataType: '@account-type',
        value: '$account-type',
        required: false,
      }),
    ]);
  });

  it('puts every example in exactly once, in the usersays format', () => {
    const ids = new Set<string>();
    for (const intent of intents) {
      const says = files.get(`intents/${intent.name}_usersays_en.json`) as UserSays[];
      const texts = says.map((s) => s.data.map((p) => p.text).join(''));
      expect(texts.sort()).toEqual([...new Set(intent.examples)].sort());
      for (const s of says) {
        expect(s).toMatchObject({ isTemplate: false, count: 0, lang: 'en', updated: 0 });
        expect(s.id).toMatch(UUID);
        expect(ids.has(s.id)).toBe(false);
        ids.add(s.id);
        for (const p of s.data) expect(p.userDefined).toBe(false);
      }
    }
  });

  it('annotates Teller’s custom entities in training phrases and ships their synonyms', () => {
    const says = files.get('intents/balance_usersays_en.json') as UserSays[];
    const savings = says.find((s) => s.data.map((p) => p.text).join('') === 'how much do i have in savings');
    expect(savings?.data).toEqual([
      { text: 'how much do i have in ', userDefined: false },
      { text: 'savings', alias: 'account-type', meta: '@account-type', userDefined: false },
    ]);
    const entries = files.get('entities/account-type_entries_en.json') as {
      value: string;
      synonyms: string[];
    }[];
    expect(entries.map((e) => e.value).sort()).toEqual(['checking', 'credit_card', 'savings']);
    expect(files.get('entities/account-type.json')).toMatchObject({ name: 'account-type', isEnum: false });
    // Intents that do not read an entity get no annotation for it.
    const greeting = files.get('intents/greeting_usersays_en.json') as UserSays[];
    expect(greeting.every((s) => s.data.length === 1 && !s.data[0]!.alias)).toBe(true);
  });

  it('dedupes repeated examples and is byte-for-byte reproducible', async () => {
    const twice = defineIntent({
      name: 'card.freeze',
      examples: ['freeze my card', 'freeze my card', 'lock card'],
      handle() {},
    });
    const a = await exportDialogflowAgent([twice], OPTIONS);
    const b = await exportDialogflowAgent([twice], OPTIONS);
    expect(a.equals(b)).toBe(true);
    const says = (await unzip(a)).get('intents/card.freeze_usersays_en.json') as UserSays[];
    expect(says.map((s) => s.data[0]!.text)).toEqual(['freeze my card', 'lock card']);
  });

  it('makes any name safe as a file name and rejects bad languages', async () => {
    expect(safeFileName('atm.nearest')).toBe('atm.nearest');
    expect(safeFileName('../../etc/passwd')).toBe('__.._etc_passwd');
    expect(safeFileName('')).toBe('_');
    expect(safeFileName('a b/c:d')).toBe('a_b_c_d');
    await expect(exportDialogflowAgent(intents, { ...OPTIONS, language: 'english!' })).rejects.toMatchObject({
      code: 'TELLER_ERR_CONFIG',
    });
  });
});

describe('exportDialogflowCommand', () => {
  it("exports a bot folder's intents to a zip and prints a summary", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'teller-df-'));
    try {
      const out = join(dir, 'agent.zip');
      const lines: string[] = [];
      const summary = await exportDialogflowCommand({ bot: 'demo-bank', out, print: (l) => lines.push(l) });
      expect(summary.intents).toBe(intents.length);
      expect(lines[0]).toMatch(
        new RegExp(
          `^Wrote .*agent\\.zip: Dialogflow ES agent "demo-bank" \\(en, Europe/London\\) with ${intents.length} intents`,
        ),
      );
      const written = await unzip(await readFile(out));
      expect(written.get('agent.json')).toMatchObject({ displayName: 'demo-bank' });
      expect([...written.keys()].filter((p) => p.endsWith('_usersays_en.json'))).toHaveLength(intents.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
