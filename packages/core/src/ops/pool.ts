/**
 * 2-D pooling (Theano's `theano.tensor.signal.pool`): `Pool` pools the last two axes of a tensor of two or
 * more dimensions (max, sum, or an average with or without the padding counted), and its gradients
 * `MaxPoolGrad` (the window's gradient to every element equal to its maximum, as Theano) and
 * `AveragePoolGrad` (to every element of the window, divided by its count for the averages). They are
 * extended ops: core defines them on values (`perform`), and a backend without them runs their
 * decomposition, one strided slice of the padded input per window offset combined elementwise.
 */
import { isDiscreteDType, isFloatDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import * as PP from '../perform/pool.js';
import { type PoolGeometry, type PoolMode, poolOutSize } from '../perform/pool.js';
import { TensorType } from '../type.js';
import { alloc } from './creation.js';
import { add, cast, eq, intDiv, maximum, mul, sub, trueDiv } from './elemwise.js';
import { defineOp } from './op-def.js';
import { shapeI } from './shape.js';
import { basicSubtensor, type IndexEntry, updateViewOnce } from './subtensor.js';

export type { PoolMode } from '../perform/pool.js';

/** Parameters of `Pool`, `MaxPoolGrad` and `AveragePoolGrad`: the window, stride, padding, border and mode. */
export interface PoolParams extends PoolGeometry {
  /** `max`, `sum`, `average_inc_pad` (padding counted in the mean) or `average_exc_pad` (not counted). */
  readonly mode: PoolMode;
}

const MODES: readonly PoolMode[] = ['max', 'sum', 'average_inc_pad', 'average_exc_pad'];
const py = (b: boolean): string => (b ? 'True' : 'False');
const pair = (p: readonly [number, number]): string => `(${p[0]}, ${p[1]})`;

function checkImage(op: string, x: TensorVariable): void {
  if (x.ndim < 2)
    throw new TypeError(
      `${op}: the input must have at least 2 dimensions (the image's rows and columns), got ${x} (${x.type})`,
    );
}

/** The static output shape of pooling `x` (null where a size is not known). */
function outShape(x: TensorVariable, p: PoolGeometry): (number | null)[] {
  const s = x.type.shape;
  const nd = s.length;
  const size = (d: 0 | 1): number | null => {
    const n = s[nd - 2 + d];
    return typeof n === 'number' ? poolOutSize(n, p.ws[d], p.stride[d], p.pad[d], p.ignoreBorder) : null;
  };
  return [...s.slice(0, nd - 2), size(0), size(1)];
}

/** The number of windows along image axis `d` (0: rows, 1: columns), from the size `n` (an int64 scalar). */
function outSizeVar(n: TensorVariable, p: PoolGeometry, d: 0 | 1): TensorVariable {
  const [ws, st, pad] = [p.ws[d], p.stride[d], p.pad[d]];
  const r = add(n, 2 * pad);
  if (p.ignoreBorder) return maximum(add(intDiv(sub(r, ws), st), 1), 0);
  if (st >= ws) return add(intDiv(sub(r, 1), st), 1);
  return add(maximum(add(intDiv(sub(r, 1 + ws), st), 1), 0), 1);
}

const format =
  (name: string) =>
  ({ ws, stride, pad, ignoreBorder, mode }: Readonly<PoolParams>): string =>
    `${name}{ws=${pair(ws)}, ignore_border=${py(ignoreBorder)}, stride=${pair(stride)}, pad=${pair(pad)}, mode='${mode}'}`;

/** `Pool{ws, ignore_border, stride, pad, mode}`: pools the last two axes of its input. */
export const POOL = defineOp<PoolParams>({
  name: 'pool',
  family: 'nnet',
  inferTypes([x], p) {
    checkImage('Pool', x!);
    return [TensorType.fromShape(x!.dtype, outShape(x!, p))];
  },
  grad([x], [z], [gz], p) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    return [p.mode === 'max' ? maxPoolGrad(x!, z!, gz, p) : averagePoolGrad(x!, gz, p)];
  },
  format: format('Pool'),
  perform: ([x], p, node) => [PP.pool(x!, p, p.mode, node.outputs[0]!.dtype)],
  decompose: ([x], p) => [poolPrimitive(x!, p)],
  inferShape(node, _o, axis, dim, p) {
    const nd = node.inputs[0]!.ndim;
    if (axis < nd - 2) return dim(0, axis);
    return outSizeVar(dim(0, axis), p, (axis - (nd - 2)) as 0 | 1);
  },
});

