/**
 * One example run, from loading the digits to the files it writes: train (or load saved parameters),
 * print each epoch and the test accuracy, write the SVG plot, the parameters and the ONNX model.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportModel } from '@theano-ts/backend-onnx';
import { head, loadDigits, selectDigits } from './data.js';
import { MODELS } from './models.js';
import { loadParams, saveParams } from './params.js';
import { writeTrainingPlot } from './plot.js';
import { accuracy, type EpochResult, train } from './train.js';

/** Options of an example run. */
export interface RunOptions {
  readonly name: string;
  readonly backend: string;
  readonly epochs: number;
  readonly batch: number;
  readonly seed: number;
  /** Train on at most this many digits (a smaller budget); all 8,000 by default. */
  readonly trainSize?: number;
  /** The folder for the plot, the parameters and the model. */
  readonly out: string;
  /** Parameters to start from (a file `saveParams` wrote). */
  readonly load?: string;
  readonly progress: boolean;
}

/** What a run gave. */
export interface RunResult {
  readonly epochs: readonly EpochResult[];
  readonly testAccuracy: number;
  readonly testSize: number;
  readonly trainSeconds: number;
  readonly files: readonly string[];
}

/** Runs one example, printing through `log`. */
export async function runExample(o: RunOptions, log: (line: string) => void): Promise<RunResult> {
  const make = MODELS[o.name];
  if (!make)
    throw new Error(`unknown example ${JSON.stringify(o.name)}: the examples are ${Object.keys(MODELS).join(', ')}`);
  const model = make({ backend: o.backend, seed: o.seed });
  const split = loadDigits(o.seed);
  const pick = (d: typeof split.train) => (model.digits.length === 10 ? d : selectDigits(d, model.digits));
  const trainSet = head(pick(split.train), o.trainSize ?? Number.POSITIVE_INFINITY);
  const [valid, test] = [pick(split.valid), pick(split.test)];
  log(
    `example ${o.name} on ${o.backend}: ${trainSet.n} training, ${valid.n} validation, ${test.n} test digits` +
      `${model.digits.length < 10 ? ` (digits ${model.digits.join(' and ')})` : ''}; ${o.epochs} epochs of batches of ${o.batch}`,
  );
  if (o.load) {
    loadParams(o.load, o.name, model.params);
    log(`loaded the parameters from ${o.load}`);
  }
  const t0 = performance.now();
  const epochs = await train(model, trainSet, valid, {
    epochs: o.epochs,
    batch: o.batch,
    seed: o.seed,
    progress: o.progress,
    onEpoch: (r) =>
      log(
        `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, validation accuracy ${(100 * r.validAccuracy).toFixed(1)}%, ${r.seconds.toFixed(1)} s`,
      ),
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const testAccuracy = await accuracy(model, test);
  log(
    `test accuracy: ${(100 * testAccuracy).toFixed(1)}% (${test.n} digits); training took ${trainSeconds.toFixed(1)} s`,
  );
  mkdirSync(o.out, { recursive: true });
  const files: string[] = [];
  if (epochs.length > 0) {
    const plot = join(o.out, `${o.name}.svg`);
    writeTrainingPlot(
      plot,
      `${o.name} (${o.backend})`,
      epochs.map((e) => e.loss),
      epochs.map((e) => e.validAccuracy),
    );
    files.push(plot);
  }
  const params = join(o.out, `${o.name}-params.json`);
  saveParams(params, o.name, model.params);
  files.push(params);
  const onnx = join(o.out, `${o.name}.onnx`);
  await exportModel(model.predictFn, { path: onnx });
  files.push(onnx);
  log(`wrote ${files.join(', ')}`);
  return { epochs, testAccuracy, testSize: test.n, trainSeconds, files };
}
