/**
 * Model persistence in two encodings of the same content:
 *
 * - binary (`.bin`, used by the cache): magic `TLRNLU` + format version, a JSON header
 *   (labels, options, vocabulary joined by "\n", array directory), then the typed arrays,
 *   8-byte aligned. Loads a banking77-sized model in tens of milliseconds.
 * - JSON (`toJSON`/`fromJSON`): the same header with each array base64-encoded.
 *
 * Vocabulary terms never contain "\n" (the tokenizer splits on whitespace), so joining is safe.
 */
import { NluError } from './errors';
import type { MlpWeights } from './mlp';
import { EmbeddedModel, type ModelOptions, type ModelParts } from './model';

/** Bump when the saved layout or the training algorithm changes: invalidates caches. */
export const MODEL_FORMAT_VERSION = 2;
export const MODEL_FORMAT = 'teller-embedded-nlu';
const MAGIC = Buffer.from('TLRNLU', 'latin1');

type ArrayKind = 'f32' | 'i8' | 'i32';
type Typed = Float32Array | Int8Array | Int32Array;

interface Header {
  format: string;
  version: number;
  options: ModelOptions;
  labels: string[];
  vocab: [string, string, string];
  svm: { classes: number; dim: number };
  exemplars: { dim: number };
  mlps: { dim: number; hidden: number; classes: number }[];
  arrays: { name: string; kind: ArrayKind; length: number; offset?: number }[];
}

/** The JSON form of a model (what `toJSON` returns). */
export interface SerializedModel extends Omit<Header, 'arrays'> {
  arrays: { name: string; kind: ArrayKind; length: number; base64: string }[];
}

function namedArrays(p: ModelParts): [string, Typed][] {
  const out: [string, Typed][] = [
    ['idf', p.vectorizer.idf],
    ['svm.weights', p.svm.weights],
    ['svm.scales', p.svm.scales],
    ['svm.biases', p.svm.biases],
    ['ex.classStart', p.exemplars.classStart],
    ['ex.rowStart', p.exemplars.rowStart],
    ['ex.indices', p.exemplars.indices],
    ['ex.values', p.exemplars.values],
  ];
  p.mlps.forEach((m, k) => {
    for (const key of ['w1', 's1', 'b1', 'w2', 'b2'] as const) out.push([`mlp${k}.${key}`, m[key]]);
  });
  return out;
}

function headerOf(p: ModelParts): Omit<Header, 'arrays'> {
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    options: p.options,
    labels: p.labels,
    vocab: p.vectorizer.vocab.map((v) => v.join('\n')) as [string, string, string],
    svm: { classes: p.svm.classes, dim: p.svm.dim },
    exemplars: { dim: p.exemplars.dim },
    mlps: p.mlps.map((m) => ({ dim: m.dim, hidden: m.hidden, classes: m.classes })),
  };
}

function bad(message: string): NluError {
  return new NluError('TELLER_ERR_NLU_BAD_MODEL', `Invalid embedded NLU model: ${message}`);
}

function assemble(h: Omit<Header, 'arrays'>, get: (name: string, kind: ArrayKind) => Typed): EmbeddedModel {
  if (h.format !== MODEL_FORMAT) throw bad(`unknown format "${String(h.format)}"`);
  if (h.version !== MODEL_FORMAT_VERSION)
    throw bad(`format version ${h.version}, expected ${MODEL_FORMAT_VERSION}`);
  const f32 = (name: string): Float32Array => get(name, 'f32') as Float32Array;
  const i8 = (name: string): Int8Array => get(name, 'i8') as Int8Array;
  const i32 = (name: string): Int32Array => get(name, 'i32') as Int32Array;
  const mlps: MlpWeights[] = h.mlps.map((m, k) => ({
    ...m,
    w1: i8(`mlp${k}.w1`),
    s1: f32(`mlp${k}.s1`),
    b1: f32(`mlp${k}.b1`),
    w2: f32(`mlp${k}.w2`),
    b2: f32(`mlp${k}.b2`),
  }));
  const vocab = h.vocab.map((v) => (v === '' ? [] : v.split('\n'))) as [string[], string[], string[]];
  return new EmbeddedModel({
    options: h.options,
    labels: h.labels,
    vectorizer: { options: h.options.features, vocab, idf: f32('idf') },
    svm: { ...h.svm, weights: i8('svm.weights'), scales: f32('svm.scales'), biases: f32('svm.biases') },
    mlps,
    exemplars: {
      dim: h.exemplars.dim,
      classStart: i32('ex.classStart'),
      rowStart: i32('ex.rowStart'),
      indices: i32('ex.indices'),
      values: f32('ex.values'),
    },
  });
}

