import '@theano-ts/backend-onnx';
import { NDArray, performElemwise, SCALAR_OPS, ulpDistance } from '@theano-ts/core';
import * as theano from 'theano-ts';

const T = theano.tensor;
const ops = (process.argv[2] ?? 'arctan').split(',');
const dtypes = (process.argv[3] ?? 'float64').split(',');
let seed = Number(process.env.SEED ?? 12345);
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const domains = {
  erfinv: [-1, 1],
  erfcinv: [0, 2],
  gammaln: [0, 1e6],
  gamma: [0, 172],
  psi: [0, 1e6],
  arcsin: [-1, 1],
  arccos: [-1, 1],
  arctanh: [-1, 1],
  arccosh: [1, 1e6],
  erfcinv: [0, 2],
  erfinv: [-1, 1],
};
for (const dtype of dtypes)
  for (const op of ops) {
    const [lo, hi] = domains[op] ?? [-30, 30];
    const vals = [];
    for (let i = 0; i < Number(process.env.N ?? 20000); i++) {
      const r = rnd();
      if (i % 4 === 0) vals.push(lo + (hi - lo) * r);
      else if (i % 4 === 1) {
        const m = lo >= 0 ? lo + (hi - lo) * r ** 4 : (2 * r - 1) ** 5 * Math.max(-lo, hi);
        vals.push(m);
      } else if (i % 4 === 2) vals.push((lo >= 0 || rnd() < 0.5 ? 1 : -1) * 10 ** (-20 + 45 * r));
      else vals.push(lo + (hi - lo) * rnd() ** 8);
    }
    const x = T.tensor(dtype, [false], 'x');
    const arity = SCALAR_OPS[op].spec.arity;
    let f, args;
    const a = theano.array(vals, dtype);
    if (arity === 2) {
      const y = T.tensor(dtype, [false], 'y');
      f = theano.function([x, y], T[op](x, y), { backend: 'onnx', mode: theano.Mode({ optimizer: 'None' }) });
      const b = theano.array(
        vals.map(() => (rnd() - 0.5) * 10 ** (-10 + 20 * rnd())),
        dtype,
      );
      args = [a, b];
    } else {
      f = theano.function([x], T[op](x), { backend: 'onnx', mode: theano.Mode({ optimizer: 'None' }) });
      args = [a];
    }
    const got = (await f(...args)).toFloat64();
    const want = performElemwise(SCALAR_OPS[op].spec, args, dtype).toFloat64();
    let worst = 0,
      at = null;
    const av = args[0].toFloat64();
    for (let i = 0; i < want.length; i++) {
      const d = ulpDistance(got[i], want[i], dtype);
      if (d > worst) {
        worst = d;
        at = [av[i], args[1]?.toFloat64()[i], got[i], want[i]];
      }
    }
    console.log(op, dtype, 'max ulps', worst, JSON.stringify(at));
  }
