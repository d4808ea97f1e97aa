/**
 * The fuzzer's graph description: a plain tree (JSON-like data, so fast-check can generate and shrink it)
 * that `buildGraph` turns into a theano-ts graph and into TypeScript a user can paste. Shapes are decided
 * top-down when it is generated, so every description is well-typed in shape; dtypes flow bottom-up and the
 * builder repairs the combinations an op rejects (see `build.ts`).
 */

/** The dtypes the fuzzer feeds its inputs. int64 and uint64 are left out until ref computes them exactly (issue 12, point 3). */
export type FuzzDType = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'bool';

/** The dtypes of inputs, in the order fast-check shrinks towards (float64 first). */
export const FUZZ_DTYPES: readonly FuzzDType[] = ['float64', 'float32', 'int32', 'int8', 'int16', 'bool'];

/** One index of a basic (`Subtensor`) index: an integer, or the slice `start:stop` (step 1), or `::-1`. */
export type BasicIndex =
  | { readonly k: 'int'; readonly i: number }
  | { readonly k: 'range'; readonly start: number; readonly stop: number }
  | { readonly k: 'reverse' };

/** A node of a graph description. */
export type Desc =
  /** A function input: its dtype, shape and the value the call passes (row-major). */
  | {
      readonly k: 'input';
      readonly dtype: FuzzDType;
      readonly shape: readonly number[];
      readonly values: readonly number[];
    }
  /** A JS number given where a variable is accepted: a weak constant (`T.add(x, 2.5)`). */
  | { readonly k: 'number'; readonly value: number }
  /** An elementwise function of one argument from core's scalar op table (`T.exp(x)`). */
  | { readonly k: 'unary'; readonly op: string; readonly x: Desc }
  /** An elementwise function of two arguments, broadcast (`T.add(a, b)`). */
  | { readonly k: 'binary'; readonly op: string; readonly a: Desc; readonly b: Desc }
  /** `T.switch(c, a, b)`. */
  | { readonly k: 'switch'; readonly c: Desc; readonly a: Desc; readonly b: Desc }
  /** `T.cast(x, dtype)`. */
  | { readonly k: 'cast'; readonly dtype: FuzzDType; readonly x: Desc }
  /** A reduction over `axes` (null: all of them). */
  | {
      readonly k: 'reduce';
      readonly op: 'sum' | 'prod' | 'max' | 'min' | 'mean';
      readonly axes: readonly number[] | null;
      readonly keepdims: boolean;
      readonly x: Desc;
    }
  /** `x.dimshuffle(...pattern)`. */
  | { readonly k: 'dimshuffle'; readonly pattern: readonly (number | 'x')[]; readonly x: Desc }
  /** `x.reshape(shape)`. */
  | { readonly k: 'reshape'; readonly shape: readonly number[]; readonly x: Desc }
  /** `x.flatten(ndim)`. */
  | { readonly k: 'flatten'; readonly ndim: number; readonly x: Desc }
  /** `T.concatenate([a, b], axis)`. */
  | { readonly k: 'concat'; readonly axis: number; readonly a: Desc; readonly b: Desc }
  /** `T.dot(a, b)`. */
  | { readonly k: 'dot'; readonly a: Desc; readonly b: Desc }
  /** `x.get(...)` with integers and slices. */
  | { readonly k: 'index'; readonly idx: readonly BasicIndex[]; readonly x: Desc }
  /** `x.get(':', ..., [i, j, ...])`: advanced integer indexing of one axis. */
  | { readonly k: 'take'; readonly axis: number; readonly idx: readonly number[]; readonly x: Desc };

/** A whole fuzzed graph: one output expression (its inputs are its `input` leaves, in order). */
export interface GraphDesc {
  readonly out: Desc;
  /**
   * The float dtype the builder's repairs cast to (default float64): float32 for a backend without float64
   * (webgl), so that a repair does not turn a graph float64.
   */
  readonly floatX?: 'float32' | 'float64';
}

/** The number of op nodes of a description (leaves excluded). */
export function countOps(d: Desc): number {
  switch (d.k) {
    case 'input':
    case 'number':
      return 0;
    case 'unary':
    case 'cast':
    case 'reduce':
    case 'dimshuffle':
    case 'reshape':
    case 'flatten':
    case 'index':
    case 'take':
      return 1 + countOps(d.x);
    case 'binary':
    case 'concat':
    case 'dot':
      return 1 + countOps(d.a) + countOps(d.b);
    case 'switch':
      return 1 + countOps(d.c) + countOps(d.a) + countOps(d.b);
    default:
      return d satisfies never;
  }
}

/** The names of the ops a description uses (`'exp'`, `'sum'`, `'dot'`, …). */
export function opsOf(d: Desc, out: Set<string> = new Set()): Set<string> {
  switch (d.k) {
    case 'input':
      return out;
    case 'number':
      out.add('number');
      return out;
    case 'unary':
      out.add(d.op);
      return opsOf(d.x, out);
    case 'binary':
      out.add(d.op);
      return opsOf(d.b, opsOf(d.a, out));
    case 'switch':
      out.add('switch');
      return opsOf(d.b, opsOf(d.a, opsOf(d.c, out)));
    case 'reduce':
      out.add(d.op);
      return opsOf(d.x, out);
    case 'concat':
    case 'dot':
      out.add(d.k);
      return opsOf(d.b, opsOf(d.a, out));
    default:
      out.add(d.k);
      return opsOf(d.x, out);
  }
}
