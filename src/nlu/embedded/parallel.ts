/**
 * Runs MLP training in worker threads so that, on a multi-core machine, the MLPs train while
 * the SVM trains on the main thread. The worker executes the same TypeScript (through tsx's
 * require hook when running from sources) on the same inputs, so a model trained this way is
 * bit-identical to one trained in-thread; any failure to start a worker falls back to
 * in-thread training.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { trainMlp, type MlpOptions, type MlpWeights } from './mlp';
import type { SparseVec } from './vectorizer';

export interface MlpJob {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  labels: Int32Array;
  dim: number;
  classes: number;
  options: MlpOptions;
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.tsx) require(workerData.tsx).register();
require(workerData.entry);
`;

function workerEntry(): { entry: string; tsx: string | undefined } {
  const ext = extname(__filename);
  const entry = join(__dirname, `mlp-worker${ext}`);
  return { entry, tsx: ext === '.ts' ? require.resolve('tsx/cjs/api') : undefined };
}

function toJob(
  X: readonly SparseVec[],
  labels: Int32Array,
  dim: number,
  classes: number,
  o: MlpOptions,
): MlpJob {
  let nnz = 0;
  for (const x of X) nnz += x.indices.length;
  const indptr = new Int32Array(X.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  X.forEach((x, r) => {
    indices.set(x.indices, p);
    values.set(x.values, p);
    p += x.indices.length;
    indptr[r + 1] = p;
  });
  return { indptr, indices, values, labels: labels.slice(), dim, classes, options: o };
}

function runWorker(job: MlpJob): Promise<MlpWeights> {
  return new Promise((resolve, reject) => {
    const { entry, tsx } = workerEntry();
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { entry, tsx, job },
      transferList: [
        job.indptr.buffer,
        job.indices.buffer,
        job.values.buffer,
        job.labels.buffer,
      ] as ArrayBuffer[],
    });
    let result: MlpWeights | undefined;
    worker.once('message', (m: MlpWeights) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`MLP worker exited with code ${code} and no result`));
    });
  });
}

/** Trains one MLP in a worker thread; falls back to the calling thread if the worker fails. */
export async function trainMlpInWorker(
  X: readonly SparseVec[],
  labels: Int32Array,
  dim: number,
  classes: number,
  o: MlpOptions,
): Promise<MlpWeights> {
  try {
    return await runWorker(toJob(X, labels, dim, classes, o));
  } catch {
    return trainMlp(X, labels, dim, classes, o);
  }
}
