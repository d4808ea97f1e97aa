/**
 * `T.nnet.conv2d` and `T.nnet.conv2dTranspose` (Theano's `theano.tensor.nnet.conv2d` and `conv2d_transpose`):
 * the options read and checked, then one `Conv2d` or `Conv2dGradInputs` node.
 */
import { isDiscreteDType, promoteTypes, upgradeToFloat } from '../dtype.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { type TensorLike, TensorVariable } from '../graph/variable.js';
import { type ConvParams, conv2dGradInputsOp, conv2dOp } from './conv.js';
import { cast } from './elemwise.js';
import { subtensor } from './subtensor.js';

/** How `conv2d` pads its input: Theano's `border_mode`. */
export type BorderMode = 'valid' | 'full' | 'half' | number | readonly [number, number];

/** The options of `conv2d` (Theano's keyword arguments, camelCase). */
export interface Conv2dOptions {
  /** The input's shape (batch, channels, rows, cols), null where unknown: checked against the input's type. */
  inputShape?: readonly (number | null)[] | null;
  /** The filters' shape (out channels, in channels / groups, rows, cols), null where unknown: checked likewise. */
  filterShape?: readonly (number | null)[] | null;
  /** 'valid' (no padding, the default), 'full', 'half', or zeros on each side: one count or (rows, cols). */
  borderMode?: BorderMode;
  /** The strides (rows, cols), or one for both (default 1). */
  subsample?: number | readonly [number, number];
  /** True (default): flip the filters, a true convolution as Theano; false: a cross-correlation. */
  filterFlip?: boolean;
  /** The filter dilation (rows, cols), or one for both (default 1). */
  filterDilation?: number | readonly [number, number];
  /** The number of channel groups (default 1). */
  numGroups?: number;
}

/** The options of `conv2dTranspose`: those of `conv2d` it applies to, and the output's shape. */
export interface Conv2dTransposeOptions extends Omit<Conv2dOptions, 'inputShape'> {
  /** The output's shape (batch, channels, rows, cols): its rows and cols are required (ints or int scalars). */
  outputShape?: readonly (TensorLike | null)[] | TensorVariable;
  /** Theano's name for `subsample` here (`input_dilation`): the forward convolution's strides. */
  inputDilation?: number | readonly [number, number];
}

const CONV_NAMES = [
  'inputShape',
  'filterShape',
  'borderMode',
  'subsample',
  'filterFlip',
  'filterDilation',
  'numGroups',
] as const;

const TRANSPOSE_NAMES = [
  'outputShape',
  'filterShape',
  'borderMode',
  'subsample',
  'filterFlip',
  'filterDilation',
  'numGroups',
  'inputDilation',
] as const;

/**
 * Theano's argument rule for these functions (the ops layer cannot import the sugar's `readArgs`): the
 * options in `names` order, positionally, and/or in a trailing plain object; an unknown option is a TypeError.
 */
function readArgs<K extends string>(fn: string, names: readonly K[], rest: readonly unknown[]): Record<K, unknown> {
  const out = {} as Record<K, unknown>;
  const last = rest[rest.length - 1];
  const isOptions =
    typeof last === 'object' &&
    last !== null &&
    !Array.isArray(last) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(last));
  const positional = isOptions ? rest.slice(0, -1) : rest;
  if (positional.length > names.length) {
    throw new TypeError(
      `${fn}: expected at most ${names.length} arguments after input and filters, got ${positional.length}`,
    );
  }
  positional.forEach((v, i) => {
    out[names[i]!] = v;
  });
  if (isOptions) {
    for (const [k, v] of Object.entries(last as Record<string, unknown>)) {
      const i = (names as readonly string[]).indexOf(k);
      if (i < 0) throw new TypeError(`${fn}: unknown option '${k}' (its options are ${names.join(', ')})`);
      if (v === undefined) continue;
      if (i < positional.length) throw new TypeError(`${fn}: '${k}' is given both as an argument and as an option`);
      out[k as K] = v;
    }
  }
  return out;
}

const isNatural = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isPosInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

function readBorder(fn: string, b: unknown): ConvParams['border'] {
  if (b === undefined || b === 'valid') return [0, 0];
  if (b === 'full' || b === 'half') return b;
  if (isNatural(b)) return [b, b];
  if (Array.isArray(b) && b.length === 2 && b.every(isNatural)) return [b[0], b[1]];
  throw new TypeError(
    `${fn}: borderMode must be 'valid', 'full', 'half', a non-negative integer or two of them, got ${JSON.stringify(b)}`,
  );
}

