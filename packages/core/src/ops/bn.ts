/**
 * Batch normalization (Theano's `theano.tensor.nnet.bn`), composed of reductions and elementwise ops, as
 * Theano's abstract batch-norm ops reduce to on the CPU: every backend runs it and the gradients come from
 * the parts. `batchNormalizationTrain` normalizes with the batch's statistics (and updates running
 * averages), `batchNormalizationTest` with given ones, `batchNormalization` is the older elementwise form.
 */
import { isDiscreteDType } from '../dtype.js';
import { asTensorVariable } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { add, cast, mul, sqrt, sub, trueDiv } from './elemwise.js';
import { sqr } from './extended.js';
import { checkOptions } from './pool.js';
import { mean } from './reduce.js';
import { dimshuffle, shapeI } from './shape.js';

/** Which axes batch normalization averages over: 'per-activation' (0), 'spatial' (0, 2, 3, ...) or a list. */
export type BnAxes = 'per-activation' | 'spatial' | readonly number[];

/** Options of `batchNormalizationTrain` (Theano's keyword arguments, camelCase). */
export interface BnTrainOptions {
  /** The normalization axes (default 'per-activation'). */
  axes?: BnAxes;
  /** Added to the variance before its square root (default 1e-4, at least 1e-5 as Theano). */
  epsilon?: number;
  /** The weight of this batch in the running averages (default 0.1). */
  runningAverageFactor?: number;
  /** The running mean to update: a new one is returned after the batch's (out, mean, invstd). */
  runningMean?: TensorLike;
  /** The running variance to update (with the unbiased variance of the batch). */
  runningVar?: TensorLike;
}

/** Options of `batchNormalizationTest`. */
export interface BnTestOptions {
  /** The normalization axes (default 'per-activation'). */
  axes?: BnAxes;
  /** Added to the variance before its square root (default 1e-4, at least 1e-5 as Theano). */
  epsilon?: number;
}

function floatOf(x: TensorLike, fn: string, what: string): TensorVariable {
  const v = asTensorVariable(x, `${fn}: ${what}`);
  return isDiscreteDType(v.dtype) ? cast(v, 'float64') : v;
}

function axesOf(fn: string, axes: unknown, ndim: number): number[] {
  if (axes === undefined || axes === 'per-activation') return [0];
  if (axes === 'spatial') return [0, ...Array.from({ length: Math.max(0, ndim - 2) }, (_, k) => k + 2)];
  if (Array.isArray(axes) && axes.every((a) => Number.isInteger(a) && a >= 0 && a < ndim)) {
    return [...new Set(axes as number[])].sort((a, b) => a - b);
  }
  throw new TypeError(
    `${fn}: axes must be 'per-activation', 'spatial' or a list of axes in [0, ${ndim}), got ${JSON.stringify(axes)}`,
  );
}

function epsilonOf(fn: string, eps: unknown): number {
  const e = eps ?? 1e-4;
  if (typeof e !== 'number' || !(e >= 1e-5))
    throw new TypeError(`${fn}: epsilon must be a number >= 1e-5 (as Theano), got ${JSON.stringify(eps)}`);
  return e;
}

/**
 * A parameter (gamma, beta, mean, ...) at the rank of the input: given with the normalization axes dropped,
 * they are put back as broadcastable axes. Returns it and whether it was given with the axes dropped.
 */
function atInputRank(fn: string, what: string, p: TensorVariable, ndim: number, axes: readonly number[]) {
  if (p.ndim === ndim) return { v: p, dropped: false };
  if (p.ndim === ndim - axes.length) {
    let k = 0;
    const order = Array.from({ length: ndim }, (_, d) => (axes.includes(d) ? ('x' as const) : k++));
    return { v: dimshuffle(p, order), dropped: true };
  }
  throw new TypeError(
    `${fn}: ${what} (${p.type}) must have the input's ${ndim} dimensions, or ${ndim - axes.length} with the axes (${axes.join(', ')}) left out`,
  );
}

/** Drops the normalization axes (size 1) of a statistic, when the parameters were given without them. */
function dropAxes(v: TensorVariable, axes: readonly number[], dropped: boolean): TensorVariable {
  if (!dropped) return v;
  return dimshuffle(
    v,
    Array.from({ length: v.ndim }, (_, d) => d).filter((d) => !axes.includes(d)),
  );
}

/**
 * `batchNormalizationTrain(x, gamma, beta, { axes, epsilon, runningAverageFactor, runningMean, runningVar })`
 * (Theano's `bn.batch_normalization_train`): `[out, mean, invstd]` with `out = (x - mean) · gamma · invstd +
 * beta`, the mean and biased variance taken over `axes`, `invstd = 1 / sqrt(var + epsilon)`; with
 * `runningMean` / `runningVar`, also their new values (in that order): `running · (1 - f) + batch · f`, the
 * variance term unbiased (`var · m / (m - 1)`, m the number of values averaged).
 */
