/**
 * Reductions (`Sum`, `Max`, `Min` over some axes, the reduced axes dropped) on tfjs-webgl's reduce
 * kernels. The input is cast to the output dtype first (a sum of int32 or bool is int64 in Theano, int32
 * on the GPU); an empty sum is 0 and an empty max/min an error, as in the reference backend.
 */

import type { DefinedOp, ReduceParams } from '@theano-ts/core';
import { shapeToString } from '@theano-ts/core';
import { castTo, filled, gpuDType, kernel, type Tensor } from '../gpu.js';
import type { KernelArgs, WebGLKernel } from './types.js';
import { sizeOf } from './util.js';

/** The reduced axes (all of them for `null`), checked against the input's rank. */
function axesOf(a: KernelArgs, op: string): number[] {
  const { axis } = (a.node.op.def as DefinedOp<ReduceParams>).match(a.node)!;
  const nd = a.values[0]!.shape.length;
  if (axis === null) return Array.from({ length: nd }, (_, d) => d);
  let prev = -1;
  for (const ax of axis) {
    if (!Number.isInteger(ax) || ax < 0 || ax >= nd) {
      throw new Error(
        `${op}: axis ${ax} is out of bounds for an array of dimension ${nd} (shape ${shapeToString(a.values[0]!.shape)})`,
      );
    }
    if (ax <= prev) throw new Error(`${op}: axes must be sorted and distinct, got [${axis.join(', ')}]`);
    prev = ax;
  }
  return [...axis];
}

// out[j] = Σ_{i reducing into j} x[i]
const sum: WebGLKernel = (a) => {
  const axes = axesOf(a, 'Sum');
  const out = gpuDType(a.outDtype);
  const compute = out === 'bool' ? 'int32' : out;
  const x = a.tensor(0, compute);
  const outShape = x.shape.filter((_, d) => !axes.includes(d));
  let r: Tensor;
  if (sizeOf(x.shape) === 0) r = filled(outShape, 0, compute);
  else if (axes.length === 0) r = kernel('Identity', { x });
  else r = kernel('Sum', { x }, { axis: axes, keepDims: false });
  return [castTo(r, out)];
};

/** max or min over the axes; an empty reduction has no identity and throws. */
function extremum(isMax: boolean): WebGLKernel {
  return (a) => {
    const op = isMax ? 'Max' : 'Min';
    const axes = axesOf(a, op);
    const out = gpuDType(a.outDtype);
    const compute = out === 'bool' ? 'int32' : out;
    const x = a.tensor(0, compute);
    if (axes.some((d) => x.shape[d] === 0)) {
      throw new Error(
        `${op}: zero-size array to reduction operation ${isMax ? 'maximum' : 'minimum'} which has no identity (shape ${shapeToString(x.shape)})`,
      );
    }
    if (axes.length === 0) return [castTo(kernel('Identity', { x }), out)];
    // an empty axis that is kept: every reduction is over non-empty axes, and there are none of them
    // (numpy: np.zeros((1, 0)).max(axis=0) is an empty array of shape (0,))
    if (sizeOf(x.shape) === 0)
      return [
        castTo(
          filled(
            x.shape.filter((_, d) => !axes.includes(d)),
            0,
            compute,
          ),
          out,
        ),
      ];
    const reduce = (t: Tensor) =>
      isMax
        ? kernel('Max', { x: t }, { reductionIndices: axes, keepDims: false })
        : kernel('Min', { x: t }, { axis: axes, keepDims: false });
    const r = reduce(x);
    return [castTo(compute === 'float32' ? unpad(r, x, reduce, isMax) : r, out)];
  };
}

/**
 * tfjs's Max and Min pad a window whose length is not a multiple of 4 with ∓1e20 (its stand-in for
 * ∓infinity), so the max of values all below -1e20 (-inf included) came out -1e20, and the min of values
 * all above 1e20 (+inf included) 1e20 (found by the fuzzer). Where the result is that far out, the
 * reduction of x·2^-100 scaled back by 2^100 is exact: the pad is then beyond every finite scaled value,
 * the values are large enough to stay normal, and a pad that won (all ∓inf) overflows back to ∓inf.
 * (Integers below 2^24 never reach the pad.)
 */
function unpad(r: Tensor, x: Tensor, reduce: (t: Tensor) => Tensor, isMax: boolean): Tensor {
  const scalar = (v: number) => filled([], v, 'float32');
  const far = kernel(isMax ? 'LessEqual' : 'GreaterEqual', { a: r, b: scalar(isMax ? -9e19 : 9e19) });
  const scaled = kernel('Multiply', {
    a: reduce(kernel('Multiply', { a: x, b: scalar(2 ** -100) })),
    b: scalar(2 ** 100),
  });
  return kernel('Select', { condition: far, t: scaled, e: r });
}

/** The reduction kernels. */
export const REDUCE_KERNELS = { sum, max: extremum(true), min: extremum(false) } as const;