function readPair(fn: string, name: string, v: unknown): [number, number] {
  if (v === undefined) return [1, 1];
  if (isPosInt(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every(isPosInt)) return [v[0], v[1]];
  throw new TypeError(`${fn}: ${name} must be a positive integer or two of them, got ${JSON.stringify(v)}`);
}

function readParams(fn: string, o: Record<string, unknown>): ConvParams {
  const groups = o.numGroups ?? 1;
  if (!isPosInt(groups)) throw new TypeError(`${fn}: numGroups must be a positive integer, got ${String(groups)}`);
  const flip = o.filterFlip ?? true;
  if (typeof flip !== 'boolean') throw new TypeError(`${fn}: filterFlip must be a boolean, got ${String(flip)}`);
  return {
    border: readBorder(fn, o.borderMode),
    subsample: readPair(fn, 'subsample', o.subsample),
    dilation: readPair(fn, 'filterDilation', o.filterDilation),
    groups,
    filterFlip: flip,
  };
}

/** Checks a shape hint (4 sizes or nulls) against the static shape of `v`. */
function checkHint(fn: string, name: string, hint: unknown, v: TensorVariable): void {
  if (hint === undefined || hint === null) return;
  if (!Array.isArray(hint) || hint.length !== 4 || !hint.every((d) => d === null || isNatural(d))) {
    throw new TypeError(`${fn}: ${name} must be 4 sizes (or nulls), got ${JSON.stringify(hint)}`);
  }
  if (v.ndim !== 4) return; // the op names the wrong rank
  hint.forEach((d, k) => {
    const s = v.type.shape[k];
    if (d !== null && s !== null && s !== d) {
      throw new TypeError(`${fn}: ${name} says dimension ${k} is ${d}, but ${v} (${v.type}) has ${s}`);
    }
  });
}

function floatPair(fn: string, a: TensorLike, b: TensorLike): [TensorVariable, TensorVariable] {
  const x = asTensorVariable(a, fn);
  const w = asTensorVariable(b, fn);
  const d = upgradeToFloat(promoteTypes(x.dtype, w.dtype));
  const to = (v: TensorVariable) => (v.dtype === d ? v : cast(v, d));
  if (isDiscreteDType(d)) throw new TypeError(`${fn}: expected float operands`);
  return [to(x), to(w)];
}

/**
 * `conv2d(input, filters, options)`: the 2-D convolution of a batch of images (batch, channels, rows, cols)
 * by filters (output channels, channels / numGroups, rows, cols), Theano's semantics: the filters are flipped
 * (a true convolution) unless `filterFlip` is false. The output is (batch, output channels, out rows, out
 * cols) with `out = (size + 2·pad - dilated kernel) // stride + 1`. Integer operands are cast to float.
 */
export function conv2d(input: TensorLike, filters: TensorLike, options?: Conv2dOptions): TensorVariable;
/** `conv2d` with Theano's positional arguments (`inputShape, filterShape, borderMode, subsample, ...`). */
export function conv2d(input: TensorLike, filters: TensorLike, ...rest: unknown[]): TensorVariable;
export function conv2d(input: TensorLike, filters: TensorLike, ...rest: unknown[]): TensorVariable {
  const fn = 'conv2d';
  const o = readArgs(fn, CONV_NAMES, rest);
  const [x, w] = floatPair(fn, input, filters);
  checkHint(fn, 'inputShape', o.inputShape, x);
  checkHint(fn, 'filterShape', o.filterShape, w);
  return conv2dOp(x, w, readParams(fn, o));
}

/** Rows or cols of an output shape: a number, an int scalar, or entry `k` of an int vector. */
function outputSize(fn: string, shape: unknown, k: number): TensorLike {
  if (shape instanceof TensorVariable) {
    if (shape.ndim !== 1) throw new TypeError(`${fn}: outputShape must be a vector of 4 sizes, got ${shape.type}`);
    return subtensor(shape, k);
  }
  if (!Array.isArray(shape) || (shape.length !== 4 && shape.length !== 2)) {
    throw new TypeError(
      `${fn}: outputShape must give the output's (batch, channels, rows, cols), got ${JSON.stringify(shape)}`,
    );
  }
  const v = shape[shape.length - 4 + k] as unknown;
  if (isNatural(v)) return constant(v, { dtype: 'int64' });
  if (v instanceof TensorVariable) return v;
  throw new TypeError(`${fn}: outputShape's ${k === 2 ? 'rows' : 'cols'} must be a size, got ${String(v)}`);
}

/**
 * `conv2dTranspose(input, filters, { outputShape, ... })`: the transposed convolution, the gradient of
 * `conv2d(out, filters, options)` with respect to `out` (of shape `outputShape`) applied to `input`.
 * `filters` has conv2d's layout: (channels of `input`, output channels / numGroups, rows, cols).
 */
export function conv2dTranspose(
  input: TensorLike,
  filters: TensorLike,
  options?: Conv2dTransposeOptions,
): TensorVariable;
/** `conv2dTranspose` with Theano's positional arguments (`outputShape, filterShape, borderMode, ...`). */
export function conv2dTranspose(input: TensorLike, filters: TensorLike, ...rest: unknown[]): TensorVariable;
export function conv2dTranspose(input: TensorLike, filters: TensorLike, ...rest: unknown[]): TensorVariable {
  const fn = 'conv2dTranspose';
  const o = readArgs(fn, TRANSPOSE_NAMES, rest);
  if (o.outputShape === undefined || o.outputShape === null) {
    throw new TypeError(`${fn}: outputShape is required (the output's rows and cols are ambiguous with strides)`);
  }
  const [gz, w] = floatPair(fn, input, filters);
  checkHint(fn, 'filterShape', o.filterShape, w);
  const rows = outputSize(fn, o.outputShape, 2);
  const cols = outputSize(fn, o.outputShape, 3);
  if (o.inputDilation !== undefined) {
    if (o.subsample !== undefined) {
      throw new TypeError(`${fn}: give subsample or inputDilation (Theano's name for it), not both`);
    }
    o.subsample = o.inputDilation;
  }
  const p = readParams(fn, o);
  if (Array.isArray(o.outputShape) && o.outputShape.length === 4 && gz.ndim === 4 && w.ndim === 4) {
    const [n, c] = o.outputShape as unknown[];
    const knownN = gz.type.shape[0];
    const knownC = w.type.shape[1] === null ? null : w.type.shape[1]! * p.groups;
    if (isNatural(n) && knownN !== null && n !== knownN) {
      throw new TypeError(`${fn}: outputShape's batch is ${n}, but the input ${gz} (${gz.type}) has ${knownN}`);
    }
    if (isNatural(c) && knownC !== null && c !== knownC) {
      throw new TypeError(
        `${fn}: outputShape's channels are ${c}, but the filters (${w.type}) make ${knownC} (their axis 1 × numGroups)`,
      );
    }
  }
  return conv2dGradInputsOp(w, gz, rows, cols, p);
}