export function batchNormalizationTrain(
  inputs: TensorLike,
  gamma: TensorLike,
  beta: TensorLike,
  opts: BnTrainOptions = {},
): TensorVariable[] {
  const fn = 'batchNormalizationTrain';
  const o = checkOptions(fn, opts, ['axes', 'epsilon', 'runningAverageFactor', 'runningMean', 'runningVar']);
  const x = floatOf(inputs, fn, 'inputs');
  const axes = axesOf(fn, o.axes, x.ndim);
  const eps = epsilonOf(fn, o.epsilon);
  const f = o.runningAverageFactor ?? 0.1;
  if (typeof f !== 'number' || !Number.isFinite(f)) {
    throw new TypeError(`${fn}: runningAverageFactor must be a number, got ${JSON.stringify(o.runningAverageFactor)}`);
  }
  const g = atInputRank(fn, 'gamma', floatOf(gamma, fn, 'gamma'), x.ndim, axes);
  const b = atInputRank(fn, 'beta', floatOf(beta, fn, 'beta'), x.ndim, axes);
  const m = mean(x, { axis: axes, keepdims: true });
  const centered = sub(x, m);
  const variance = mean(sqr(centered), { axis: axes, keepdims: true });
  const invstd = trueDiv(1, sqrt(add(variance, eps)));
  const out = add(mul(centered, mul(g.v, invstd)), b.v);
  const dropped = g.dropped;
  const results = [out, dropAxes(m, axes, dropped), dropAxes(invstd, axes, dropped)];
  if (o.runningMean !== undefined && o.runningMean !== null) {
    const rm = atInputRank(fn, 'runningMean', floatOf(o.runningMean as TensorLike, fn, 'runningMean'), x.ndim, axes);
    results.push(dropAxes(add(mul(rm.v, 1 - f), mul(m, f)), axes, rm.dropped));
  }
  if (o.runningVar !== undefined && o.runningVar !== null) {
    const rv = atInputRank(fn, 'runningVar', floatOf(o.runningVar as TensorLike, fn, 'runningVar'), x.ndim, axes);
    const count = cast(
      axes.map((d) => shapeI(x, d)).reduce((p, q) => mul(p, q)),
      x.dtype,
    );
    const unbiased = mul(variance, trueDiv(count, sub(count, 1)));
    results.push(dropAxes(add(mul(rv.v, 1 - f), mul(unbiased, f)), axes, rv.dropped));
  }
  return results;
}

/**
 * `batchNormalizationTest(x, gamma, beta, mean, var, { axes, epsilon })` (Theano's
 * `bn.batch_normalization_test`): `(x - mean) · gamma / sqrt(var + epsilon) + beta` with the given statistics.
 */
export function batchNormalizationTest(
  inputs: TensorLike,
  gamma: TensorLike,
  beta: TensorLike,
  mean_: TensorLike,
  var_: TensorLike,
  opts: BnTestOptions = {},
): TensorVariable {
  const fn = 'batchNormalizationTest';
  const o = checkOptions(fn, opts, ['axes', 'epsilon']);
  const x = floatOf(inputs, fn, 'inputs');
  const axes = axesOf(fn, o.axes, x.ndim);
  const eps = epsilonOf(fn, o.epsilon);
  const [g, b, m, v] = (
    [
      ['gamma', gamma],
      ['beta', beta],
      ['mean', mean_],
      ['var', var_],
    ] as const
  ).map(([what, p]) => atInputRank(fn, what, floatOf(p, fn, what), x.ndim, axes).v);
  return add(mul(sub(x, m!), trueDiv(g!, sqrt(add(v!, eps)))), b!);
}

/**
 * `batchNormalization(inputs, gamma, beta, mean, std, mode)` (Theano's `nnet.batch_normalization`):
 * `(inputs - mean) · (gamma / std) + beta`, elementwise with broadcasting. `mode` ('low_mem' or 'high_mem')
 * picks Theano's memory trade-off; both compute the same values here.
 */
export function batchNormalization(
  inputs: TensorLike,
  gamma: TensorLike,
  beta: TensorLike,
  mean_: TensorLike,
  std: TensorLike,
  mode: 'low_mem' | 'high_mem' = 'low_mem',
): TensorVariable {
  const fn = 'batchNormalization';
  if (mode !== 'low_mem' && mode !== 'high_mem') {
    throw new TypeError(`${fn}: mode must be 'low_mem' or 'high_mem', got ${JSON.stringify(mode)}`);
  }
  const x = floatOf(inputs, fn, 'inputs');
  return add(mul(sub(x, mean_), trueDiv(gamma, std)), beta);
}

/** `T.nnet.bn`: Theano's `theano.tensor.nnet.bn` module. */
export const bn = Object.freeze({
  batchNormalizationTrain,
  batch_normalization_train: batchNormalizationTrain,
  batchNormalizationTest,
  batch_normalization_test: batchNormalizationTest,
});