/** `MaxPoolGrad`: inputs (x, maxout, gz); the gradient of a max pooling with respect to x. */
export const MAX_POOL_GRAD = defineOp<PoolParams>({
  name: 'max_pool_grad',
  family: 'nnet',
  inferTypes([x, maxout, gz]) {
    checkImage('MaxPoolGrad', x!);
    for (const [v, what] of [
      [maxout!, 'maxout'],
      [gz!, 'gz'],
    ] as const) {
      if (v.ndim !== x!.ndim)
        throw new TypeError(`MaxPoolGrad: ${what} (${v.type}) must have the rank of x (${x!.type})`);
    }
    return [x!.type];
  },
  // linear in gz: its gradient takes ggx at the positions of each window's maximum
  grad([x, maxout], _o, [ggx], p) {
    if (!ggx) return [null, null, null];
    return [null, null, maxPoolGradGrad(x!, maxout!, ggx, p)];
  },
  format: format('MaxPoolGrad'),
  perform: ([x, m, gz], p, node) => [PP.maxPoolGrad(x!, m!, gz!, p, node.outputs[0]!.dtype)],
  decompose: ([x, m, gz], p) => [maxPoolGradPrimitive(x!, m!, gz!, p)],
  inferShape: imageShapeOfX,
});

/** `AveragePoolGrad`: inputs (x, gz); the gradient of a sum or average pooling with respect to x. */
export const AVERAGE_POOL_GRAD = defineOp<PoolParams>({
  name: 'average_pool_grad',
  family: 'nnet',
  inferTypes([x, gz]) {
    checkImage('AveragePoolGrad', x!);
    if (gz!.ndim !== x!.ndim)
      throw new TypeError(`AveragePoolGrad: gz (${gz!.type}) must have the rank of x (${x!.type})`);
    return [x!.type];
  },
  // linear in gz: its gradient is the same pooling of ggx
  grad(_i, _o, [ggx], p) {
    if (!ggx) return [null, null];
    return [null, applyPool(ggx, p)];
  },
  format: format('AveragePoolGrad'),
  perform: ([x, gz], p, node) => [PP.averagePoolGrad(x!, gz!, p, p.mode, node.outputs[0]!.dtype)],
  decompose: ([x, gz], p) => [averagePoolGradPrimitive(x!, gz!, p)],
  inferShape: imageShapeOfX,
});

function imageShapeOfX(
  _n: unknown,
  _o: number,
  axis: number,
  dim: (input: number, axis: number) => TensorVariable,
): TensorVariable {
  return dim(0, axis);
}

function applyPool(x: TensorVariable, p: PoolParams): TensorVariable {
  return applyOp(new Op(POOL, p), [x]).outputs[0]!;
}

/** `MaxPoolGrad(x, maxout, gz)`. */
export function maxPoolGrad(
  x: TensorVariable,
  maxout: TensorVariable,
  gz: TensorVariable,
  p: PoolParams,
): TensorVariable {
  return applyOp(new Op(MAX_POOL_GRAD, { ...p, mode: 'max' }), [x, maxout, cast(gz, x.dtype)]).outputs[0]!;
}

/** `AveragePoolGrad(x, gz)` (sum or an average mode). */
export function averagePoolGrad(x: TensorVariable, gz: TensorVariable, p: PoolParams): TensorVariable {
  return applyOp(new Op(AVERAGE_POOL_GRAD, p), [x, cast(gz, x.dtype)]).outputs[0]!;
}

