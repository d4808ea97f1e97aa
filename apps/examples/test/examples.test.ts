// The example apps on a small budget (CI): the split of the shipped digits, each model learning beyond
// chance on ref and onnx, the files a run writes (an SVG with one point per epoch, parameters that load
// back to the same predictions, an ONNX model of the prediction), and the plot's text.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@theano-ts/backend-onnx';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDigits, PIXELS, selectDigits } from '../src/data.ts';
import { MODELS } from '../src/models.ts';
import { loadParams } from '../src/params.ts';
import { trainingPlot } from '../src/plot.ts';
import { runExample } from '../src/run.ts';
import { accuracy, batchOf } from '../src/train.ts';

const out = mkdtempSync(join(tmpdir(), 'theano-examples-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the shipped digits', () => {
  it('10,000 images split 8,000 / 1,000 / 1,000, the same for the same seed, about 100 of each digit in test', () => {
    const a = loadDigits(1234);
    const b = loadDigits(1234);
    expect([a.train.n, a.valid.n, a.test.n]).toEqual([8000, 1000, 1000]);
    expect(a.train.x.length).toBe(8000 * PIXELS);
    expect(Array.from(a.test.y.slice(0, 20))).toEqual(Array.from(b.test.y.slice(0, 20)));
    const counts = new Array<number>(10).fill(0);
    for (const d of a.test.y) counts[d]!++;
    for (const c of counts) expect(c).toBeGreaterThan(60);
    const pair = selectDigits(a.test, [3, 5]);
    expect(new Set(pair.y)).toEqual(new Set([0, 1]));
  });
});

describe('training on a small budget', () => {
  for (const backend of ['ref', 'onnx']) {
    it(`softmax regression learns (${backend}): above 75% on the test digits after 2 epochs on 1,000`, async () => {
      const lines: string[] = [];
      const r = await runExample(
        {
          name: 'softmax',
          backend,
          epochs: 2,
          batch: 50,
          seed: 1234,
          trainSize: 1000,
          out: join(out, backend),
          progress: false,
        },
        (l) => lines.push(l),
      );
      expect(r.testAccuracy).toBeGreaterThan(0.75);
      expect(r.epochs).toHaveLength(2);
      expect(r.epochs[1]!.loss).toBeLessThan(r.epochs[0]!.loss);
      expect(lines[0]).toBe(
        `example softmax on ${backend}: 1000 training, 1000 validation, 1000 test digits; 2 epochs of batches of 50`,
      );
      expect(lines.at(-2)).toMatch(/^test accuracy: \d+\.\d% \(1000 digits\); training took \d+\.\d s$/);
      // the plot: two panels, one point per epoch each
      const svg = readFileSync(join(out, backend, 'softmax.svg'), 'utf8');
      expect(svg.match(/<circle /g)).toHaveLength(4);
      // the saved parameters load into a fresh model, which then predicts as well
      const fresh = MODELS.softmax!({ backend, seed: 1234 });
      loadParams(join(out, backend, 'softmax-params.json'), 'softmax', fresh.params);
      expect(await accuracy(fresh, loadDigits(1234).test)).toBe(r.testAccuracy);
      // the exported model, run by onnxruntime alone with the images and the parameters as inputs, predicts
      // what the model predicts
      const [x] = batchOf(
        loadDigits(1234).test,
        Array.from({ length: 50 }, (_, i) => i),
      );
      const session = await ort.InferenceSession.create(join(out, backend, 'softmax.onnx'));
      const feeds: Record<string, ort.Tensor> = { x: new ort.Tensor('float64', x.toFloat64(), [50, PIXELS]) };
      for (const p of fresh.params) {
        const v = p.getValue();
        feeds[p.name!] = new ort.Tensor('float64', v.toFloat64(), [...v.shape]);
      }
      expect(Object.keys(feeds).sort()).toEqual([...session.inputNames].sort());
      const got = (await session.run(feeds))[session.outputNames[0]!]!;
      expect(Array.from(got.data as ArrayLike<number | bigint>, Number)).toEqual(Array.from(await fresh.predict(x)));
      await session.release();
    });
  }

  it('the documentation-style logistic regression (3s against 5s) learns on ref: above 85% after 2 epochs', async () => {
    const r = await runExample(
      { name: 'logistic', backend: 'ref', epochs: 2, batch: 50, seed: 1234, out: join(out, 'lr'), progress: false },
      () => {},
    );
    expect(r.testAccuracy).toBeGreaterThan(0.85);
  });

  it('the MLP (dropout, Adam) and the scan RNN learn on onnx after one epoch on 1,000 digits (above 60% and 30%)', async () => {
    for (const name of ['mlp', 'rnn']) {
      const r = await runExample(
        {
          name,
          backend: 'onnx',
          epochs: 1,
          batch: 50,
          seed: 1234,
          trainSize: 1000,
          out: join(out, name),
          progress: false,
        },
        () => {},
      );
      // chance is 10%
      expect(r.testAccuracy, name).toBeGreaterThan(name === 'mlp' ? 0.6 : 0.3);
    }
  });

  it('the LeNet-style CNN (conv2d, pool2d, dropout, Adam; float32) learns on onnx: above 70% after 2 epochs on 1,000', async () => {
    const r = await runExample(
      {
        name: 'cnn',
        backend: 'onnx',
        epochs: 2,
        batch: 50,
        seed: 1234,
        trainSize: 1000,
        out: join(out, 'cnn'),
        progress: false,
      },
      () => {},
    );
    expect(r.testAccuracy).toBeGreaterThan(0.7);
    expect(r.epochs[1]!.loss).toBeLessThan(r.epochs[0]!.loss);
    // the saved float32 parameters load into a fresh network, and the exported model, run by onnxruntime
    // alone with the image and those parameters as inputs, predicts what the network predicts
    const fresh = MODELS.cnn!({ backend: 'onnx', seed: 1 });
    loadParams(join(out, 'cnn', 'cnn-params.json'), 'cnn', fresh.params);
    const test = loadDigits(1234).test;
    expect(await accuracy(fresh, test)).toBe(r.testAccuracy);
    const [x] = batchOf(
      test,
      Array.from({ length: 50 }, (_, i) => i),
      undefined,
      true,
    );
    const session = await ort.InferenceSession.create(join(out, 'cnn', 'cnn.onnx'));
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', Float32Array.from(x.toFloat64()), [50, PIXELS]),
    };
    for (const p of fresh.params) {
      const v = p.getValue();
      feeds[p.name!] = new ort.Tensor('float32', Float32Array.from(v.toFloat64()), [...v.shape]);
    }
    expect(Object.keys(feeds).sort()).toEqual([...session.inputNames].sort());
    const got = (await session.run(feeds))[session.outputNames[0]!]!;
    expect(Array.from(got.data as Int32Array)).toEqual(Array.from(await fresh.predict(x)));
    await session.release();
  });

  it('the CNN trains the same on ref as on onnx: three Adam steps give the same losses and predictions', async () => {
    const digits = loadDigits(1234).train;
    const losses: Record<string, number[]> = {};
    const preds: Record<string, Int32Array> = {};
    for (const backend of ['ref', 'onnx']) {
      const m = MODELS.cnn!({ backend, seed: 7 });
      expect(m.float32).toBe(true);
      losses[backend] = [];
      for (let s = 0; s < 3; s++) {
        const [x, y] = batchOf(
          digits,
          Array.from({ length: 16 }, (_, i) => s * 16 + i),
          undefined,
          true,
        );
        losses[backend]!.push(await m.step(x, y));
      }
      preds[backend] = await m.predict(
        batchOf(
          digits,
          Array.from({ length: 32 }, (_, i) => 100 + i),
          undefined,
          true,
        )[0],
      );
    }
    // a fresh network on ten classes starts near ln 10
    expect(Math.abs(losses.ref![0]! - Math.log(10))).toBeLessThan(0.5);
    for (let s = 0; s < 3; s++) expect(losses.onnx![s]!).toBeCloseTo(losses.ref![s]!, 4);
    expect(Array.from(preds.onnx!)).toEqual(Array.from(preds.ref!));
  });

  it('a saved file of another model is refused, naming both', () => {
    const m = MODELS.mlp!({ backend: 'ref', seed: 1 });
    expect(() => loadParams(join(out, 'ref', 'softmax-params.json'), 'mlp', m.params)).toThrow(
      /holds the parameters of softmax, not mlp/,
    );
  });
});

describe('the plot', () => {
  it('is an SVG with the loss and accuracy polylines', () => {
    const svg = trainingPlot('t', [1, 0.5, 0.25], [0.5, 0.8, 0.9]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('t: training loss');
    expect(svg).toContain('t: validation accuracy');
  });
});
