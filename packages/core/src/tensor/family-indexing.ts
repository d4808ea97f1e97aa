/**
 * The tensor module's indexing (basic and advanced subtensors, setSubtensor/incSubtensor on views, nonzero, take): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `INDEXING_FUNCTIONS` into `T` (snake_case aliases are added there).
 *
 * `x.get(...idx)` is Theano's `x[...]`: integers, slices (`'1:3'`, `'::-1'`, `T.slice(b, e, s)` with numbers,
 * null or int scalar variables), `null` (newaxis), `'...'` (Ellipsis), integer index arrays and boolean
 * masks (numpy's advanced indexing). A call with advanced indices builds a basic view of its slices first
 * and then the advanced view; `setSubtensor`/`incSubtensor` walk back through both.
 */
import { isIntDType } from '../dtype.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { type TensorLike, TensorVariable } from '../graph/variable.js';
import { checkNestingDepth, NDArray } from '../ndarray.js';
import { assertSameShape } from '../ops/control.js';
import { alloc } from '../ops/creation.js';
import { cast } from '../ops/elemwise.js';
import { DIMSHUFFLE, dimshuffle, flatten, shapeI, transpose } from '../ops/shape.js';
import {
  advancedSubtensor,
  basicSubtensor,
  type IndexEntry,
  incSubtensor as incSubtensorAt,
  nonzeroMatrix,
  type SlicePart,
  subtensor,
  updateViewOnce,
} from '../ops/subtensor.js';
import { readArgs } from './args.js';
import { installMethods } from './install.js';

/** A slice with bounds and step given as numbers, null (Python's default) or int scalar variables. */
export class Slice {
  /** Builds `slice(start, stop, step)`. */
  constructor(
    /** The first position (null: the start, or the end for a negative step). */
    readonly start: number | TensorVariable | null = null,
    /** The position to stop before (null: past the end). */
    readonly stop: number | TensorVariable | null = null,
    /** The step (null: 1). */
    readonly step: number | TensorVariable | null = null,
  ) {}
  /** Python's spelling, `slice(1, 3, None)`. */
  toString(): string {
    const p = (v: number | TensorVariable | null) => (v === null ? 'None' : String(v));
    return `slice(${p(this.start)}, ${p(this.stop)}, ${p(this.step)})`;
  }
}

/** One index of `x.get(...)`. */
export type IndexArg =
  | number
  | string
  | null
  | Slice
  | TensorVariable
  | NDArray
  | readonly number[]
  | readonly boolean[]
  | readonly (readonly number[])[];

type Part = number | null | TensorVariable;
type Item =
  | { t: 'int'; v: TensorVariable }
  | { t: 'slice'; start: Part; stop: Part; step: Part }
  | { t: 'new' }
  | { t: 'ell' }
  | { t: 'arr'; v: TensorVariable }
  | { t: 'mask'; v: TensorVariable };

/** Variables made by `get` on the way to its view (a newaxis dimshuffle, the basic view under an advanced one). */
const INNER_VIEWS = new WeakSet<TensorVariable>();

const FULL: Item = { t: 'slice', start: null, stop: null, step: null };

function slicePart(v: unknown, what: string): Part {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`get: the slice ${what} ${v} is not an integer`);
    return v;
  }
  if (v instanceof TensorVariable) {
    if (v.ndim !== 0 || !isIntDType(v.dtype)) {
      throw new TypeError(`get: the slice ${what} must be an integer scalar, got ${v} (${v.type})`);
    }
    if ('value' in v && v.value instanceof NDArray) return v.value.item();
    return v.dtype === 'int64' ? v : cast(v, 'int64');
  }
  throw new TypeError(`get: the slice ${what} must be a number, null or an int scalar variable, got ${String(v)}`);
}

