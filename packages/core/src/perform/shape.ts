/**
 * Shape ops: DimShuffle (transpose / add / drop broadcastable dims), Reshape, Shape, Shape_i and
 * MakeVector. Data is copied, never shared with the input, and never converted (int64 stays exact).
 */
import type { DType } from '../dtype.js';
import { fromFloat64, NDArray, shapeSize, shapeToString, stridesOf } from '../ndarray.js';
import { stridedCopy } from './broadcast.js';
import { allocLike, castTo, readValues, storeValues, widthOf, withShape } from './values.js';

/**
 * Theano's DimShuffle: output dimension k is input dimension `order[k]`, or a new dimension of size 1
 * where `order[k]` is `'x'`. Input dimensions absent from `order` are dropped and must have size 1.
 */
export function dimshuffle(x: NDArray, order: readonly (number | 'x')[]): NDArray {
  // out[i_0, …] = x[i_{k: order[k] = 0}, i_{k: order[k] = 1}, …]
  const op = `DimShuffle{${order.join(',')}}`;
  const nd = x.ndim;
  const seen = new Array<boolean>(nd).fill(false);
  for (const o of order) {
    if (o === 'x') continue;
    if (!Number.isInteger(o) || o < 0 || o >= nd) {
      throw new Error(`${op}: ${o} is not a dimension of an input of shape ${shapeToString(x.shape)}`);
    }
    if (seen[o]) throw new Error(`${op}: dimension ${o} appears twice`);
    seen[o] = true;
  }
  for (let d = 0; d < nd; d++) {
    if (!seen[d] && x.shape[d] !== 1) {
      throw new Error(
        `${op}: cannot drop dimension ${d} of an input of shape ${shapeToString(x.shape)}: ` +
          `it has size ${x.shape[d]}, not 1`,
      );
    }
  }
  const inStrides = stridesOf(x.shape);
  const outShape = order.map((o) => (o === 'x' ? 1 : x.shape[o]));
  const outStrides = order.map((o) => (o === 'x' ? 0 : inStrides[o]));
  const w = widthOf(x.dtype);
  const out = allocLike(x.data, shapeSize(outShape) * w);
  stridedCopy(x.data, 0, outStrides, outShape, w, out);
  return new NDArray(out, outShape, x.dtype);
}

/**
 * The shape `reshape` gives an array of shape `from` for the requested sizes (an int64 vector; one entry may
 * be -1: inferred from the others). Throws when the sizes do not match, naming both shapes.
 */
export function reshapeTarget(from: readonly number[], shape: NDArray): number[] {
  if (shape.ndim !== 1) {
    throw new Error(`Reshape: the new shape must be a vector, got an array of shape ${shapeToString(shape.shape)}`);
  }
  const size = shapeSize(from);
  const want = Array.from(readValues(shape, 1));
  let unknown = -1;
  let known = 1;
  for (let d = 0; d < want.length; d++) {
    const n = want[d]!;
    if (!Number.isInteger(n) || n < -1) {
      throw new Error(`Reshape: invalid size ${n} in new shape (${want.join(', ')})`);
    }
    if (n === -1) {
      if (unknown >= 0)
        throw new Error(`Reshape: can only specify one unknown dimension (-1), got (${want.join(', ')})`);
      unknown = d;
    } else {
      known *= n;
    }
  }
  const fail = (): never => {
    throw new Error(
      `Reshape: cannot reshape array of size ${size} (shape ${shapeToString(from)}) into shape ${shapeToString(want)}`,
    );
  };
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) fail();
    want[unknown] = size / known;
  } else if (known !== size) {
    fail();
  }
  return want;
}

/** Reshape `x` to the sizes in the int64 vector `shape` (see `reshapeTarget`); the data is copied. */
export function reshape(x: NDArray, shape: NDArray, ndim?: number): NDArray {
  // out = x.reshape(shape) (row-major order kept)
  checkReshapeLength(shape, ndim);
  return withShape(x, reshapeTarget(x.shape, shape));
}

/** Checks that a new shape has the `ndim` entries the node's type promises (Theano's Reshape{ndim}). */
export function checkReshapeLength(shape: NDArray, ndim: number | undefined): void {
  const n = shape.ndim === 1 ? shape.shape[0]! : -1;
  if (ndim !== undefined && n !== ndim) {
    throw new Error(
      `Reshape{${ndim}}: the new shape has ${n < 0 ? `shape ${shapeToString(shape.shape)}` : `${n} entries`} (${Array.from(shape.toFloat64()).join(', ')}), but the output was declared with ${ndim} dimensions`,
    );
  }
}

/** Theano's Shape: the shape of `x` as an int64 vector. */
export function shape(x: NDArray): NDArray {
  // out = x.shape
  return fromFloat64(x.shape, [x.ndim], 'int64');
}

/** Theano's Shape_i: the size of dimension `i` of `x`, as an int64 scalar (0-d). */
export function shapeI(x: NDArray, i: number): NDArray {
  // out = x.shape[i]
  if (!Number.isInteger(i) || i < 0 || i >= x.ndim) {
    throw new Error(`Shape_i{${i}}: dimension ${i} is out of range for an input of shape ${shapeToString(x.shape)}`);
  }
  return fromFloat64([x.shape[i]], [], 'int64');
}

/** Theano's MakeVector: the 0-d `inputs` gathered into a vector of dtype `outDtype`. */
export function makeVector(inputs: readonly NDArray[], outDtype: DType): NDArray {
  // out = [inputs[0], inputs[1], …]
  const w = widthOf(outDtype);
  const out = new Float64Array(inputs.length * w);
  const big = outDtype === 'int64' ? new BigInt64Array(inputs.length) : null;
  for (let k = 0; k < inputs.length; k++) {
    const x = inputs[k];
    if (x.ndim !== 0) {
      throw new Error(`MakeVector: input ${k} must be a scalar (0-d), got shape ${shapeToString(x.shape)}`);
    }
    if (big) {
      // int64 values are copied exactly, never through a double
      big[k] = (castTo(x, 'int64').data as BigInt64Array)[0]!;
      continue;
    }
    const v = readValues(x, w);
    out[k * w] = v[0];
    if (w === 2) out[k * w + 1] = v[1];
  }
  if (big) return new NDArray(big, [inputs.length], 'int64');
  return storeValues(out, w, [inputs.length], outDtype);
}
