import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedNlu, loadOrTrain, trainingKey } from '../../src/nlu/embedded';
import { EmbeddedModel } from '../../src/nlu/embedded/model';
import { modelToBuffer } from '../../src/nlu/embedded/serialize';
import type { NluResult } from '../../src/nlu/types';
import { EXAMPLES, PARAPHRASES, UNRELATED } from './fixtures/intents';

const PROBES = [...PARAPHRASES.map(([t]) => t), ...UNRELATED, '', 'Ünïcödé ✓ 🚀 £20'];
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function parseAll(nlu: EmbeddedNlu): Promise<NluResult[]> {
  return Promise.all(PROBES.map((t) => nlu.parse(t)));
}

let dir: string;
let reference: EmbeddedModel;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'teller-nlu-test-'));
  reference = EmbeddedModel.train(EXAMPLES);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('determinism', () => {
  it('gives a bit-identical model and identical results when trained twice', async () => {
    const again = EmbeddedModel.train(EXAMPLES);
    expect(sha(modelToBuffer(again))).toBe(sha(modelToBuffer(reference)));
    const a = new EmbeddedNlu();
    const b = new EmbeddedNlu();
    await a.train(EXAMPLES);
    await b.train(EXAMPLES);
    expect(await parseAll(a)).toEqual(await parseAll(b));
  });

  it('does not depend on the order of the examples', () => {
    const shuffled = [...EXAMPLES].reverse().sort((x, y) => x.text.length - y.text.length);
    expect(sha(modelToBuffer(EmbeddedModel.train(shuffled)))).toBe(sha(modelToBuffer(reference)));
  });

  it('gives the same model in worker threads as in the calling thread', async () => {
    const parallel = await EmbeddedModel.trainAsync(EXAMPLES, {}, { parallelMinExamples: 0 });
    expect(sha(modelToBuffer(parallel))).toBe(sha(modelToBuffer(reference)));
  });

  it('gives the same model in another process', () => {
    const script = join(__dirname, 'fixtures', 'train-hash.ts');
    const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), script], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(sha(modelToBuffer(reference)));
  });
});

describe('save and load', () => {
  it('round-trips through the binary format with identical results, and loads fast', async () => {
    const nlu = new EmbeddedNlu();
    await nlu.train(EXAMPLES);
    const file = join(dir, 'model.bin');
    nlu.save(file);
    const t0 = performance.now();
    const loaded = EmbeddedNlu.load(file);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(100);
    expect(await parseAll(loaded)).toEqual(await parseAll(nlu));
  });

  it('round-trips through JSON text with identical results', async () => {
    const nlu = new EmbeddedNlu();
    await nlu.train(EXAMPLES);
    const text = JSON.stringify(nlu.toJSON());
    const loaded = EmbeddedNlu.fromJSON(JSON.parse(text));
    expect(await parseAll(loaded)).toEqual(await parseAll(nlu));
    expect(JSON.stringify(loaded.toJSON())).toBe(text);
  });

  it('rejects files that are not models', () => {
    const file = join(dir, 'junk.bin');
    writeFileSync(file, 'not a model');
    expect(() => EmbeddedNlu.load(file)).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_NLU_BAD_MODEL' }),
    );
    expect(() => EmbeddedNlu.fromJSON({ hello: 1 })).toThrow(/Invalid embedded NLU model/);
  });
});

/** A tiny data set: cache tests train several times. */
const TINY = EXAMPLES.filter((e) => ['greeting', 'atm', 'human'].includes(e.intent)).slice(0, 30);

describe('cache', () => {
  it('misses, then hits on the same examples (in any order, case or spacing)', async () => {
    const cacheDir = join(dir, 'cache-a');
    const first = await loadOrTrain(TINY, { cacheDir });
    expect(first.hit).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([`${trainingKey(TINY)}.bin`]);
    const reordered = [...TINY].reverse().map((e) => ({ ...e, text: `  ${e.text.toUpperCase()} ` }));
    const second = await loadOrTrain(reordered, { cacheDir });
    expect(second.hit).toBe(true);
    expect(sha(modelToBuffer(second.model))).toBe(sha(modelToBuffer(first.model)));
  });

  it('misses when examples or options change', async () => {
    const cacheDir = join(dir, 'cache-b');
    await loadOrTrain(TINY, { cacheDir });
    const changed = [...TINY, { text: 'where can i find a cash machine in leeds', intent: 'atm' }];
    expect((await loadOrTrain(changed, { cacheDir })).hit).toBe(false);
    const relabelled = TINY.map((e, i) => (i === 0 ? { ...e, intent: 'human' } : e));
    expect((await loadOrTrain(relabelled, { cacheDir })).hit).toBe(false);
    expect((await loadOrTrain(TINY, { cacheDir, model: { svm: { C: 1 } } })).hit).toBe(false);
    expect((await loadOrTrain(TINY, { cacheDir })).hit).toBe(true);
    expect(readdirSync(cacheDir)).toHaveLength(4);
  });

  it('retrains over a corrupt cache file', async () => {
    const cacheDir = join(dir, 'cache-c');
    const { path } = await loadOrTrain(TINY, { cacheDir });
    writeFileSync(path, 'garbage');
    const r = await loadOrTrain(TINY, { cacheDir });
    expect(r.hit).toBe(false);
    expect((await loadOrTrain(TINY, { cacheDir })).hit).toBe(true);
  });

  it('is used by EmbeddedNlu when cacheDir is set', async () => {
    const cacheDir = join(dir, 'cache-d');
    const a = new EmbeddedNlu({ cacheDir });
    await a.train(TINY);
    expect(a.lastTrain?.cacheHit).toBe(false);
    const b = new EmbeddedNlu({ cacheDir });
    await b.train(TINY);
    expect(b.lastTrain?.cacheHit).toBe(true);
    expect(await parseAll(b)).toEqual(await parseAll(a));
  });
});
