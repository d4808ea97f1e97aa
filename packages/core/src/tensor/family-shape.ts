/**
 * The tensor module's shape and joining (squeeze, expandDims, concatenate, stack, split, tile, repeat, roll, flip, ...): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `SHAPE_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import type { TensorLike, TensorVariable } from '../graph/variable.js';
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
  ravel: sf.ravel,
  swapaxes: sf.swapaxes,
  moveaxis: sf.moveaxis,
  shapePadleft,
  shapePadright,
  shapePadaxis,
  addbroadcast: sj.addbroadcast,
  unbroadcast: sj.unbroadcast,
  patternbroadcast: sj.patternbroadcast,
  squeeze,
  expandDims,
  broadcastTo: sj.broadcastTo,
  join: sj.join,
  concatenate,
  stack,
  split,
  tile,
  repeat,
  roll,
  flip,
  choose: sj.choose,
  stacklists: sf.stacklists,
} as const;

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
  ravel(this: TensorVariable): TensorVariable {
    return sf.ravel(this);
  }
  /** `x.squeeze(axis?)`. */
  squeeze(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return squeeze(this, ...rest);
  }
  /** `x.swapaxes(a, b)`. */
  swapaxes(this: TensorVariable, axis1: number, axis2: number): TensorVariable {
    return sf.swapaxes(this, axis1, axis2);
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
