// theano.scan on onnx (one ONNX Loop per scan, inside the function's one model) against the reference
// backend and values worked out by hand: cumulative sums, taps, goBackwards, until, nested scans, shared
// updates, gradients (BPTT, truncated), float32, the run-time checks; and an exported scan model that a
// fresh onnxruntime process (no theano-ts) runs to the same numbers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exportModel } from '@theano-ts/backend-onnx';
import type { TensorVariable as V } from 'theano-ts';
import * as theano from 'theano-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithRef, T } from './helpers.js';

const A = (v: unknown, dtype: theano.DType = 'float64') => theano.array(v as number[], dtype);
const zero = () => T.constant(0, { dtype: 'float64' });
const cumsum = (v: V, a0: V, opts: { goBackwards?: boolean; truncateGradient?: number } = {}) =>
  theano.scan({ fn: (x: V, acc: V) => acc.add(x), sequences: v, outputsInfo: a0, ...opts })[0] as V;

describe('scan on onnx', () => {
  it('a cumulative sum, forwards and backwards, and zero steps', async () => {
    const v = T.vector('v');
    const got = await compareWithRef(
      [v],
      [cumsum(v, zero()), cumsum(v, zero(), { goBackwards: true })],
      [A([1, 2, 3, 4])],
      'cumsum',
    );
    expect(Array.from(got[0]!.toFloat64())).toEqual([1, 3, 6, 10]);
    expect(Array.from(got[1]!.toFloat64())).toEqual([4, 7, 9, 10]);
    const empty = await compareWithRef([v], cumsum(v, zero()), [A([])], 'cumsum of nothing');
    expect(empty[0]!.shape).toEqual([0]);
  });

  it('Fibonacci (taps [-2, -1]), sequence taps [-1, 1], a symbolic nSteps and A^k', async () => {
    const x0 = T.vector('x0');
    const [fib] = theano.scan({
      fn: (a: V, b: V) => a.add(b),
      outputsInfo: { initial: x0, taps: [-2, -1] },
      nSteps: 6,
    });
    const got = await compareWithRef([x0], fib as V, [A([0, 1])], 'fib');
    expect(Array.from(got[0]!.toFloat64())).toEqual([1, 2, 3, 5, 8, 13]);
    const s = T.vector('s');
    const [d] = theano.scan({ fn: (p: V, q: V) => q.sub(p), sequences: { input: s, taps: [-1, 1] } });
    await compareWithRef([s], d as V, [A([1, 4, 9, 16, 25])], 'centred difference');
    const M = T.matrix('M');
    const k = T.iscalar('k');
    const [pw] = theano.scan({ fn: (p: V, m: V) => T.dot(p, m), outputsInfo: T.eye(2), nonSequences: M, nSteps: k });
    const r = await compareWithRef(
      [M, k],
      (pw as V).get(-1),
      [
        A([
          [2, 0],
          [1, 1],
        ]),
        A(3, 'int32'),
      ],
      'A^k',
    );
    expect(Array.from(r[0]!.toFloat64())).toEqual([8, 0, 7, 1]);
  });

  it('until, several outputs (one not fed back), a nested scan, float32', async () => {
    const x0 = T.scalar('x0');
    const [pw] = theano.scan({
      fn: (p: V) => [p.mul(2), theano.until(T.gt(p.mul(2), 40))],
      outputsInfo: x0,
      nSteps: 10,
    });
    const got = await compareWithRef([x0], pw as V, [A(1)], 'until');
    expect(Array.from(got[0]!.toFloat64())).toEqual([2, 4, 8, 16, 32, 64]);
    const v = T.vector('v');
    const [outs] = theano.scan({
      fn: (x: V, acc: V) => [acc.add(x), x.mul(x)],
      sequences: v,
      outputsInfo: [zero(), null],
    });
    await compareWithRef([v], outs as V[], [A([1, 2, 3])], 'two outputs');
    const M = T.matrix('M');
    const [rows] = theano.scan({ fn: (r: V) => cumsum(r, zero()), sequences: M });
    const n = await compareWithRef(
      [M],
      rows as V,
      [
        A([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ],
      'nested',
    );
    expect(Array.from(n[0]!.toFloat64())).toEqual([1, 3, 6, 4, 9, 15]);
    const f = T.fvector('f');
    const [c32] = theano.scan({
      fn: (x: V, acc: V) => acc.add(x),
      sequences: f,
      outputsInfo: T.constant(0, { dtype: 'float32' }),
    });
    await compareWithRef([f], c32 as V, [A([0.5, 0.25, 2], 'float32')], 'float32');
  });

  it('shared-variable updates run the same on both backends', async () => {
    const make = () => {
      const c = theano.shared(1, 'c');
      const [out, updates] = theano.scan({ fn: () => [c.mul(3), new Map([[c, c.add(1)]])], nSteps: 3 });
      return { c, out: out as V, updates };
    };
    const r = make();
    const o = make();
    const fr = theano.function([], r.out, { updates: r.updates, backend: 'ref' });
    const fo = theano.function([], o.out, { updates: o.updates, backend: 'onnx' });
    const a = fr.callSync();
    const b = await fo();
    expect(Array.from(b.toFloat64())).toEqual(Array.from(a.toFloat64()));
    expect(Array.from(b.toFloat64())).toEqual([3, 6, 9]);
    expect(o.c.getValue().item()).toBe(4);
  });

  it('gradients: an RNN (sequence, initial state, non-sequence) and a truncated cumulative sum', async () => {
    const X = T.matrix('X');
    const h0 = T.vector('h0');
    const W = T.matrix('W');
    const [hs] = theano.scan({
      fn: (xt: V, hp: V, w: V) => T.tanh(T.dot(w, hp).add(xt)),
      sequences: X,
      outputsInfo: h0,
      nonSequences: W,
    });
    const cost = (hs as V).pow(2).sum();
    const grads = T.grad(cost, [X, h0, W]);
    await compareWithRef(
      [X, h0, W],
      [cost, ...grads],
      [
        A([
          [0.1, -0.2],
          [0.3, 0.4],
          [-0.5, 0.6],
        ]),
        A([0.2, -0.1]),
        A([
          [0.5, -0.3],
          [0.2, 0.8],
        ]),
      ],
      'rnn grads',
    );
    const v = T.vector('v');
    const a0 = T.scalar('a0');
    const g = T.grad(cumsum(v, a0, { truncateGradient: 2 }).sum(), [v, a0]);
    const got = await compareWithRef([v, a0], g, [A([1, 2, 3, 4]), A(0)], 'truncated');
    expect(Array.from(got[0]!.toFloat64())).toEqual([0, 0, 2, 1]);
  });

  it('run-time checks: a negative nSteps and a short initial buffer raise as on ref', async () => {
    const k = T.iscalar('k');
    const a0 = T.scalar('a0');
    const [out] = theano.scan({ fn: (a: V) => a.add(1), outputsInfo: a0, nSteps: k, name: 'inc' });
    const f = theano.function([a0, k], out as V, { backend: 'onnx' });
    await expect(f(A(0), A(-1, 'int32'))).rejects.toThrow(/Scan\{inc\}: nSteps must be a non-negative integer, got -1/);
    const x0 = T.vector('x0');
    const [fib] = theano.scan({
      fn: (p: V, q: V) => p.add(q),
      outputsInfo: { initial: x0, taps: [-3, -1] },
      nSteps: 2,
      name: 'f3',
    });
    const g = theano.function([x0], fib as V, { backend: 'onnx' });
    await expect(g(A([1, 2]))).rejects.toThrow(
      /Scan\{f3\}: the initial state of output 0 has 2 rows, its taps \[-3, -1\] need 3/,
    );
  });
});

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const ortUrl = pathToFileURL(join(pkgDir, 'node_modules', 'onnxruntime-node', 'dist', 'index.js')).href;
const dir = mkdtempSync(join(tmpdir(), 'theano-onnx-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads `path` in a new Node process with onnxruntime-node alone, runs it on float64 `feeds`; its outputs in order. */
function runFresh(path: string, feeds: Record<string, theano.NDArray>): { dims: number[]; data: number[] }[] {
  const script = `
    const ort = (await import(${JSON.stringify(ortUrl)})).default;
    const session = await ort.InferenceSession.create(${JSON.stringify(path)});
    const feeds = JSON.parse(process.argv[1]);
    const inputs = {};
    for (const [name, { dims, data }] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float64', Float64Array.from(data), dims);
    const results = await session.run(inputs);
    console.log(JSON.stringify(session.outputNames.map((n) => ({ dims: [...results[n].dims], data: Array.from(results[n].data, Number) }))));
  `;
  const json = JSON.stringify(
    Object.fromEntries(
      Object.entries(feeds).map(([k, v]) => [k, { dims: [...v.shape], data: Array.from(v.toFloat64()) }]),
    ),
  );
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, json], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the fresh process failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { dims: number[]; data: number[] }[];
}

describe('exportModel of a scan', () => {
  it('reloads in a fresh onnxruntime session and gives the same values', async () => {
    const X = T.matrix('X');
    const h0 = T.vector('h0');
    const W = T.matrix('W');
    const [hs] = theano.scan({
      fn: (xt: V, hp: V, w: V) => T.tanh(T.dot(w, hp).add(xt)),
      sequences: X,
      outputsInfo: h0,
      nonSequences: W,
    });
    const gW = T.grad((hs as V).sum(), W);
    const f = theano.function([X, h0, W], [hs as V, gW], { backend: 'onnx' });
    const args = [
      A([
        [0.1, -0.2],
        [0.3, 0.4],
        [-0.5, 0.6],
      ]),
      A([0.2, -0.1]),
      A([
        [0.5, -0.3],
        [0.2, 0.8],
      ]),
    ];
    const want = theano.function([X, h0, W], [hs as V, gW], { backend: 'ref' }).callSync(...args);
    const path = join(dir, 'rnn.onnx');
    await exportModel(f, { path });
    const outs = runFresh(path, { X: args[0]!, h0: args[1]!, W: args[2]! });
    expect(outs.length).toBe(2);
    outs.forEach((o, k) => {
      expect(o.dims).toEqual([...want[k]!.shape]);
      const w = Array.from(want[k]!.toFloat64());
      o.data.forEach((x, i) => {
        expect(Math.abs(x - w[i]!)).toBeLessThan(1e-12);
      });
    });
    // the recurrence by hand for the first step: h1 = tanh(W·h0 + x0)
    const h1 = [Math.tanh(0.5 * 0.2 + -0.3 * -0.1 + 0.1), Math.tanh(0.2 * 0.2 + 0.8 * -0.1 - 0.2)];
    expect(Math.abs(outs[0]!.data[0]! - h1[0]!)).toBeLessThan(1e-12);
    expect(Math.abs(outs[0]!.data[1]! - h1[1]!)).toBeLessThan(1e-12);
  });

  it('a sequence-sum RNN trained by gradient descent: the same loss trajectory on ref and onnx, exported and reloaded', async () => {
    // h_t = wh·h_{t-1} + wx·x_t over the rows of X (one column per sequence); the prediction h_T should be
    // the sum of each sequence (wh = wx = 1 solves it)
    const X = T.matrix('X');
    const make = () => {
      const wh = theano.shared(0.3, 'wh');
      const wx = theano.shared(0.5, 'wx');
      const [hs] = theano.scan({
        fn: (xt: V, hp: V, a: V, b: V) => hp.mul(a).add(xt.mul(b)),
        sequences: X,
        outputsInfo: T.zeros([X.shape.get(1)]),
        nonSequences: [wh, wx],
      });
      const loss = (hs as V).get(-1).sub(X.sum(0)).pow(2).mean();
      const [gh, gx] = T.grad(loss, [wh, wx]);
      const updates: [theano.SharedVariable, V][] = [
        [wh, wh.sub(gh!.mul(0.05))],
        [wx, wx.sub(gx!.mul(0.05))],
      ];
      return { wh, wx, loss, updates };
    };
    const data = A([
      [1, -0.5, 0.2],
      [0.4, 0.3, -1],
      [-0.2, 0.8, 0.6],
      [0.5, -0.1, 0.3],
    ]);
    const r = make();
    const o = make();
    const fr = theano.function([X], r.loss, { updates: r.updates, backend: 'ref' });
    const fo = theano.function([X], o.loss, { updates: o.updates, backend: 'onnx' });
    const lr: number[] = [];
    const lo: number[] = [];
    for (let i = 0; i < 40; i++) {
      lr.push(fr.callSync(data).item());
      lo.push((await fo(data)).item());
    }
    lr.forEach((l, i) => {
      expect(Math.abs(l - lo[i]!)).toBeLessThan(1e-9);
    });
    expect(lr[39]!).toBeLessThan(lr[0]! / 5);
    expect(Math.abs(r.wh.getValue().item() - o.wh.getValue().item())).toBeLessThan(1e-9);
    // the exported training step: the loss at the current parameters, and the parameters after one step
    const path = join(dir, 'rnn-train.onnx');
    await exportModel(fo, { path });
    const outs = runFresh(path, { X: data, wh: o.wh.getValue(), wx: o.wx.getValue() });
    const next = fr.callSync(data).item();
    expect(Math.abs(outs[0]!.data[0]! - next)).toBeLessThan(1e-9);
    expect(Math.abs(outs[1]!.data[0]! - r.wh.getValue().item())).toBeLessThan(1e-9);
    expect(Math.abs(outs[2]!.data[0]! - r.wx.getValue().item())).toBeLessThan(1e-9);
  });
});