// ------------------------------------------------------------------------------------------ pool2d

function intPair(what: string, v: unknown, min: number): [number, number] {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min;
  if (ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  const kind = min > 0 ? 'positive' : 'non-negative';
  throw new TypeError(`pool2d: ${what} must be two ${kind} integers [rows, cols], got ${JSON.stringify(v)}`);
}

/** The options of `pool2d` (Theano's keyword arguments, camelCase). */
export interface Pool2dOptions {
  /** The window [rows, cols] (required). */
  ws?: number | readonly [number, number];
  /** Whether only whole windows count (true) or a last partial window is kept too (false, Theano 1.0's default). */
  ignoreBorder?: boolean;
  /** The step between windows (default: ws). */
  stride?: number | readonly [number, number];
  /** Implicit padding on each side [rows, cols] (default 0; needs ignoreBorder true, smaller than ws). */
  pad?: number | readonly [number, number];
  /** 'max' (default), 'sum', 'average_inc_pad' (the padding counts) or 'average_exc_pad' (it does not). */
  mode?: PoolMode;
}

/**
 * Checks an options object against the names a function takes: a TypeError naming `fn` and the unknown
 * option (the rule of `theano.tensor`'s `readArgs`).
 */
export function checkOptions(fn: string, opts: unknown, names: readonly string[]): Record<string, unknown> {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError(`${fn}: expected an options object (${names.join(', ')}), got ${JSON.stringify(opts)}`);
  }
  for (const k of Object.keys(opts)) {
    if (!names.includes(k)) throw new TypeError(`${fn}: unknown option '${k}' (its options are ${names.join(', ')})`);
  }
  return opts as Record<string, unknown>;
}

/** Validates `pool2d`'s options into the op's parameters (errors name pool2d and the argument). */
export function poolParams(opts: Pool2dOptions): PoolParams {
  if (opts.ws === undefined || opts.ws === null)
    throw new TypeError('pool2d: ws (the window [rows, cols]) is required');
  const ws = intPair('ws', opts.ws, 1);
  const stride = opts.stride === undefined || opts.stride === null ? ws : intPair('stride', opts.stride, 1);
  const pad = opts.pad === undefined || opts.pad === null ? ([0, 0] as [number, number]) : intPair('pad', opts.pad, 0);
  const ignoreBorder = opts.ignoreBorder ?? false;
  if (typeof ignoreBorder !== 'boolean') {
    throw new TypeError(`pool2d: ignoreBorder must be a boolean, got ${JSON.stringify(ignoreBorder)}`);
  }
  const mode = opts.mode ?? 'max';
  if (!MODES.includes(mode)) {
    throw new TypeError(
      `pool2d: mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(mode)}`,
    );
  }
  if ((pad[0] !== 0 || pad[1] !== 0) && !ignoreBorder) {
    throw new TypeError(
      `pool2d: pad ${pair(pad)} needs ignoreBorder true (Theano pads only then), got ignoreBorder false`,
    );
  }
  if (pad[0] >= ws[0] || pad[1] >= ws[1]) {
    throw new TypeError(`pool2d: pad ${pair(pad)} must be smaller than ws ${pair(ws)} on both axes`);
  }
  return { ws, stride, pad, ignoreBorder, mode };
}

/**
 * `pool2d(input, { ws, ignoreBorder, stride, pad, mode })` (Theano's `pool.pool_2d`): pools the last two
 * axes of `input` (two or more dimensions; the leading ones are kept) with windows of `ws` taken every
 * `stride`. `ignoreBorder` false (the default, as Theano 1.0) keeps a last partial window; `pad` adds
 * implicit borders that max and sum never see and that 'average_inc_pad' counts.
 */
