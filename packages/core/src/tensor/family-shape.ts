/**
 * The tensor module's shape and joining (squeeze, expandDims, concatenate, stack, split, tile, repeat, roll, flip, ...): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `SHAPE_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { asTensorVariable } from '../graph/constant.js';
import { type TensorLike, TensorVariable } from '../graph/variable.js';
import { mod } from '../ops/elemwise.js';
import { clip } from '../ops/extended.js';
import * as sh from '../ops/shape.js';
import * as sf from '../ops/shape-functions.js';
import * as sj from '../ops/shape-join.js';
import { readArgs } from './args.js';
import { installMethods } from './install.js';

type Shape = readonly (number | TensorVariable)[] | TensorVariable;

/** `T.reshape(x, newshape, ndim?)`; `ndim` may come as `{ ndim }`. */
export function reshape(x: TensorLike, newShape: Shape, ...rest: unknown[]): TensorVariable {
  const { ndim } = readArgs('reshape', ['ndim'], rest);
  if (ndim !== undefined && ndim !== null && typeof ndim !== 'number') {
    throw new TypeError(`reshape: ndim must be a number, got ${String(ndim)}`);
  }
  return sh.reshape(x, newShape, (ndim ?? undefined) as number | undefined);
}

/** `T.flatten(x, ndim=1)`; `ndim` may come as `{ ndim }`. */
export function flatten(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { ndim } = readArgs('flatten', ['ndim'], rest);
  return sh.flatten(x, (ndim ?? 1) as number);
}

/** `T.concatenate(xs, axis=0)`; `axis` may come as `{ axis }`. */
function concatenate(xs: readonly TensorLike[], ...rest: unknown[]): TensorVariable {
  const { axis } = readArgs('concatenate', ['axis'], rest);
  return sf.concatenate(xs, (axis ?? 0) as number | TensorVariable);
}

/** `T.stack(xs, axis=0)`; `axis` may come as `{ axis }`; Theano's older `T.stack(a, b, c)` stacks its arguments on axis 0. */
function stack(xs: readonly TensorLike[] | TensorVariable, ...rest: unknown[]): TensorVariable {
  if (!Array.isArray(xs)) return sf.stack([xs as TensorVariable, ...(rest as TensorLike[])], 0);
  const { axis } = readArgs('stack', ['axis'], rest);
  return sf.stack(xs as readonly TensorLike[], (axis ?? 0) as number);
}

/** `T.split(x, splits, nSplits, axis=0)`; `axis` may come as `{ axis }`. */
function split(x: TensorLike, splits: Shape, nSplits: number, ...rest: unknown[]): TensorVariable[] {
  const { axis } = readArgs('split', ['axis'], rest);
  return sj.split(x, splits, nSplits, (axis ?? 0) as number | TensorVariable);
}

/** `T.repeat(x, repeats, axis=null)`; `axis` may come as `{ axis }`. */
function repeat(
  x: TensorLike,
  repeats: number | readonly number[] | TensorVariable,
  ...rest: unknown[]
): TensorVariable {
  const { axis } = readArgs('repeat', ['axis'], rest);
  return sj.repeat(x, repeats, (axis ?? null) as number | null);
}

/** `T.roll(x, shift, axis=null)`; `axis` may come as `{ axis }`. */
function roll(
  x: TensorLike,
  shift: number | TensorVariable | readonly (number | TensorVariable)[],
  ...rest: unknown[]
): TensorVariable {
  const { axis } = readArgs('roll', ['axis'], rest);
  return sf.roll(x, shift, (axis ?? null) as number | number[] | null);
}

/** `T.flip(x, axis=null)`; `axis` may come as `{ axis }`. */
function flip(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axis } = readArgs('flip', ['axis'], rest);
  return sj.flip(x, (axis ?? null) as number | number[] | null);
}

/** `T.squeeze(x, axis?)`; `axis` may come as `{ axis }`. */
function squeeze(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axis } = readArgs('squeeze', ['axis'], rest);
  return sf.squeeze(x, axis as number | number[] | null | undefined);
}

/** `T.expandDims(x, axis)`. */
function expandDims(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axis } = readArgs('expandDims', ['axis'], rest);
  if (axis === undefined) throw new TypeError('expandDims: the axis is required');
  return sf.expandDims(x, axis as number | number[]);
}

/** `T.shapePadleft(x, nOnes=1)`. */
function shapePadleft(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { nOnes } = readArgs('shapePadleft', ['nOnes'], rest);
  return sf.shapePadleft(x, (nOnes ?? 1) as number);
}

/** `T.shapePadright(x, nOnes=1)`. */
function shapePadright(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { nOnes } = readArgs('shapePadright', ['nOnes'], rest);
  return sf.shapePadright(x, (nOnes ?? 1) as number);
}