function parseString(s: string): Item {
  const t = s.trim();
  if (t === '...') return { t: 'ell' };
  const parts = t.split(':');
  const num = (p: string, what: string): number | null => {
    const q = p.trim();
    if (q === '') return null;
    if (!/^[+-]?\d+$/.test(q))
      throw new TypeError(`get: cannot read the ${what} of the slice '${s}' (${q} is not an integer)`);
    return Number(q);
  };
  if (parts.length === 1) {
    const v = num(parts[0]!, 'index');
    if (v === null) throw new TypeError(`get: the index '${s}' is empty`);
    return { t: 'int', v: constant(v, { dtype: 'int64' }) };
  }
  if (parts.length > 3) throw new TypeError(`get: '${s}' is not a slice (start:stop:step)`);
  const step = parts.length === 3 ? num(parts[2]!, 'step') : null;
  if (step === 0) throw new TypeError(`get: the slice '${s}' has step zero`);
  return { t: 'slice', start: num(parts[0]!, 'start'), stop: num(parts[1]!, 'stop'), step };
}

function parseIndex(a: unknown): Item {
  if (a === null) return { t: 'new' };
  if (typeof a === 'number') {
    if (!Number.isInteger(a)) {
      throw new TypeError(`get: the index ${a} is not an integer (indices must be integers, slices or int arrays)`);
    }
    return { t: 'int', v: constant(a, { dtype: 'int64' }) };
  }
  if (typeof a === 'string') return parseString(a);
  if (a instanceof Slice) {
    const step = slicePart(a.step, 'step');
    if (step === 0) throw new TypeError('get: slice step cannot be zero');
    return { t: 'slice', start: slicePart(a.start, 'start'), stop: slicePart(a.stop, 'stop'), step };
  }
  let v: TensorVariable;
  if (a instanceof TensorVariable) v = a;
  else if (a instanceof NDArray || Array.isArray(a)) {
    checkNestingDepth('get', a);
    const elems: unknown[] = Array.isArray(a) ? a.flat(Number.POSITIVE_INFINITY) : [];
    const isBool = elems.some((e) => typeof e === 'boolean');
    const bad = isBool ? -1 : elems.findIndex((e) => typeof e !== 'number' || !Number.isInteger(e));
    if (bad >= 0) {
      throw new TypeError(
        `get: an index array must hold integers (or booleans, for a mask), got ${String(elems[bad])} in ${JSON.stringify(a)}`,
      );
    }
    v = isBool
      ? asTensorVariable(a as TensorLike)
      : constant(a as number[], { dtype: a instanceof NDArray ? a.dtype : 'int64' });
  } else {
    const cls = typeof a === 'object' && a !== null ? (a as object).constructor?.name : undefined;
    const what =
      typeof a === 'object' && a !== null
        ? cls && cls !== 'Object'
          ? `a ${cls}`
          : 'a plain object'
        : `${typeof a} ${String(a)}`;
    throw new TypeError(
      `get: cannot index with ${what}: an index is an integer, a slice string ('1:3'), T.slice(...), null (newaxis), ` +
        "'...', an int or boolean array, or an integer or boolean variable",
    );
  }
  if (v.dtype === 'bool') {
    if (v.ndim === 0)
      throw new TypeError(`get: a 0-d boolean index (${v}) is not supported; use a mask with dimensions`);
    return { t: 'mask', v };
  }
  if (!isIntDType(v.dtype)) {
    throw new TypeError(`get: an index must be an integer or a boolean mask, got ${v} of dtype ${v.dtype}`);
  }
  if (v.ndim === 0) return { t: 'int', v: v.dtype === 'int64' ? v : cast(v, 'int64') };
  return { t: 'arr', v };
}

function isFull(it: Item): boolean {
  return it.t === 'slice' && it.start === null && it.stop === null && it.step === null;
}

/** The basic index entry and scalar inputs of a slice item. */
function sliceEntry(it: Extract<Item, { t: 'slice' }>, scalars: TensorVariable[]): IndexEntry {
  const part = (p: Part): SlicePart => {
    if (p instanceof TensorVariable) {
      scalars.push(p);
      return 'v';
    }
    return p;
  };
  const start = part(it.start);
  const stop = part(it.stop);
  const step = part(it.step);
  return { kind: 'slice', start, stop, step };
}

