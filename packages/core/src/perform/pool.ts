/**
 * 2-D pooling on values (Theano's `Pool`, `MaxPoolGrad`, `AveragePoolGrad`): the last two axes of an
 * array of two or more dimensions are the image; every leading index is pooled on its own.
 */
import type { DType } from '../dtype.js';
import { fromFloat64, type NDArray } from '../ndarray.js';

/** The pooling modes (Theano's names). */
export type PoolMode = 'max' | 'sum' | 'average_inc_pad' | 'average_exc_pad';

/** The geometry of a 2-D pooling: window, stride and padding per axis, and how the border is treated. */
export interface PoolGeometry {
  /** The window size (rows, columns). */
  readonly ws: readonly [number, number];
  /** The step between windows (rows, columns). */
  readonly stride: readonly [number, number];
  /** Zero padding on each side (rows, columns). */
  readonly pad: readonly [number, number];
  /** Drop a partial window at the end (true), or keep it (false, Theano's ignore_border=False). */
  readonly ignoreBorder: boolean;
}

/**
 * The number of windows along one axis of size `n` (Theano's `Pool.out_shape`): with `ignoreBorder`, only
 * whole windows of the padded axis; without, a last partial window too.
 */
export function poolOutSize(n: number, ws: number, st: number, pad: number, ignoreBorder: boolean): number {
  const r = n + 2 * pad;
  if (ignoreBorder) return Math.max(0, Math.floor((r - ws) / st) + 1);
  if (st >= ws) return Math.floor((r - 1) / st) + 1;
  return Math.max(0, Math.floor((r - 1 - ws) / st) + 1) + 1;
}

/** One window along an axis: its elements in the input [lo, hi) and its size counted with the padding. */
interface Window {
  readonly lo: number;
  readonly hi: number;
  readonly withPad: number;
}

function windows(n: number, ws: number, st: number, pad: number, ignoreBorder: boolean): Window[] {
  const padded = n + 2 * pad;
  const out: Window[] = [];
  const k = poolOutSize(n, ws, st, pad, ignoreBorder);
  for (let i = 0; i < k; i++) {
    const start = i * st;
    const end = Math.min(start + ws, padded);
    out.push({ lo: Math.max(start, pad) - pad, hi: Math.min(end, n + pad) - pad, withPad: end - start });
  }
  return out;
}

/** Visits every window of every image: `f(image offset in x, output index, row window, column window)`. */
function eachWindow(
  shape: readonly number[],
  g: PoolGeometry,
  f: (base: number, o: number, r: Window, c: Window) => void,
): number[] {
  const nd = shape.length;
  const h = shape[nd - 2]!;
  const w = shape[nd - 1]!;
  const rows = windows(h, g.ws[0], g.stride[0], g.pad[0], g.ignoreBorder);
  const cols = windows(w, g.ws[1], g.stride[1], g.pad[1], g.ignoreBorder);
  let images = 1;
  for (let d = 0; d < nd - 2; d++) images *= shape[d]!;
  let o = 0;
  for (let b = 0; b < images; b++) {
    for (const r of rows) for (const c of cols) f(b * h * w, o++, r, c);
  }
  return [...shape.slice(0, nd - 2), rows.length, cols.length];
}

function windowCount(mode: PoolMode, r: Window, c: Window): number {
  return mode === 'average_inc_pad' ? r.withPad * c.withPad : (r.hi - r.lo) * (c.hi - c.lo);
}

/** Pools `x` (Theano's `Pool.perform`): max, sum or average of each window; the padding never wins a max. */
export function pool(x: NDArray, g: PoolGeometry, mode: PoolMode, outDtype: DType): NDArray {
  const v = x.toFloat64();
  const w = x.shape[x.ndim - 1]!;
  const out: number[] = [];
  const shape = eachWindow(x.shape, g, (base, _o, r, c) => {
    let acc = mode === 'max' ? Number.NEGATIVE_INFINITY : 0;
    for (let i = r.lo; i < r.hi; i++) {
      for (let j = c.lo; j < c.hi; j++) {
        const e = v[base + i * w + j]!;
        acc = mode === 'max' ? (e > acc || Number.isNaN(e) ? e : acc) : acc + e;
        if (Number.isNaN(acc)) break;
      }
    }
    out.push(mode === 'max' || mode === 'sum' ? acc : acc / windowCount(mode, r, c));
  });
  return fromFloat64(out, shape, outDtype);
}

/** The gradient of a max pooling: `gz` of each window goes to every element of `x` equal to its maximum. */
export function maxPoolGrad(x: NDArray, maxout: NDArray, gz: NDArray, g: PoolGeometry, outDtype: DType): NDArray {
  const v = x.toFloat64();
  const m = maxout.toFloat64();
  const gv = gz.toFloat64();
  const w = x.shape[x.ndim - 1]!;
  const gx = new Float64Array(v.length);
  eachWindow(x.shape, g, (base, o, r, c) => {
    for (let i = r.lo; i < r.hi; i++) {
      for (let j = c.lo; j < c.hi; j++) if (v[base + i * w + j] === m[o]) gx[base + i * w + j]! += gv[o]!;
    }
  });
  return fromFloat64(gx, x.shape, outDtype);
}

/** The gradient of a sum or average pooling: `gz` of each window (divided by its count) to its elements. */
export function averagePoolGrad(x: NDArray, gz: NDArray, g: PoolGeometry, mode: PoolMode, outDtype: DType): NDArray {
  const gv = gz.toFloat64();
  const w = x.shape[x.ndim - 1]!;
  const gx = new Float64Array(x.size);
  eachWindow(x.shape, g, (base, o, r, c) => {
    const share = mode === 'sum' ? gv[o]! : gv[o]! / windowCount(mode, r, c);
    for (let i = r.lo; i < r.hi; i++) for (let j = c.lo; j < c.hi; j++) gx[base + i * w + j]! += share;
  });
  return fromFloat64(gx, x.shape, outDtype);
}
