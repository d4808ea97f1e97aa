// RandomStreams on onnx: Philox4x32-10 is computed in the ONNX graph with int64 arithmetic. The same seed
// gives the same numbers as the reference backend for every draw method (bit for bit: the words are
// integers, and every transform is the same sequence of IEEE operations; normal draws, through log, sqrt
// and cos, to the last bits), across several calls; the first
// block matches Random123's published known answer; the state advances the same way.
import '@theano-ts/backend-onnx';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

/** Every draw method, on one fresh RandomStreams(seed), with a symbolic size among them. */
function draws(seed: number, x: theano.TensorVariable): theano.TensorVariable[] {
  const s = new theano.RandomStreams(seed);
  const f32 = (v: number[]) => theano.array(v, 'float32');
  return [
    s.uniform({ size: [7], low: -1, high: 2 }),
    s.uniform({ size: x.shape, dtype: 'float32' }),
    s.normal({ size: [5], avg: 1, std: 3 }),
    s.normal({ size: [2, 3], dtype: 'float32' }),
    s.binomial({ size: [6], n: 10, p: 0.3 }),
    s.binomial({ size: [6], p: f32([0.5]), dtype: 'int32' }),
    s.randomInteger({ size: [9], low: -4, high: 4 }),
    s.randomInteger({ size: [3], low: 0, high: 4294967295 }),
    s.choice({ size: [5], a: 10 }),
    s.choice({ size: [5], a: 10, replace: false }),
    s.choice({ size: [4], a: 3, p: [0.2, 0.3, 0.5] }),
    s.choice({ size: [3], a: 5, replace: false, p: f32([0.1, 0.2, 0.3, 0.2, 0.2]) }),
    s.permutation({ size: [3], n: 6 }),
    s.multinomial({ size: [4], n: 7, pvals: [0.25, 0.25, 0.5] }),
    s.multinomial({ n: theano.array([2, 5], 'int64'), pvals: f32([0.5, 0.5, 0.1, 0.9]).reshape([2, 2]) }),
  ];
}

/** The normal draws (Box–Muller: transcendental functions). */
const NORMALS = [2, 3];

async function run(backend: string, calls: number): Promise<theano.NDArray[][]> {
  const x = T.matrix('x');
  const f = theano.function([x], draws(2024, x), { backend });
  const out: theano.NDArray[][] = [];
  for (let i = 0; i < calls; i++) out.push(await f(theano.zeros([2, 3])));
  return out;
}

describe('RandomStreams on onnx', () => {
  it('gives the reference backend’s numbers for every draw method, call after call', async () => {
    const ref = await run('ref', 3);
    const onnx = await run('onnx', 3);
    ref.forEach((outs, call) => {
      outs.forEach((r, k) => {
        const o = onnx[call]![k]!;
        expect(o.dtype, `draw ${k}, call ${call}`).toBe(r.dtype);
        expect(o.shape, `draw ${k}, call ${call}`).toEqual(r.shape);
        const [ov, rv] = [Array.from(o.toFloat64()), Array.from(r.toFloat64())];
        if (NORMALS.includes(k)) {
          // log, sqrt and cos of onnxruntime and of JS may differ in the last bits
          const rel = r.dtype === 'float32' ? 1e-6 : 1e-14;
          ov.forEach((v, i) => {
            expect(Math.abs(v - rv[i]!), `draw ${k}, call ${call}, element ${i}`).toBeLessThanOrEqual(
              rel * Math.abs(rv[i]!) + rel,
            );
          });
        } else {
          expect(ov, `draw ${k}, call ${call}`).toEqual(rv);
        }
      });
    });
    // calls differ from each other
    expect(Array.from(onnx[0]![0]!.toFloat64())).not.toEqual(Array.from(onnx[1]![0]!.toFloat64()));
  });

  it('draws Random123’s known answer from key 0, counter 0, and advances the counter', async () => {
    const s = new theano.RandomStreams(0);
    const w = s.randomInteger({ size: [4], low: 0, high: 4294967295 });
    w.rng.setValue(theano.array([0, 0, 0, 0, 0, 0, 0, 0], 'int64'));
    const f = theano.function([], w, { backend: 'onnx' });
    expect(Array.from((await f()).toFloat64())).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    // the state: key and counter words in 16-bit halves
    expect(Array.from(w.rng.getValue().toFloat64())).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    // the counter's carry into its high word
    w.rng.setValue(theano.array([0, 0, 0, 0, 0xffff, 0xffff, 0, 0], 'int64'));
    await f();
    expect(Array.from(w.rng.getValue().toFloat64())).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('reports a negative symbolic size naming the method', async () => {
    const s = new theano.RandomStreams(0);
    const n = T.lscalar('n');
    const f = theano.function([n], s.uniform({ size: [n, 2] }), { backend: 'onnx' });
    expect((await f(3)).shape).toEqual([3, 2]);
    await expect(f(-1)).rejects.toThrow(/RandomStreams\.uniform: size must hold non-negative integers, got \[-1, 2\]/);
  });
});
