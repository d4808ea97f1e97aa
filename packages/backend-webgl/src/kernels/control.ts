/**
 * Ops with inner graphs and checks: `map` loops on the host, running its inner graph once per index
 * (the GPU values of its arguments stay on the GPU across iterations) and stacking the results with
 * `Pack`; `assert_same_shape` compares two shapes on the host and passes its first input through;
 * `if_else` reads its condition on the host (the executor then runs only the branch taken: this kernel is
 * its eager form, when both branches were computed).
 */
import { ASSERT_SAME_SHAPE, fromFloat64, IF_ELSE, MAP, shapeToString } from '@theano-ts/core';
import { filled, gpuDType, isTensor, kernel, type Tensor, upload } from '../gpu.js';
import type { InnerRun, WebGLKernel } from './types.js';
import { sameShape } from './util.js';

// out = stack([inner(i, *args) for i in range(n)])
const map: WebGLKernel = (a) => {
  const { inner, label } = MAP.match(a.node)!;
  const n = a.host(0).item();
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`Map{${label}}: the length must be a non-negative integer, got ${n}`);
  const g = gpuDType(a.outDtype);
  const args = a.values.slice(1);
  const items: Tensor[] = [];
  const runs: InnerRun[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const run = a.runInner(inner, [fromFloat64([i], [], 'int64'), ...args]);
      runs.push(run);
      const v = run.values[0]!;
      const t = isTensor(v) ? v : upload(v, g, `Map{${label}} iteration ${i}`);
      if (items.length && !sameShape(t.shape, items[0]!.shape)) {
        throw new Error(
          `Map{${label}}: iteration ${i} produced shape ${shapeToString(t.shape)}, iteration 0 ${shapeToString(items[0]!.shape)}`,
        );
      }
      items.push(t.dtype === g ? t : kernel('Cast', { x: t }, { dtype: g }));
    }
    if (n === 0) {
      const itemShape = inner.outputs[0]!.type.shape.map((d) => d ?? 0);
      return [filled([0, ...itemShape], 0, g)];
    }
    return [kernel('Pack', items, { axis: 0 })];
  } finally {
    for (const r of runs) r.dispose();
  }
};

// out = x, once a.shape == b.shape
const assertSameShape: WebGLKernel = (a) => {
  const [x, s1, s2] = a.values;
  if (!sameShape(s1!.shape, s2!.shape)) {
    throw new Error(
      `${ASSERT_SAME_SHAPE.match(a.node)!.message}: shapes ${shapeToString(s1!.shape)} and ${shapeToString(s2!.shape)} differ`,
    );
  }
  return [isTensor(x!) ? kernel('Identity', { x }) : x!];
};

// out_k = a_k if c != 0 else b_k
const ifElse: WebGLKernel = (a) => {
  const { nOut } = IF_ELSE.match(a.node)!;
  const taken = Number(a.host(0).item()) !== 0;
  return a.values
    .slice(taken ? 1 : 1 + nOut, taken ? 1 + nOut : 1 + 2 * nOut)
    .map((x) => (isTensor(x) ? kernel('Identity', { x }) : x));
};

/** The control kernels. */
export const CONTROL_KERNELS = { map, assert_same_shape: assertSameShape, if_else: ifElse } as const;
