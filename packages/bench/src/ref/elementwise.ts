/**
 * The elementwise chain `exp(x)*2 + sin(x)*x` on 1e6 and 1e7 float32 elements: theano-ts on the reference
 * backend (fused into one generated loop) against tfjs-backend-cpu and a hand-written JavaScript loop, in
 * the same process. Prints median times and ratios.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as theano from 'theano-ts';

const T = theano.tensor;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(reps: number, f: () => void): number {
  f(); // warm up
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/** Hand-written single loop returning a new array: the lower bound for JavaScript. */
function handLoop(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = Math.exp(v) * 2 + Math.sin(v) * v;
  }
  return out;
}

/** Runs the comparison and prints the table. */
export async function runElementwise(): Promise<void> {
  await tf.setBackend('cpu');
  const x = T.fvector('x');
  const f = theano.function([x], x.exp().mul(2).add(x.sin().mul(x)));
  console.log('\nElementwise chain exp(x)*2 + sin(x)*x, float32 (median ms; ratio = peer / theano-ts)');
  console.log('       n   theano-ts ref   tfjs-cpu   hand loop   tfjs/theano   theano/hand');
  for (const n of [1e6, 1e7]) {
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = ((i % 1000) - 500) / 250;
    const reps = n >= 1e7 ? 7 : 21;
    const tTheano = time(reps, () => {
      f.callSync(data);
    });
    const xt = tf.tensor1d(data, 'float32');
    const tTf = time(reps, () => {
      const r = tf.tidy(() => tf.add(tf.mul(tf.exp(xt), 2), tf.mul(tf.sin(xt), xt)));
      r.dataSync();
      r.dispose();
    });
    xt.dispose();
    const tHand = time(reps, () => handLoop(data));
    console.log(
      `${n.toExponential(0).padStart(8)}  ${tTheano.toFixed(1).padStart(12)}  ${tTf.toFixed(1).padStart(9)}  ${tHand.toFixed(1).padStart(10)}  ${(tTf / tTheano).toFixed(2).padStart(11)}x  ${(tTheano / tHand).toFixed(2).padStart(11)}x`,
    );
  }
}
