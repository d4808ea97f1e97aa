/**
 * Indexing (Theano's `theano.tensor.subtensor`): basic views `Subtensor` (integers and slices whose bounds
 * and steps are numbers or int scalar variables), advanced views `AdvancedSubtensor1` / `AdvancedSubtensor`
 * (integer index arrays, numpy's rules), their update forms `IncSubtensor` / `AdvancedIncSubtensor` (set or
 * increment, repeated advanced indices accumulating as numpy.add.at), and `Nonzero`.
 */

import { isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { type TensorLike, TensorVariable } from '../graph/variable.js';
import * as PS from '../perform/subtensor.js';
import { type StaticShape, TensorType } from '../type.js';
import { add, cast, intDiv, lt, maximum, minimum, mul, reduceToInput, sub, zerosLike } from './elemwise.js';
import { type DefinedOp, defineOp } from './op-def.js';
import { dimshuffle, setSubtensorIndex } from './shape.js';

/** A part of a slice: a number, null (Python's default) or `'v'` (the node's next scalar input). */
export type SlicePart = number | null | 'v';

/** One entry of a basic index: an integer (the node's next scalar input; drops the axis) or a slice. */
export type IndexEntry =
  | {
      /** An integer index. */
      readonly kind: 'int';
    }
  | {
      /** A slice `start:stop:step`. */
      readonly kind: 'slice';
      /** The slice's start. */
      readonly start: SlicePart;
      /** The slice's stop. */
      readonly stop: SlicePart;
      /** The slice's step. */
      readonly step: SlicePart;
    };

/** Parameters of `Subtensor`: one entry per leading axis (missing trailing axes are `:`). */
export interface SubtensorParams {
  /** The index entries, one per leading axis. */
  readonly idx: readonly IndexEntry[];
}

/** Parameters of `IncSubtensor`: the view's index, and set (x[v] = y) or increment (x[v] += y). */
export interface IncSubtensorParams {
  /** The view's index entries, one per leading axis. */
  readonly idx: readonly IndexEntry[];
  /** Set the view to y (true) or add y to it (false). */
  readonly set: boolean;
}

/** Parameters of `AdvancedSubtensor`: per leading axis, `'a'` (the next index array input) or `':'`. */
export interface AdvancedSubtensorParams {
  /** Per leading axis, `'a'` (indexed by the next index array input) or `':'` (kept whole). */
  readonly idx: readonly ('a' | ':')[];
}

/** Parameters of `AdvancedIncSubtensor`. */
export interface AdvancedIncSubtensorParams {
  /** Per leading axis, `'a'` (indexed by the next index array input) or `':'` (kept whole). */
  readonly idx: readonly ('a' | ':')[];
  /** Set the indexed elements to y (true) or add y to them (false; repeated indices add up). */
  readonly set: boolean;
}

/** How many scalar inputs an index consumes. */
function scalarCount(idx: readonly IndexEntry[]): number {
  let n = 0;
  for (const e of idx) {
    if (e.kind === 'int') n++;
    else for (const p of [e.start, e.stop, e.step]) if (p === 'v') n++;
  }
  return n;
}

function partLabel(p: SlicePart): string {
  return p === null ? '' : p === 'v' ? 'int64' : String(p);
}

/** Theano's printing of an index list: `int64`, `1:3`, `::-1`, `int64:int64:int64`. */
function formatIndex(idx: readonly IndexEntry[]): string {
  return idx
    .map((e) => {
      if (e.kind === 'int') return 'int64';
      const head = `${partLabel(e.start)}:${partLabel(e.stop)}`;
      return e.step === null ? head : `${head}:${partLabel(e.step)}`;
    })
    .join(', ');
}

/** `theano.pp`'s index: `1:3`, `i`, `::-1`, with the printed scalar inputs in place of `'v'`. */
function ppIndex(idx: readonly IndexEntry[], args: readonly string[]): string {
  let k = 0;
  const part = (p: SlicePart) => (p === null ? '' : p === 'v' ? args[k++] : String(p));
  return idx
    .map((e) => {
      if (e.kind === 'int') return args[k++];
      const head = `${part(e.start)}:${part(e.stop)}`;
      return e.step === null ? head : `${head}:${part(e.step)}`;
    })
    .join(', ');
}

function checkBasic(label: string, x: TensorVariable, idx: readonly IndexEntry[], scalars: readonly TensorVariable[]) {
  if (idx.length > x.ndim) {
    throw new TypeError(`${label}: too many indices (${idx.length}) for ${x}, which has ${x.ndim} dimensions`);
  }
  if (scalars.length !== scalarCount(idx)) {
    throw new TypeError(`${label}: expected ${scalarCount(idx)} index inputs, got ${scalars.length}`);
  }
  for (const s of scalars) {
    if (s.ndim !== 0 || !isIntDType(s.dtype)) {
      throw new TypeError(`${label}: an index must be an integer scalar, got ${s} (${s.type})`);
    }
  }
  for (const e of idx)
    if (e.kind === 'slice' && e.step === 0) throw new TypeError(`${label}: slice step cannot be zero`);
}

/** The static length of `n[slice]`, or null when it depends on values not known now. */
function staticSliceLength(n: number | null, e: Extract<IndexEntry, { kind: 'slice' }>): number | null {
  if (e.step === 'v') return null;
  const step = e.step ?? 1;
  if (e.start === null && e.stop === null && n === null) return null;
  if (e.start === 'v' || e.stop === 'v' || n === null) return null;
  return PS.sliceIndices(n, { start: e.start, stop: e.stop, step }, 'Subtensor', 0).length;
}

/** The output's static shape of a basic index on `x`. */
function basicStaticShape(x: TensorVariable, idx: readonly IndexEntry[]): StaticShape {
  const out: (number | null)[] = [];
  x.type.shape.forEach((n, d) => {
    const e = idx[d];
    if (!e) out.push(n);
    else if (e.kind === 'slice') out.push(staticSliceLength(n, e));
  });
  return out;
}

/** The axis of `x` that output axis `axis` of a basic view comes from. */
function sourceAxis(idx: readonly IndexEntry[], ndim: number, axis: number): number {
  let k = 0;
  for (let d = 0; d < ndim; d++) {
    const e = idx[d];
    if (e && e.kind === 'int') continue;
    if (k === axis) return d;
    k++;
  }
  throw new Error(`Subtensor: no source axis for output axis ${axis}`);
}

/** The scalar inputs of each slice part, in the node's order (after `first` leading inputs). */
function sliceVars(node: { inputs: readonly TensorVariable[] }, idx: readonly IndexEntry[], d: number, first: number) {
  let k = first;
  for (let j = 0; j < d; j++) {
    const e = idx[j]!;
    if (e.kind === 'int') k++;
    else for (const p of [e.start, e.stop, e.step]) if (p === 'v') k++;
  }
  const e = idx[d] as Extract<IndexEntry, { kind: 'slice' }>;
  const part = (p: SlicePart): number | null | TensorVariable => (p === 'v' ? node.inputs[k++]! : p);
  const start = part(e.start);
  const stop = part(e.stop);
  const step = part(e.step);
  return { start, stop, step };
}

const i64 = (v: number): TensorVariable => constant(v, { dtype: 'int64' });

/** The symbolic length of a slice of an axis of length `n`, for a constant step (null otherwise). */
function symbolicSliceLength(
  n: TensorVariable,
  start: number | null | TensorVariable,
  stop: number | null | TensorVariable,
  step0: number | null | TensorVariable,
): TensorVariable | null {
  if (step0 instanceof TensorVariable) return null;
  const step = step0 ?? 1;
  // v made non-negative (v + n for v < 0), then clamped to [lo, hi]
  const norm = (v: number | TensorVariable, lo: TensorVariable, hi: TensorVariable): TensorVariable => {
    const w = typeof v === 'number' ? (v < 0 ? add(i64(v), n) : i64(v)) : add(v, mul(cast(lt(v, 0), 'int64'), n));
    return minimum(maximum(w, lo), hi);
  };
  if (step > 0) {
    const s = start === null ? i64(0) : norm(start, i64(0), n);
    const e = stop === null ? n : norm(stop, i64(0), n);
    return maximum(intDiv(add(sub(e, s), step - 1), i64(step)), i64(0));
  }
  const top = sub(n, 1);
  const s = start === null ? top : norm(start, i64(-1), top);
  const e = stop === null ? i64(-1) : norm(stop, i64(-1), top);
  return maximum(intDiv(add(sub(s, e), -step - 1), i64(-step)), i64(0));
}

/** The index entries of a basic view resolved to numbers from the values of its scalar inputs. */
export function resolveIndex(idx: readonly IndexEntry[], scalars: readonly { item(): number }[]): PS.BasicIndexValue[] {
  let k = 0;
  const part = (p: SlicePart): number | null => (p === 'v' ? scalars[k++]!.item() : p);
  return idx.map((e) => {
    if (e.kind === 'int') return scalars[k++]!.item();
    const start = part(e.start);
    const stop = part(e.stop);
    const step = part(e.step);
    return { start, stop, step };
  });
}

/** A scalar zero of `dtype` with `ndim` broadcastable dimensions. */
function zerosOfRank(ndim: number, like: TensorVariable): TensorVariable {
  const z = constant(0, { dtype: like.dtype });
  return ndim
    ? dimshuffle(
        z,
        Array.from({ length: ndim }, () => 'x' as const),
      )
    : z;
}

/** `Subtensor{...}`: a basic view `x[idx]` (integers and slices). */
export const SUBTENSOR: DefinedOp<SubtensorParams> = defineOp<SubtensorParams>({
  name: 'subtensor',
  family: 'subtensor',
  inferTypes([x, ...scalars], { idx }) {
    checkBasic('Subtensor', x!, idx, scalars);
    return [TensorType.fromShape(x!.dtype, basicStaticShape(x!, idx))];
  },
  // d x[idx] = dz added into zeros at the view
  grad([x, ...scalars], _o, [gz], { idx }) {
    if (!gz) return [null, ...scalars.map(() => null)];
    const gx = applyOp(new Op(INC_SUBTENSOR, { idx, set: false }), [zerosLike(x!), gz, ...scalars]).outputs[0]!;
    return [gx, ...scalars.map(() => null)];
  },
  connection: (nin) => [true, ...new Array<boolean>(nin - 1).fill(false)],
  format: ({ idx }) => `Subtensor{${formatIndex(idx)}}`,
  pp: ([x, ...args], _n, { idx }) => `${x}[${ppIndex(idx, args)}]`,
  perform: ([x, ...scalars], { idx }) => {
    const view = PS.basicPositions(x!.shape, resolveIndex(idx, scalars), 'Subtensor');
    return [PS.gatherView(x!, view)];
  },
  inferShape: (node, _o, axis, dim, { idx }) => {
    const x = node.inputs[0]!;
    const d = sourceAxis(idx, x.ndim, axis);
    const e = idx[d];
    if (!e || e.kind === 'int') return dim(0, d);
    const known = staticSliceLength(x.type.shape[d] ?? null, e);
    if (known !== null) return known;
    const { start, stop, step } = sliceVars(node, idx, d, 1);
    return symbolicSliceLength(dim(0, d), start, stop, step);
  },
});

/** `IncSubtensor{Inc;...}` / `IncSubtensor{Set;...}`: `x` with the basic view `x[idx]` incremented by / set to `y`. */
export const INC_SUBTENSOR: DefinedOp<IncSubtensorParams> = defineOp<IncSubtensorParams>({
  name: 'inc_subtensor',
  family: 'subtensor',
  inferTypes([x, y, ...scalars], { idx, set }) {
    const label = set ? 'SetSubtensor' : 'IncSubtensor';
    checkBasic(label, x!, idx, scalars);
    const view = basicStaticShape(x!, idx);
    if (y!.ndim !== view.length) {
      throw new TypeError(`${label}: the value ${y} has ${y!.ndim} dimensions, expected ${view.length} (the view's)`);
    }
    return [x!.type];
  },
  // set: dx = dz with the view zeroed, dy = dz[idx]; inc: dx = dz, dy = dz[idx]
  grad([x, y, ...scalars], _o, [gz], { idx, set }) {
    const none = scalars.map(() => null);
    if (!gz) return [null, null, ...none];
    const view = applyOp(new Op(SUBTENSOR, { idx }), [gz, ...scalars]).outputs[0]!;
    const gx = set
      ? applyOp(new Op(INC_SUBTENSOR, { idx, set: true }), [gz, zerosOfRank(view.ndim, gz), ...scalars]).outputs[0]!
      : gz;
    return [reduceToInput(gx, x!), reduceToInput(view, y!), ...none];
  },
  connection: (nin) => [true, true, ...new Array<boolean>(nin - 2).fill(false)],
  format: ({ idx, set }) => `IncSubtensor{${set ? 'Set' : 'Inc'};${formatIndex(idx)}}`,
  perform: ([x, y, ...scalars], { idx, set }, node) => {
    const op = set ? 'SetSubtensor' : 'IncSubtensor';
    const view = PS.basicPositions(x!.shape, resolveIndex(idx, scalars), op);
    return [PS.scatterView(x!, y!, view, set, node.outputs[0]!.dtype, op)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

function checkAdvanced(
  label: string,
  x: TensorVariable,
  idx: readonly ('a' | ':')[],
  arrays: readonly TensorVariable[],
) {
  if (idx.length > x.ndim) {
    throw new TypeError(`${label}: too many indices (${idx.length}) for ${x}, which has ${x.ndim} dimensions`);
  }
  const na = idx.filter((e) => e === 'a').length;
  if (na !== arrays.length || na === 0) {
    throw new TypeError(`${label}: expected ${na} index arrays (at least one), got ${arrays.length}`);
  }
  for (const a of arrays) {
    if (!isIntDType(a.dtype)) {
      throw new TypeError(`${label}: an index array must have an integer dtype, got ${a} (${a.type})`);
    }
  }
}

/** The static broadcast shape of the index arrays (numpy's rule; a clash is a TypeError). */
function indexBroadcastShape(label: string, arrays: readonly TensorVariable[]): (number | null)[] {
  const nd = Math.max(...arrays.map((a) => a.ndim));
  const out: (number | null)[] = new Array<number | null>(nd).fill(1);
  for (const a of arrays) {
    const lead = nd - a.ndim;
    a.type.shape.forEach((n, j) => {
      const d = lead + j;
      const cur = out[d]!;
      if (n === 1) return;
      if (cur === 1) out[d] = n;
      else if (n !== null && cur !== null && n !== cur) {
        throw new TypeError(
          `${label}: the index arrays' shapes do not broadcast together (dimension ${d}: ${cur} vs ${n})`,
        );
      } else if (cur === null) out[d] = n;
    });
  }
  return out;
}

/** Where the advanced dimensions go: at the first indexed axis when the indexed axes are adjacent, else first. */
function advancedLayout(idx: readonly ('a' | ':')[], ndim: number) {
  const adv: number[] = [];
  idx.forEach((e, d) => {
    if (e === 'a') adv.push(d);
  });
  const first = adv[0]!;
  const last = adv[adv.length - 1]!;
  const adjacent = adv.length === last - first + 1;
  const rest = Array.from({ length: ndim }, (_, d) => d).filter((d) => idx[d] !== 'a');
  const before = adjacent ? rest.filter((d) => d < first) : [];
  const after = adjacent ? rest.filter((d) => d > last) : rest;
  return { before, after };
}

function advancedStaticShape(
  label: string,
  x: TensorVariable,
  idx: readonly ('a' | ':')[],
  arrays: readonly TensorVariable[],
) {
  const b = indexBroadcastShape(label, arrays);
  const { before, after } = advancedLayout(idx, x.ndim);
  return [...before.map((d) => x.type.shape[d]!), ...b, ...after.map((d) => x.type.shape[d]!)];
}

/** `AdvancedSubtensor1` (one int vector on axis 0) / `AdvancedSubtensor`: numpy's integer-array indexing. */
export const ADVANCED_SUBTENSOR: DefinedOp<AdvancedSubtensorParams> = defineOp<AdvancedSubtensorParams>({
  name: 'advanced_subtensor',
  family: 'subtensor',
  inferTypes([x, ...arrays], { idx }) {
    checkAdvanced('AdvancedSubtensor', x!, idx, arrays);
    return [TensorType.fromShape(x!.dtype, advancedStaticShape('AdvancedSubtensor', x!, idx, arrays))];
  },
  // d x[iv] = dz added into zeros at the indexed elements (repeated indices accumulate)
  grad([x, ...arrays], _o, [gz], { idx }) {
    if (!gz) return [null, ...arrays.map(() => null)];
    const gx = applyOp(new Op(ADVANCED_INC_SUBTENSOR, { idx, set: false }), [zerosLike(x!), gz, ...arrays]).outputs[0]!;
    return [gx, ...arrays.map(() => null)];
  },
  connection: (nin) => [true, ...new Array<boolean>(nin - 1).fill(false)],
  format: ({ idx }) => (idx.length === 1 ? 'AdvancedSubtensor1' : 'AdvancedSubtensor'),
  pp: ([x, ...args], _n, { idx }) => {
    let k = 0;
    return `${x}[${idx.map((e) => (e === 'a' ? args[k++] : ':')).join(', ')}]`;
  },
  perform: ([x, ...arrays], { idx }) => [
    PS.gatherView(x!, PS.advancedPositions(x!.shape, idx, arrays, 'AdvancedSubtensor')),
  ],
  inferShape: (node, _o, axis, dim, { idx }) => {
    const x = node.inputs[0]!;
    const arrays = node.inputs.slice(1);
    const { before, after } = advancedLayout(idx, x.ndim);
    if (axis < before.length) return dim(0, before[axis]!);
    const b = indexBroadcastShape('AdvancedSubtensor', arrays);
    const j = axis - before.length;
    if (j >= b.length) return dim(0, after[j - b.length]!);
    if (b[j] !== null) return b[j]!;
    // the size of the first index array that is not statically 1 in this dimension
    for (let k = 0; k < arrays.length; k++) {
      const a = arrays[k]!;
      const ja = j - (b.length - a.ndim);
      if (ja >= 0 && a.type.shape[ja] !== 1) return dim(k + 1, ja);
    }
    return null;
  },
});

/** `AdvancedIncSubtensor1{no_inplace,set|inc}` / `AdvancedIncSubtensor{...}`: `x[iv] = y` / numpy.add.at(x, iv, y). */
export const ADVANCED_INC_SUBTENSOR: DefinedOp<AdvancedIncSubtensorParams> = defineOp<AdvancedIncSubtensorParams>({
  name: 'advanced_inc_subtensor',
  family: 'subtensor',
  inferTypes([x, y, ...arrays], { idx, set }) {
    const label = set ? 'AdvancedSetSubtensor' : 'AdvancedIncSubtensor';
    checkAdvanced(label, x!, idx, arrays);
    const view = advancedStaticShape(label, x!, idx, arrays);
    if (y!.ndim !== view.length) {
      throw new TypeError(`${label}: the value ${y} has ${y!.ndim} dimensions, expected ${view.length} (the view's)`);
    }
    return [x!.type];
  },
  // set: dx = dz with the view zeroed, dy = dz[iv]; inc: dx = dz, dy = dz[iv]
  grad([x, y, ...arrays], _o, [gz], { idx, set }) {
    const none = arrays.map(() => null);
    if (!gz) return [null, null, ...none];
    const view = applyOp(new Op(ADVANCED_SUBTENSOR, { idx }), [gz, ...arrays]).outputs[0]!;
    const gx = set
      ? applyOp(new Op(ADVANCED_INC_SUBTENSOR, { idx, set: true }), [gz, zerosOfRank(view.ndim, gz), ...arrays])
          .outputs[0]!
      : gz;
    return [reduceToInput(gx, x!), reduceToInput(view, y!), ...none];
  },
  connection: (nin) => [true, true, ...new Array<boolean>(nin - 2).fill(false)],
  format: ({ idx, set }) =>
    idx.length === 1
      ? `AdvancedIncSubtensor1{no_inplace,${set ? 'set' : 'inc'}}`
      : `AdvancedIncSubtensor{inplace=False,  set_instead_of_inc=${set ? 'True' : 'False'}}`,
  perform: ([x, y, ...arrays], { idx, set }, node) => {
    const op = set ? 'AdvancedSetSubtensor' : 'AdvancedIncSubtensor';
    const view = PS.advancedPositions(x!.shape, idx, arrays, op);
    return [PS.scatterView(x!, y!, view, set, node.outputs[0]!.dtype, op)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `Nonzero`: the coordinates of the non-zero elements of `x` as an int64 matrix (one row per axis). */
export const NONZERO = defineOp<Record<string, never>>({
  name: 'nonzero',
  family: 'subtensor',
  inferTypes([x]) {
    if (x!.ndim < 1) throw new TypeError(`Nonzero: the input must have at least one dimension, got ${x} (0-d)`);
    return [TensorType.fromShape('int64', [x!.ndim, null])];
  },
  grad: () => [null],
  connection: () => [false],
  format: () => 'Nonzero',
  perform: ([x]) => [PS.nonzero(x!)],
  inferShape: (node, _o, axis) => (axis === 0 ? node.inputs[0]!.ndim : null),
});

function intIndexVar(i: number | TensorVariable, label: string): TensorVariable {
  if (i instanceof TensorVariable) {
    if (i.ndim !== 0 || !isIntDType(i.dtype)) {
      throw new TypeError(`${label}: the index must be an integer scalar, got ${i} (${i.type})`);
    }
    return i.dtype === 'int64' ? i : cast(i, 'int64');
  }
  if (!Number.isInteger(i)) throw new TypeError(`${label}: the index must be an integer, got ${i}`);
  return i64(i);
}

/** `x[i]` along the first axis (`Subtensor{int64}`). */
export function subtensor(x: TensorLike, i: number | TensorVariable): TensorVariable {
  const v = asTensorVariable(x, 'subtensor');
  return applyOp(new Op(SUBTENSOR, { idx: [{ kind: 'int' }] }), [v, intIndexVar(i, 'Subtensor')]).outputs[0]!;
}

/** The basic view `x[idx]` with the index's scalar inputs. */
export function basicSubtensor(x: TensorVariable, idx: readonly IndexEntry[], scalars: readonly TensorVariable[]) {
  return applyOp(new Op(SUBTENSOR, { idx: [...idx] }), [x, ...scalars]).outputs[0]!;
}

/** The advanced view `x[idx]` with its index arrays. */
export function advancedSubtensor(x: TensorVariable, idx: readonly ('a' | ':')[], arrays: readonly TensorVariable[]) {
  return applyOp(new Op(ADVANCED_SUBTENSOR, { idx: [...idx] }), [x, ...arrays]).outputs[0]!;
}

/** `y` with leading broadcastable dimensions added up to `ndim` (a TypeError when it has more). */
export function padValue(y: TensorVariable, ndim: number, label: string): TensorVariable {
  if (y.ndim > ndim) {
    throw new TypeError(`${label}: the value ${y} has ${y.ndim} dimensions, more than the view's ${ndim}`);
  }
  if (y.ndim === ndim) return y;
  const pad: (number | 'x')[] = Array.from({ length: ndim - y.ndim }, () => 'x' as const);
  return dimshuffle(y, [...pad, ...Array.from({ length: y.ndim }, (_, k) => k)]);
}

/**
 * `x` with the view `view` (a `Subtensor` or `AdvancedSubtensor` of `x`) set to / incremented by `y`; null
 * when `view` is not such a view.
 */
export function updateViewOnce(view: TensorVariable, y: TensorVariable, set: boolean): TensorVariable | null {
  const node = view.owner;
  const label = set ? 'setSubtensor' : 'incSubtensor';
  const basic = SUBTENSOR.match(node);
  if (basic && node) {
    const [x, ...scalars] = node.inputs;
    const w = padValue(y, view.ndim, label);
    return applyOp(new Op(INC_SUBTENSOR, { idx: basic.idx, set }), [x!, w, ...scalars]).outputs[0]!;
  }
  const adv = ADVANCED_SUBTENSOR.match(node);
  if (adv && node) {
    const [x, ...arrays] = node.inputs;
    const w = padValue(y, view.ndim, label);
    return applyOp(new Op(ADVANCED_INC_SUBTENSOR, { idx: adv.idx, set }), [x!, w, ...arrays]).outputs[0]!;
  }
  return null;
}

/** A copy of `x` with `x[i]` incremented by `y` (or set to `y` when `set`), `i` along the first axis. */
export function incSubtensor(x: TensorLike, y: TensorLike, i: number | TensorVariable, set = false): TensorVariable {
  const v = asTensorVariable(x, 'incSubtensor');
  if (v.ndim < 1) throw new TypeError(`${set ? 'SetSubtensor' : 'IncSubtensor'}: cannot index ${v}, a 0-d tensor`);
  const w = padValue(asTensorVariable(y, 'incSubtensor'), v.ndim - 1, set ? 'SetSubtensor' : 'IncSubtensor');
  const idx: IndexEntry[] = [{ kind: 'int' }];
  return applyOp(new Op(INC_SUBTENSOR, { idx, set }), [v, w, intIndexVar(i, 'IncSubtensor')]).outputs[0]!;
}

/** `Nonzero(x)`: an int64 matrix whose row `d` holds the axis-`d` coordinates of `x`'s non-zero elements. */
export function nonzeroMatrix(x: TensorLike): TensorVariable {
  const v = asTensorVariable(x, 'nonzero');
  return applyOp(new Op(NONZERO, {}), [v]).outputs[0]!;
}

setSubtensorIndex((x, i) => subtensor(x, i));
