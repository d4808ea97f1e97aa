/**
 * The training loop every example shares: seeded shuffled minibatches, a progress bar on the terminal
 * (batches, the running loss and the throughput in digits per second), the validation accuracy after each
 * epoch, and the test accuracy at the end.
 */
import { SingleBar } from 'cli-progress';
import * as theano from 'theano-ts';
import { type Digits, PIXELS, seeded } from './data.js';
import type { Model } from './models.js';

/** What one epoch gave. */
export interface EpochResult {
  readonly epoch: number;
  /** The mean training loss over the epoch's batches. */
  readonly loss: number;
  readonly validAccuracy: number;
  readonly seconds: number;
}

/** Options of `train`. */
export interface TrainOptions {
  readonly epochs: number;
  readonly batch: number;
  readonly seed: number;
  /** Show the progress bar (on a terminal). */
  readonly progress: boolean;
  /** Called after each epoch. */
  readonly onEpoch?: (r: EpochResult) => void;
}

/** `src` (one 28×28 image) shifted by (dy, dx) pixels into `dst` at `at`, zeros where it moved in. */
function shifted(src: Float64Array, dst: Float64Array, at: number, dy: number, dx: number): void {
  for (let r = 0; r < 28; r++) {
    const sr = r - dy;
    if (sr < 0 || sr >= 28) continue;
    for (let c = 0; c < 28; c++) {
      const sc = c - dx;
      if (sc >= 0 && sc < 28) dst[at + r * 28 + c] = src[sr * 28 + sc]!;
    }
  }
}

/**
 * Rows `idx` of `d` as an (n, 784) float64 array and an int32 label vector; with `shift`, each image moved
 * by a random whole number of pixels in [-2, 2] along each axis (data augmentation while training).
 */
export function batchOf(
  d: Digits,
  idx: readonly number[],
  shift?: () => number,
  float32 = false,
): [theano.NDArray, theano.NDArray] {
  const x = new Float64Array(idx.length * PIXELS);
  const y = new Int32Array(idx.length);
  idx.forEach((k, i) => {
    const img = d.x.subarray(k * PIXELS, (k + 1) * PIXELS);
    if (shift) {
      const [dy, dx] = [Math.floor(shift() * 5) - 2, Math.floor(shift() * 5) - 2];
      shifted(img, x, i * PIXELS, dy, dx);
    } else x.set(img, i * PIXELS);
    y[i] = d.y[k]!;
  });
  const images = theano.array(x, 'float64').reshape([idx.length, PIXELS]);
  return [float32 ? images.astype('float32') : images, theano.array(y, 'int32')];
}

/** The fraction of `d` the model classifies right (in chunks of 500). */
export async function accuracy(model: Model, d: Digits): Promise<number> {
  let right = 0;
  for (let s = 0; s < d.n; s += 500) {
    const idx = Array.from({ length: Math.min(500, d.n - s) }, (_, i) => s + i);
    const [x] = batchOf(d, idx, undefined, model.float32);
    const pred = await model.predict(x);
    pred.forEach((p, i) => {
      if (p === d.y[idx[i]!]) right++;
    });
  }
  return right / d.n;
}

/** Trains `model` on `train`, validating on `valid` after each epoch. */
export async function train(model: Model, trainSet: Digits, valid: Digits, opts: TrainOptions): Promise<EpochResult[]> {
  const rand = seeded(opts.seed + 1);
  const results: EpochResult[] = [];
  const nBatches = Math.ceil(trainSet.n / opts.batch);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const order = Array.from({ length: trainSet.n }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const bar = opts.progress
      ? new SingleBar({
          format: `epoch ${epoch}/${opts.epochs} [{bar}] {value}/{total} batches | loss {loss} | {speed} digits/s`,
          hideCursor: true,
          stream: process.stderr,
        })
      : null;
    bar?.start(nBatches, 0, { loss: '-', speed: '-' });
    const t0 = performance.now();
    let total = 0;
    for (let k = 0; k < nBatches; k++) {
      const [x, y] = batchOf(
        trainSet,
        order.slice(k * opts.batch, (k + 1) * opts.batch),
        model.augment ? rand : undefined,
        model.float32,
      );
      const loss = await model.step(x, y);
      if (!Number.isFinite(loss))
        throw new Error(`${model.name}: the loss is ${loss} at epoch ${epoch}, batch ${k + 1}`);
      total += loss;
      const seen = Math.min((k + 1) * opts.batch, trainSet.n);
      bar?.update(k + 1, {
        loss: (total / (k + 1)).toFixed(4),
        speed: Math.round(seen / ((performance.now() - t0) / 1000)),
      });
    }
    bar?.stop();
    const seconds = (performance.now() - t0) / 1000;
    const r = { epoch, loss: total / nBatches, validAccuracy: await accuracy(model, valid), seconds };
    results.push(r);
    opts.onEpoch?.(r);
  }
  return results;
}
