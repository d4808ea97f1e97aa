/**
 * Joining, splitting and rearranging ops on values: Join, Split, BroadcastTo, Flip, Rebroadcast, Repeat and
 * Choose. Data is copied (never shared with an input) and never converted: int64 stays exact.
 */
import { NDArray, shapeSize, shapeToString, stridesOf } from '../ndarray.js';
import { broadcastShapes } from './broadcast.js';
import { allocLike, type RawStorage, widthOf } from './values.js';

/**
 * A fresh array of `outShape` whose element at each multi-index is element `source(idx)` (a flat row-major
 * element index) of `x`: the one copy loop of this file.
 */
function gather(x: NDArray, outShape: readonly number[], source: (idx: readonly number[]) => number): NDArray {
  const w = widthOf(x.dtype);
  const n = shapeSize(outShape);
  const out = allocLike(x.data, n * w);
  const src = x.data as unknown as RawStorage;
  const dst = out as unknown as RawStorage;
  const nd = outShape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    const s = source(idx) * w;
    for (let k = 0; k < w; k++) dst[i * w + k] = src[s + k]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return new NDArray(out, [...outShape], x.dtype);
}

/** The flat offset of `idx` for `strides`. */
function offset(idx: readonly number[], strides: readonly number[]): number {
  let o = 0;
  for (let d = 0; d < idx.length; d++) o += idx[d]! * strides[d]!;
  return o;
}

/** Normalizes a possibly negative `axis` for `ndim` dimensions; throws naming `op` when out of range. */
export function checkAxis(axis: number, ndim: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new Error(`${op}: axis ${axis} is out of range for arrays of ${ndim} dimensions`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Theano's Join: the arrays `xs` concatenated along `axis` (other sizes must match). */
export function join(axisIn: number, xs: readonly NDArray[]): NDArray {
  // out = numpy.concatenate(xs, axis)
  if (xs.length === 0) throw new Error('Join: nothing to join');
  const nd = xs[0]!.ndim;
  if (nd === 0) throw new Error('Join: zero-dimensional arrays cannot be concatenated');
  const axis = checkAxis(axisIn, nd, 'Join');
  xs.forEach((x, k) => {
    if (x.ndim !== nd || x.shape.some((s, d) => d !== axis && s !== xs[0]!.shape[d])) {
      throw new Error(
        `Join: all the input array dimensions except for the concatenation axis ${axis} must match exactly, ` +
          `but input 0 has shape ${shapeToString(xs[0]!.shape)} and input ${k} has shape ${shapeToString(x.shape)}`,
      );
    }
  });
  const starts: number[] = [];
  let total = 0;
  for (const x of xs) {
    starts.push(total);
    total += x.shape[axis]!;
  }
  const outShape = xs[0]!.shape.map((s, d) => (d === axis ? total : s));
  const owner = new Array<number>(total);
  xs.forEach((x, k) => {
    for (let i = 0; i < x.shape[axis]!; i++) owner[starts[k]! + i] = k;
  });
  // one source array: gather from each input in turn, writing the output in order
  const dtype = xs[0]!.dtype;
  const parts = xs.map((x) => (x.dtype === dtype ? x : x.astype(dtype)));
  const strides = parts.map((x) => stridesOf(x.shape));
  const w = widthOf(dtype);
  const out = allocLike(parts[0]!.data, shapeSize(outShape) * w);
  const dst = out as unknown as RawStorage;
  const n = shapeSize(outShape);
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    const k = owner[idx[axis]!]!;
    const local = idx.map((v, d) => (d === axis ? v - starts[k]! : v));
    const s = offset(local, strides[k]!) * w;
    const src = parts[k]!.data as unknown as RawStorage;
    for (let c = 0; c < w; c++) dst[i * w + c] = src[s + c]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return new NDArray(out, outShape, dtype);
}

/** Theano's Split: `x` cut along `axis` into pieces of the sizes in `splits` (they must add up to its size). */
export function split(x: NDArray, axisIn: number, splits: NDArray, nSplits: number): NDArray[] {
  // out_k = x[..., s_0 + … + s_{k-1} : s_0 + … + s_k, ...] along axis
  const axis = checkAxis(axisIn, x.ndim, 'Split');
  const sizes = Array.from(splits.toFloat64());
  if (splits.ndim !== 1 || sizes.length !== nSplits) {
    throw new Error(`Split: expected ${nSplits} split sizes, got an array of shape ${shapeToString(splits.shape)}`);
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== x.shape[axis]) {
    throw new Error(
      `Split: the split sizes (${sizes.join(', ')}) must be non-negative and add up to ${x.shape[axis]}, ` +
        `the size of axis ${axis} of the input of shape ${shapeToString(x.shape)}`,
    );
  }
  const strides = stridesOf(x.shape);
  let start = 0;
  return sizes.map((s) => {
    const first = start;
    start += s;
    const shape = x.shape.map((v, d) => (d === axis ? s : v));
    return gather(x, shape, (idx) => offset(idx, strides) + first * strides[axis]!);
  });
}

/** numpy's broadcast_to under Theano's typed rule (`broadcastable[d]`: whether x's dimension d may be stretched). */
export function broadcastTo(x: NDArray, shape: NDArray, broadcastable?: readonly boolean[]): NDArray {
  // out[i] = x[i with the stretched dimensions at 0]
  const target = Array.from(shape.toFloat64());
  const lead = target.length - x.ndim;
  const fail = (why: string): never => {
    throw new Error(
      `BroadcastTo: cannot broadcast an array of shape ${shapeToString(x.shape)} to shape ${shapeToString(target)}: ${why}`,
    );
  };
  if (target.some((s) => !Number.isInteger(s) || s < 0)) fail('sizes must be non-negative integers');
  if (lead < 0) fail('the target has fewer dimensions');
  x.shape.forEach((s, d) => {
    const t = target[lead + d]!;
    if (s === t) return;
    if (s !== 1) fail(`dimension ${d} has size ${s}, not 1 or ${t}`);
    if (broadcastable && !broadcastable[d]) {
      fail(`dimension ${d} has size 1 but its type is not broadcastable there (use T.addbroadcast)`);
    }
  });
  const strides = stridesOf(x.shape);
  const steps = target.map((_, d) => (d < lead || x.shape[d - lead] === 1 ? 0 : strides[d - lead]!));
  return gather(x, target, (idx) => offset(idx, steps));
}

/** numpy's flip: `x` reversed along each of `axes`. */
export function flip(x: NDArray, axes: readonly number[]): NDArray {
  // out[i] = x[i with i_d → n_d - 1 - i_d for d in axes]
  const strides = stridesOf(x.shape);
  const rev = x.shape.map((_, d) => axes.includes(d));
  return gather(x, x.shape, (idx) =>
    offset(
      idx.map((v, d) => (rev[d] ? x.shape[d]! - 1 - v : v)),
      strides,
    ),
  );
}

/** Theano's Rebroadcast: a copy of `x`, checking that each dimension made broadcastable has size 1. */
export function rebroadcast(x: NDArray, axes: readonly (readonly [number, boolean])[], label: string): NDArray {
  // out = x
  for (const [d, b] of axes) {
    if (d >= x.ndim) throw new Error(`${label}: dimension ${d} is out of range for shape ${shapeToString(x.shape)}`);
    if (b && x.shape[d] !== 1) {
      throw new Error(
        `${label}: dimension ${d} was declared broadcastable, so it must have size 1, but the input has shape ${shapeToString(x.shape)}`,
      );
    }
  }
  return new NDArray(x.data.slice(), [...x.shape], x.dtype);
}

/** The repeat count of each index along the axis: a scalar repeats every one; a vector gives one each. */
export function repeatCounts(n: number, repeats: NDArray): number[] {
  const r = Array.from(repeats.toFloat64());
  if (repeats.ndim > 1)
    throw new Error(`RepeatOp: repeats must be a scalar or a vector, got shape ${shapeToString(repeats.shape)}`);
  const counts = repeats.ndim === 0 ? new Array<number>(n).fill(r[0]!) : r;
  if (counts.length !== n) {
    throw new Error(`RepeatOp: got ${counts.length} repeat counts for an axis of size ${n}: they must be equal`);
  }
  if (counts.some((c) => !Number.isInteger(c) || c < 0)) {
    throw new Error(`RepeatOp: repeat counts must be non-negative integers, got (${counts.join(', ')})`);
  }
  return counts;
}

/** numpy's repeat along `axis`: each index i of that axis repeated `repeats` (scalar) or `repeats[i]` times. */
export function repeat(x: NDArray, repeats: NDArray, axisIn: number): NDArray {
  // out[..., j, ...] = x[..., src[j], ...] with src = [0]*r_0 + [1]*r_1 + …
  const axis = checkAxis(axisIn, x.ndim, 'RepeatOp');
  const counts = repeatCounts(x.shape[axis]!, repeats);
  const src: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) src.push(i);
  });
  const strides = stridesOf(x.shape);
  const shape = x.shape.map((s, d) => (d === axis ? src.length : s));
  return gather(x, shape, (idx) =>
    offset(
      idx.map((v, d) => (d === axis ? src[v]! : v)),
      strides,
    ),
  );
}