/** Theano's `x[...]` (see the module comment). */
export function get(x: TensorLike, ...indices: IndexArg[]): TensorVariable {
  const x0 = asTensorVariable(x, 'get');
  let items = indices.map(parseIndex);
  const consumed = items.reduce(
    (n, it) => n + (it.t === 'mask' ? it.v.ndim : it.t === 'new' || it.t === 'ell' ? 0 : 1),
    0,
  );
  const ells = items.filter((it) => it.t === 'ell').length;
  if (ells > 1) throw new TypeError(`get: an index can only have a single ellipsis ('...'), got ${ells}`);
  if (consumed > x0.ndim) {
    throw new TypeError(`get: too many indices for ${x0}: it has ${x0.ndim} dimensions but ${consumed} were indexed`);
  }
  if (ells) {
    const k = items.findIndex((it) => it.t === 'ell');
    items = [...items.slice(0, k), ...new Array<Item>(x0.ndim - consumed).fill(FULL), ...items.slice(k + 1)];
  }
  // newaxis: insert broadcastable dimensions first, then index them with ':'
  let xs = x0;
  if (items.some((it) => it.t === 'new')) {
    const order: (number | 'x')[] = [];
    let d = 0;
    for (const it of items) {
      if (it.t === 'new') order.push('x');
      else for (let j = 0; j < (it.t === 'mask' ? it.v.ndim : 1); j++) order.push(d++);
    }
    while (d < x0.ndim) order.push(d++);
    xs = dimshuffle(x0, order);
    INNER_VIEWS.add(xs);
    items = items.map((it) => (it.t === 'new' ? FULL : it));
  }
  if (items.length === 0) return xs;
  if (!items.some((it) => it.t === 'arr' || it.t === 'mask')) {
    const scalars: TensorVariable[] = [];
    const idx: IndexEntry[] = items.map((it) => {
      if (it.t === 'int') {
        scalars.push(it.v);
        return { kind: 'int' };
      }
      return sliceEntry(it as Extract<Item, { t: 'slice' }>, scalars);
    });
    return basicSubtensor(xs, idx, scalars);
  }
  // advanced: masks become their nonzero coordinates; integers take part as 0-d index arrays (numpy)
  const flat: Item[] = [];
  let dim = 0; // the dimension of xs the next item indexes
  for (const it of items) {
    if (it.t !== 'mask') {
      flat.push(it);
      dim++;
    } else {
      // numpy's IndexError: the mask's shape must be the indexed dimensions' (statically, else at run time)
      const sizes = Array.from({ length: it.v.ndim }, (_, k) => shapeI(xs, dim + k));
      const last = dim + it.v.ndim - 1;
      const mask = assertSameShape(
        it.v,
        it.v,
        alloc(constant(false, { dtype: 'bool' }), ...sizes),
        `get: the boolean index ${it.v} does not match the indexed array ${x0} along dimension${it.v.ndim > 1 ? `s ${dim}..${last}` : ` ${dim}`} (boolean index vs indexed sizes)`,
      );
      dim += it.v.ndim;
      const nz = nonzeroMatrix(mask);
      for (let k = 0; k < it.v.ndim; k++) flat.push({ t: 'arr', v: subtensor(nz, k) });
    }
  }
  let base = xs;
  if (flat.some((it) => it.t === 'slice' && !isFull(it))) {
    const scalars: TensorVariable[] = [];
    const idx = flat.map((it) =>
      it.t === 'slice' ? sliceEntry(it, scalars) : ({ kind: 'slice', start: null, stop: null, step: null } as const),
    );
    base = basicSubtensor(xs, idx, scalars);
    INNER_VIEWS.add(base);
  }
  const adv = flat.map((it) => (it.t === 'slice' ? (':' as const) : ('a' as const)));
  while (adv[adv.length - 1] === ':') adv.pop();
  const arrays = flat.filter((it) => it.t !== 'slice').map((it) => (it as { v: TensorVariable }).v);
  return advancedSubtensor(base, adv, arrays);
}