export function pool2d(input: TensorLike, opts: Pool2dOptions = {}): TensorVariable {
  const o = checkOptions('pool2d', opts, ['ws', 'ignoreBorder', 'stride', 'pad', 'mode']) as Pool2dOptions;
  const x = asTensorVariable(input, 'pool2d');
  if (x.ndim < 2) throw new TypeError(`pool2d: input must have at least 2 dimensions, got ${x} (${x.type})`);
  return applyPool(x, poolParams(o));
}

// --------------------------------------------------------------------------- decompositions (slices)

/** The lowest value of a dtype: what max pooling pads with. */
function lowest(x: TensorVariable): number {
  if (isFloatDType(x.dtype)) return Number.NEGATIVE_INFINITY;
  const lows: Record<string, number> = {
    int8: -128,
    int16: -32768,
    int32: -2147483648,
    uint8: 0,
    uint16: 0,
    uint32: 0,
    bool: 0,
  };
  return lows[x.dtype] ?? Number.MIN_SAFE_INTEGER;
}

/** Per image axis: the input size, the number of windows, and the padded size every window fits in. */
interface AxisPlan {
  readonly n: TensorVariable;
  readonly k: TensorVariable;
  readonly total: TensorVariable;
  readonly pad: number;
  readonly ws: number;
  readonly st: number;
}

function plans(x: TensorVariable, p: PoolGeometry): [AxisPlan, AxisPlan] {
  const plan = (d: 0 | 1): AxisPlan => {
    const n = shapeI(x, x.ndim - 2 + d);
    const k = outSizeVar(n, p, d);
    const [ws, st, pad] = [p.ws[d], p.stride[d], p.pad[d]];
    // the windows of a partial border run past the input: pad them to (k - 1)·st + ws
    const total = maximum(add(n, 2 * pad), add(mul(sub(k, 1), st), ws));
    return { n, k, total, pad, ws, st };
  };
  return [plan(0), plan(1)];
}

const ALL: IndexEntry = { kind: 'slice', start: null, stop: null, step: null };
const i64 = (n: number): TensorVariable => constant(n, { dtype: 'int64' });

/** `v` (image axes of sizes n) inside a tensor of `fill` of the padded sizes, at offset pad. */
function padded(v: TensorVariable, fill: number, [h, w]: [AxisPlan, AxisPlan]): TensorVariable {
  const lead = Array.from({ length: v.ndim - 2 }, (_, d) => shapeI(v, d));
  const base = alloc(constant(fill, { dtype: v.dtype }), ...lead, h.total, w.total);
  return inner(base, [h, w], v);
}

/** Zeros of `x`'s padded shape. */
function zerosPadded(x: TensorVariable, [h, w]: [AxisPlan, AxisPlan]): TensorVariable {
  const lead = Array.from({ length: x.ndim - 2 }, (_, d) => shapeI(x, d));
  return alloc(constant(0, { dtype: x.dtype }), ...lead, h.total, w.total);
}

/** The interior (the input's place) of a padded tensor; with `value`, the padded tensor with it set there. */
function inner(t: TensorVariable, [h, w]: [AxisPlan, AxisPlan], value?: TensorVariable): TensorVariable {
  const lead = Array.from({ length: t.ndim - 2 }, () => ALL);
  const e = (a: AxisPlan): IndexEntry => ({ kind: 'slice', start: a.pad, stop: 'v', step: null });
  const view = basicSubtensor(t, [...lead, e(h), e(w)], [add(h.n, i64(h.pad)), add(w.n, i64(w.pad))]);
  return value ? updateViewOnce(view, value, true)! : view;
}

/** The elements at window offset (i, j) of every window: a strided slice of the padded tensor. */
function offsetView(t: TensorVariable, [h, w]: [AxisPlan, AxisPlan], i: number, j: number): TensorVariable {
  const lead = Array.from({ length: t.ndim - 2 }, () => ALL);
  const e = (start: number, ap: AxisPlan): IndexEntry => ({ kind: 'slice', start, stop: 'v', step: ap.st });
  // stop = start + (k - 1)·st + 1, at least start (no window: an empty slice)
  const stop = (start: number, ap: AxisPlan) => add(maximum(add(mul(sub(ap.k, 1), ap.st), 1), 0), start);
  return basicSubtensor(t, [...lead, e(i, h), e(j, w)], [stop(i, h), stop(j, w)]);
}

