#!/usr/bin/env node
// Exports the special-values cases of every elementwise op (float32, float64; unfused and fused) as ONNX
// models, with their inputs and core's expected values, into the folder given (default .device/special), for
// scripts/device/special-values-ort.py to run on onnxruntime's CUDA (and CPU) execution providers on a GPU
// machine. Run `npm run build` first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportModel } from '../../packages/backend-onnx/dist/index.js';
import { specialValues } from '../../packages/conformance/dist/index.js';
import {
  applyOp,
  composite,
  FunctionGraph,
  NDArray,
  Op,
  performElemwise,
  SCALAR_OPS,
  typedArrayFor,
} from '../../packages/core/dist/index.js';
import * as theano from '../../packages/theano-ts/dist/index.js';

const T = theano.tensor;
const dir = process.argv[2] ?? '.device/special';
mkdirSync(dir, { recursive: true });

const hex = (x, dtype) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, dtype === 'float32' ? Math.fround(x) : x);
  return v.getBigUint64(0).toString(16).padStart(16, '0');
};
const array = (values, dtype) => {
  const data = typedArrayFor(dtype, values.length);
  values.forEach((v, i) => {
    data[i] = v;
  });
  return new NDArray(data, [values.length], dtype);
};

let n = 0;
for (const name of Object.keys(SCALAR_OPS)) {
  if (name === 'cast') continue;
  const def = SCALAR_OPS[name];
  const arity = def.spec.arity === 'n' ? 2 : def.spec.arity;
  for (const dtype of ['float32', 'float64']) {
    const v = specialValues(dtype);
    const cols = arity === 1 ? [v] : [v.flatMap((x) => v.map(() => x)), v.flatMap(() => v)];
    const args = cols.map((c) => array(c, dtype));
    for (const fused of [false, true]) {
      const xs = cols.map((_, k) => T.tensor(dtype, [false], `x${k}`));
      const op = new Op(def, {});
      let out;
      if (fused) {
        const ps = xs.map((x) => T.tensor(x.dtype, [], `p_${x.name}`));
        out = composite(new FunctionGraph(ps, [applyOp(op, ps).outputs[0]]), xs);
      } else out = applyOp(op, xs).outputs[0];
      const f = theano.function(xs, out, { mode: theano.Mode({ optimizer: 'None' }) });
      const id = `${name}.${dtype}.${fused ? 'fused' : 'unfused'}`;
      try {
        await exportModel(f, { path: join(dir, `${id}.onnx`) });
      } catch (e) {
        console.error(`${id}: not exported (${e.message})`);
        continue;
      }
      const want = performElemwise(def.spec, args, out.dtype).toFloat64();
      writeFileSync(
        join(dir, `${id}.json`),
        JSON.stringify({
          id,
          op: name,
          dtype,
          out: out.dtype,
          inputs: cols.map((c) => c.map((x) => hex(x, dtype))),
          expected: Array.from(want, (x) => hex(x, 'float64')),
        }),
      );
      n++;
    }
  }
}
console.log(`${n} models written to ${dir}`);