/** `x` (the variable a view made by `get` indexes) with that view set to / incremented by `y`. */
function updateView(fn: string, view: TensorLike, y: TensorLike, set: boolean): TensorVariable {
  const v = asTensorVariable(view, fn);
  const w = asTensorVariable(y, fn);
  let r = updateViewOnce(v, w, set);
  if (!r) {
    throw new TypeError(
      `${fn}: the first argument must be a view made by x.get(...) (a Subtensor or AdvancedSubtensor), got ${v}${v.owner ? ` (made by ${v.owner.op})` : ''}`,
    );
  }
  let inner = v.owner!.inputs[0]!;
  while (INNER_VIEWS.has(inner)) {
    const ds = DIMSHUFFLE.match(inner.owner);
    if (ds) {
      const kept: number[] = [];
      ds.order.forEach((o, k) => {
        if (o !== 'x') kept.push(k);
      });
      r = dimshuffle(r, kept);
    } else {
      r = updateViewOnce(inner, r, true)!;
    }
    inner = inner.owner!.inputs[0]!;
  }
  return r;
}

/** The legacy row index of `incSubtensor(x, y, i)`, or null when `rest` holds Theano's options. */
function legacyRow(rest: readonly unknown[]): number | TensorVariable | null {
  const r = rest[0];
  return typeof r === 'number' || r instanceof TensorVariable ? r : null;
}

/**
 * Theano's `set_subtensor(x[idx], y, inplace, tolerate_inplace_aliasing)`: a new variable, `x` with the view
 * `x[idx]` set to `y` (broadcast to the view's shape); `inplace` and `tolerateInplaceAliasing` are accepted
 * and have no effect (results never alias). The older form `setSubtensor(x, y, i)` sets row `i` of `x`.
 */
export function setSubtensor(view: TensorLike, y: TensorLike, ...rest: unknown[]): TensorVariable {
  const i = legacyRow(rest);
  if (i !== null) return incSubtensorAt(view, y, i, true);
  readArgs('setSubtensor', ['inplace', 'tolerateInplaceAliasing'], rest);
  return updateView('setSubtensor', view, y, true);
}

/**
 * Theano's `inc_subtensor(x[idx], y, inplace, set_instead_of_inc, tolerate_inplace_aliasing)`: a new
 * variable, `x` with `y` added to the view `x[idx]` (set with `setInsteadOfInc`); repeated advanced indices
 * accumulate (numpy.add.at). `inplace` has no effect. The older form `incSubtensor(x, y, i)` increments row `i`.
 */
export function incSubtensor(view: TensorLike, y: TensorLike, ...rest: unknown[]): TensorVariable {
  const i = legacyRow(rest);
  if (i !== null) return incSubtensorAt(view, y, i, false);
  const { setInsteadOfInc } = readArgs('incSubtensor', ['inplace', 'setInsteadOfInc', 'tolerateInplaceAliasing'], rest);
  const set = setInsteadOfInc === true;
  return updateView(set ? 'setSubtensor' : 'incSubtensor', view, y, set);
}

/** `slice(start, stop, step)` for `x.get(...)`; each part a number, null or an int scalar variable. */
export function slice(
  start: number | TensorVariable | null = null,
  stop: number | TensorVariable | null = null,
  step: number | TensorVariable | null = null,
): Slice {
  return new Slice(start, stop, step);
}

/**
 * numpy's `nonzero`: a tuple (array) of int64 vectors, the coordinates of `x`'s non-zero elements along
 * each axis; `{ returnMatrix: true }` gives them as one (ndim, n) matrix (Theano's `return_matrix`).
 */
function nonzeroOf(x: TensorLike, ...rest: unknown[]): TensorVariable[] | TensorVariable {
  const { returnMatrix } = readArgs('nonzero', ['returnMatrix'], rest);
  const m = nonzeroMatrix(x);
  if (returnMatrix) return m;
  return Array.from({ length: asTensorVariable(x).ndim }, (_, k) => subtensor(m, k));
}