/** numpy's choose (mode 'raise'): out[i] = choices[a[i]][i], every array broadcast together. */
export function choose(a: NDArray, choices: readonly NDArray[], dtype: NDArray['dtype']): NDArray {
  const shape = broadcastShapes([a.shape, ...choices.map((c) => c.shape)], 'Choose');
  const n = choices.length;
  const nd = shape.length;
  const parts = choices.map((c) => (c.dtype === dtype ? c : c.astype(dtype)));
  const stepsOf = (s: readonly number[]): number[] => {
    const st = stridesOf(s);
    const lead = nd - s.length;
    return shape.map((_, d) => (d < lead || s[d - lead] === 1 ? 0 : st[d - lead]!));
  };
  const aSteps = stepsOf(a.shape);
  const cSteps = parts.map((c) => stepsOf(c.shape));
  const av = a.toFloat64();
  // one array holding every choice back to back, so a single gather reads them all
  const sizes = parts.map((c) => shapeSize(c.shape));
  const base: number[] = [];
  let t = 0;
  for (const s of sizes) {
    base.push(t);
    t += s;
  }
  const w = widthOf(dtype);
  const all = allocLike(parts[0]!.data, t * w);
  parts.forEach((c, k) => {
    (all as unknown as { set(v: ArrayLike<number | bigint>, o: number): void }).set(
      c.data as ArrayLike<number | bigint>,
      base[k]! * w,
    );
  });
  const flat = new NDArray(all, [t], dtype);
  return gather(flat, shape, (idx) => {
    const k = av[offset(idx, aSteps)]!;
    if (!Number.isInteger(k) || k < 0 || k >= n) {
      throw new Error(`Choose: invalid entry ${k} in the index array: it must be in [0, ${n}) for ${n} choices`);
    }
    return base[k]! + offset(idx, cSteps[k]!);
  });
}