function offsets(p: PoolGeometry): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < p.ws[0]; i++) for (let j = 0; j < p.ws[1]; j++) out.push([i, j]);
  return out;
}

/** The number of input elements (or, for 'average_inc_pad', padded positions) in each window: (k0, k1). */
function windowCounts(x: TensorVariable, pl: [AxisPlan, AxisPlan], p: PoolParams): TensorVariable {
  if (p.mode === 'average_inc_pad' && p.ignoreBorder) return constant(p.ws[0] * p.ws[1], { dtype: x.dtype });
  const ones = alloc(constant(1, { dtype: x.dtype }), pl[0].n, pl[1].n);
  const mask = padded(ones, 0, pl);
  return offsets(p)
    .map(([i, j]) => offsetView(mask, pl, i, j))
    .reduce((s, v) => add(s, v));
}

/** `Pool` as strided slices of the padded input, combined by maximum or addition. */
export function poolPrimitive(x: TensorVariable, p: PoolParams): TensorVariable {
  const pl = plans(x, p);
  const y = padded(x, p.mode === 'max' ? lowest(x) : 0, pl);
  const views = offsets(p).map(([i, j]) => offsetView(y, pl, i, j));
  if (p.mode === 'max') return views.reduce((m, v) => maximum(m, v));
  const s = views.reduce((m, v) => add(m, v));
  if (p.mode === 'sum') return s;
  return cast(trueDiv(s, windowCounts(x, pl, p)), x.dtype);
}

/** `MaxPoolGrad` as slices: each offset's gz where the element equals its window's maximum, added back. */
export function maxPoolGradPrimitive(
  x: TensorVariable,
  maxout: TensorVariable,
  gz: TensorVariable,
  p: PoolParams,
): TensorVariable {
  const pl = plans(x, p);
  const y = padded(x, lowest(x), pl);
  let g = zerosPadded(x, pl);
  for (const [i, j] of offsets(p)) {
    const hit = cast(eq(offsetView(y, pl, i, j), maxout), x.dtype);
    g = updateViewOnce(offsetView(g, pl, i, j), mul(gz, hit), false)!;
  }
  return inner(g, pl);
}

/** `AveragePoolGrad` as slices: each window's gz (over its count for the averages) added to its elements. */
export function averagePoolGradPrimitive(x: TensorVariable, gz: TensorVariable, p: PoolParams): TensorVariable {
  const pl = plans(x, p);
  const share = cast(p.mode === 'sum' ? gz : trueDiv(gz, windowCounts(x, pl, p)), x.dtype);
  let g = zerosPadded(x, pl);
  for (const [i, j] of offsets(p)) g = updateViewOnce(offsetView(g, pl, i, j), share, false)!;
  return inner(g, pl);
}

/**
 * The gradient of `MaxPoolGrad` with respect to gz (Theano's `DownsampleFactorMaxGradGrad`): per window, ggx
 * at the elements equal to its maximum (added up where the maximum is tied).
 */
export function maxPoolGradGrad(
  x: TensorVariable,
  maxout: TensorVariable,
  ggx: TensorVariable,
  p: PoolParams,
): TensorVariable {
  const pl = plans(x, p);
  const y = padded(x, lowest(x), pl);
  const gg = padded(cast(ggx, x.dtype), 0, pl);
  return offsets(p)
    .map(([i, j]) => mul(offsetView(gg, pl, i, j), cast(eq(offsetView(y, pl, i, j), maxout), x.dtype)))
    .reduce((s, v) => add(s, v));
}

/** `T.signal.pool`: Theano's `theano.tensor.signal.pool` module. */
export const signalPool = Object.freeze({ pool2d, pool_2d: pool2d });
