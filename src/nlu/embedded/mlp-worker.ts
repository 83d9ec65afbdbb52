/**
 * Worker-thread entry: trains one MLP on data sent by {@link trainMlpInWorker} and posts the
 * weights back. Runs exactly the same code as in-thread training, so results are identical.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainMlp } from './mlp';
import type { MlpJob } from './parallel';
import type { SparseVec } from './vectorizer';

function run(job: MlpJob): void {
  const X: SparseVec[] = [];
  for (let r = 0; r < job.indptr.length - 1; r++) {
    const a = job.indptr[r] as number;
    const b = job.indptr[r + 1] as number;
    X.push({ indices: job.indices.subarray(a, b), values: job.values.subarray(a, b) });
  }
  const m = trainMlp(X, job.labels, job.dim, job.classes, job.options);
  const buffers = [m.w1.buffer, m.s1.buffer, m.b1.buffer, m.w2.buffer, m.b2.buffer] as ArrayBuffer[];
  parentPort?.postMessage(m, buffers);
}

run((workerData as { job: MlpJob }).job);