/** `T.shapePadaxis(x, axis)`. */
function shapePadaxis(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axis } = readArgs('shapePadaxis', ['axis'], rest);
  if (axis === undefined) throw new TypeError('shapePadaxis: the axis is required');
  return sf.shapePadaxis(x, axis as number);
}

/** `T.tile(x, reps)`. */
function tile(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { reps } = readArgs('tile', ['reps'], rest);
  if (reps === undefined) throw new TypeError('tile: reps is required');
  return sf.tile(x, reps as number | number[] | TensorVariable);
}

/** The family's functions of `theano.tensor`. */
export const SHAPE_FUNCTIONS = {
  reshape,
  flatten,
  ravel,
  swapaxes,
  moveaxis,
  shapePadleft,
  shapePadright,
  shapePadaxis,
  addbroadcast: sj.addbroadcast,
  unbroadcast: sj.unbroadcast,
  patternbroadcast,
  squeeze,
  expandDims,
  broadcastTo,
  join: sj.join,
  concatenate,
  stack,
  split,
  tile,
  repeat,
  roll,
  flip,
  choose,
  stacklists: sf.stacklists,
} as const;

/** `T.swapaxes(x, axis1, axis2)`; the axes may come as `{ axis1, axis2 }`. */
function swapaxes(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axis1, axis2 } = readArgs('swapaxes', ['axis1', 'axis2'], rest);
  return sf.swapaxes(x, axis1 as number, axis2 as number);
}

/** `T.moveaxis(x, source, destination)`; also as `{ source, destination }`. */
function moveaxis(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { source, destination } = readArgs('moveaxis', ['source', 'destination'], rest);
  return sf.moveaxis(x, source as number | readonly number[], destination as number | readonly number[]);
}

/** `T.ravel(x)` (no options). */
function ravel(x: TensorLike, ...rest: unknown[]): TensorVariable {
  readArgs('ravel', [], rest);
  return sf.ravel(x);
}

/** `T.broadcastTo(x, shape)`; also as `{ shape }`. */
function broadcastTo(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { shape } = readArgs('broadcastTo', ['shape'], rest);
  return sj.broadcastTo(x, shape as Shape);
}

/** `T.patternbroadcast(x, broadcastable)`; also as `{ broadcastable }`. */
function patternbroadcast(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { broadcastable } = readArgs('patternbroadcast', ['broadcastable'], rest);
  return sj.patternbroadcast(x, broadcastable as readonly boolean[]);
}

/**
 * `T.choose(a, choices, mode)` (numpy): mode 'raise' (the default) rejects an index outside
 * [0, n); 'wrap' takes it modulo n; 'clip' clamps it into [0, n - 1].
 */
export function choose(
  a: TensorLike,
  choices: readonly TensorLike[] | TensorVariable,
  ...rest: unknown[]
): TensorVariable {
  const { mode } = readArgs('choose', ['mode'], rest);
  const m = mode ?? 'raise';
  if (m !== 'raise' && m !== 'wrap' && m !== 'clip') {
    throw new TypeError(`choose: mode must be 'raise', 'wrap' or 'clip', got ${JSON.stringify(m)}`);
  }
  let idx = asTensorVariable(a, 'choose');
  const n = choices instanceof TensorVariable ? choices.type.shape[0] : choices.length;
  if (m !== 'raise' && typeof n === 'number') {
    idx = m === 'wrap' ? mod(idx, n) : clip(idx, 0, Math.max(n - 1, 0));
  }
  return sj.choose(idx, choices);
}

/** The family's methods of variables. */
abstract class ShapeMethods {
  /** Reshapes to `shape` (one -1 allowed); `x.reshape(s, 3)` = `x.reshape(s, { ndim: 3 })`. */
  reshape(this: TensorVariable, newShape: Shape, ...rest: unknown[]): TensorVariable {
    return reshape(this, newShape, ...rest);
  }
  /** Flattens to `ndim` dimensions (1 by default); `x.flatten(2)` = `x.flatten({ ndim: 2 })`. */
  flatten(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return flatten(this, ...rest);
  }
  /** `x.ravel()`: flattened to one dimension. */
  ravel(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return ravel(this, ...rest);
  }
  /** `x.squeeze(axis?)`. */
  squeeze(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return squeeze(this, ...rest);
  }
  /** `x.swapaxes(a, b)`. */
  swapaxes(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return swapaxes(this, ...rest);
  }
  /** numpy's `choose`: picks each element from `choices[this]` (`T.choose(a, choices, mode)`). */
  choose(this: TensorVariable, choices: readonly TensorLike[] | TensorVariable, ...rest: unknown[]): TensorVariable {
    return choose(this, choices, ...rest);
  }
  /** `x.repeat(repeats, axis=null)`. */
  repeat(
    this: TensorVariable,
    repeats: number | readonly number[] | TensorVariable,
    ...rest: unknown[]
  ): TensorVariable {
    return repeat(this, repeats, ...rest);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<ShapeMethods, keyof ShapeMethods> {}
}

installMethods(ShapeMethods);