function copyOut(kind: ArrayKind, bytes: Uint8Array): Typed {
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return kind === 'f32' ? new Float32Array(buf) : kind === 'i32' ? new Int32Array(buf) : new Int8Array(buf);
}

const BYTES: Record<ArrayKind, number> = { f32: 4, i32: 4, i8: 1 };

// Not `instanceof`: arrays posted back by a worker thread may come from another realm (e.g. under jest).
const kindOf = (a: Typed): ArrayKind =>
  a.BYTES_PER_ELEMENT === 1 ? 'i8' : a[Symbol.toStringTag] === 'Int32Array' ? 'i32' : 'f32';

export function modelToJSON(model: EmbeddedModel): SerializedModel {
  const p = model.toParts();
  return {
    ...headerOf(p),
    arrays: namedArrays(p).map(([name, a]) => ({
      name,
      kind: kindOf(a),
      length: a.length,
      base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64'),
    })),
  };
}

export function modelFromJSON(json: unknown): EmbeddedModel {
  const s = json as SerializedModel;
  if (!s || typeof s !== 'object' || !Array.isArray(s.arrays)) throw bad('not a serialized model object');
  const byName = new Map(s.arrays.map((a) => [a.name, a]));
  return assemble(s, (name, kind) => {
    const a = byName.get(name);
    if (!a || a.kind !== kind) throw bad(`missing array ${name}`);
    const out = copyOut(kind, Buffer.from(a.base64, 'base64'));
    if (out.length !== a.length) throw bad(`array ${name} has the wrong length`);
    return out;
  });
}

const align8 = (n: number): number => (n + 7) & ~7;

export function modelToBuffer(model: EmbeddedModel): Buffer {
  const p = model.toParts();
  const arrays = namedArrays(p);
  let offset = 0;
  const dir = arrays.map(([name, a]) => {
    const entry = { name, kind: kindOf(a), length: a.length, offset };
    offset = align8(offset + a.byteLength);
    return entry;
  });
  const header = Buffer.from(JSON.stringify({ ...headerOf(p), arrays: dir }), 'utf8');
  const start = align8(MAGIC.length + 2 + 4 + header.length);
  const out = Buffer.alloc(start + offset);
  MAGIC.copy(out, 0);
  out.writeUInt16LE(MODEL_FORMAT_VERSION, MAGIC.length);
  out.writeUInt32LE(header.length, MAGIC.length + 2);
  header.copy(out, MAGIC.length + 6);
  arrays.forEach(([, a], i) => {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, start + (dir[i]?.offset ?? 0));
  });
  return out;
}

export function modelFromBuffer(buf: Uint8Array): EmbeddedModel {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < MAGIC.length + 6 || !b.subarray(0, MAGIC.length).equals(MAGIC))
    throw bad('not a model file');
  const version = b.readUInt16LE(MAGIC.length);
  if (version !== MODEL_FORMAT_VERSION)
    throw bad(`format version ${version}, expected ${MODEL_FORMAT_VERSION}`);
  const len = b.readUInt32LE(MAGIC.length + 2);
  if (MAGIC.length + 6 + len > b.length) throw bad('truncated header');
  let header: Header;
  try {
    header = JSON.parse(b.toString('utf8', MAGIC.length + 6, MAGIC.length + 6 + len)) as Header;
  } catch {
    throw bad('corrupt header');
  }
  const start = align8(MAGIC.length + 6 + len);
  const byName = new Map(header.arrays.map((a) => [a.name, a]));
  return assemble(header, (name, kind) => {
    const a = byName.get(name);
    if (!a || a.kind !== kind || a.offset === undefined) throw bad(`missing array ${name}`);
    const bytes = a.length * BYTES[kind];
    if (start + a.offset + bytes > b.length) throw bad(`truncated array ${name}`);
    return copyOut(kind, b.subarray(start + a.offset, start + a.offset + bytes));
  });
}