/** The coordinates of the non-zero elements, one int64 vector per axis (numpy's `x.nonzero()`). */
export function nonzero(x: TensorLike, options?: { returnMatrix?: false }): TensorVariable[];
/** The coordinates as one (ndim, n) int64 matrix. */
export function nonzero(x: TensorLike, options: { returnMatrix: true }): TensorVariable;
export function nonzero(x: TensorLike, ...rest: unknown[]): TensorVariable[] | TensorVariable {
  return nonzeroOf(x, ...rest);
}

/** numpy's `flatnonzero`: the positions of the non-zero elements of `x.flatten()`. */
export function flatnonzero(x: TensorLike): TensorVariable {
  return subtensor(nonzeroMatrix(flatten(asTensorVariable(x, 'flatnonzero'), 1)), 0);
}

/** Theano's `nonzero_values`: the non-zero elements of `x`, flattened (`x.flatten()[flatnonzero(x)]`). */
export function nonzeroValues(x: TensorLike): TensorVariable {
  const v = asTensorVariable(x, 'nonzeroValues');
  return get(flatten(v, 1), flatnonzero(v));
}

/** numpy's `argwhere`: an (n, ndim) int64 matrix, one row per non-zero element's coordinates. */
export function argwhere(x: TensorLike): TensorVariable {
  return transpose(nonzeroMatrix(x));
}

/**
 * numpy's `take(a, indices, axis)`: elements of `a` along `axis` (of the flattened array when `axis` is
 * null, the default). `indices` is an integer, an int array or variable; out-of-range indices are an error
 * (only numpy's mode 'raise').
 */
export function take(a: TensorLike, indices: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axis, mode } = readArgs('take', ['axis', 'mode'], rest);
  if (mode !== undefined && mode !== 'raise') {
    throw new TypeError(`take: only mode 'raise' is supported, got ${JSON.stringify(mode)}`);
  }
  const x = asTensorVariable(a, 'take');
  const iv =
    indices instanceof TensorVariable
      ? indices
      : typeof indices === 'number'
        ? indices
        : constant(indices as number[], { dtype: 'int64' });
  if (iv instanceof TensorVariable && !isIntDType(iv.dtype)) {
    throw new TypeError(`take: indices must have an integer dtype, got ${iv} (${iv.dtype})`);
  }
  if (axis === undefined || axis === null) return get(flatten(x, 1), iv as IndexArg);
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -x.ndim || axis >= x.ndim) {
    throw new TypeError(`take: axis ${String(axis)} is out of range for ${x}, which has ${x.ndim} dimensions`);
  }
  const ax = axis < 0 ? axis + x.ndim : axis;
  return get(x, ...new Array<IndexArg>(ax).fill(':'), iv as IndexArg);
}

/** The family's functions of `theano.tensor`. */
export const INDEXING_FUNCTIONS = {
  get,
  slice,
  setSubtensor,
  incSubtensor,
  take,
  nonzero,
  nonzeroValues,
  flatnonzero,
  argwhere,
} as const;

/** The family's methods of variables. */
abstract class IndexingMethods {
  /** Theano's `x[...]`: integers, slices (`'1:3'`, `T.slice(...)`), null (newaxis), `'...'`, int arrays, bool masks. */
  get(this: TensorVariable, ...indices: IndexArg[]): TensorVariable {
    return get(this, ...indices);
  }
  /** The coordinates of the non-zero elements, one int64 vector per axis. */
  nonzero(this: TensorVariable, options?: { returnMatrix?: boolean }): TensorVariable[] {
    return nonzeroOf(this, ...(options ? [options] : [])) as TensorVariable[];
  }
  /** The non-zero elements, flattened. */
  nonzeroValues(this: TensorVariable): TensorVariable {
    return nonzeroValues(this);
  }
  /** numpy's `take(indices, axis)`. */
  take(this: TensorVariable, indices: TensorLike, ...rest: unknown[]): TensorVariable {
    return take(this, indices, ...rest);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<IndexingMethods, keyof IndexingMethods> {}
}

installMethods(IndexingMethods);
