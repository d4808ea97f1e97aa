/**
 * Indexing rewrites (Theano's `local_useless_subtensor`, `local_subtensor_merge`,
 * `local_incsubtensor_of_zeros`): a view of the whole array is the array, two consecutive basic views with
 * constant indices are one, and incrementing a basic view of zeros is setting it.
 */
import { constant } from '../graph/constant.js';
import type { TensorVariable } from '../graph/variable.js';
import {
  basicSubtensor,
  INC_SUBTENSOR,
  type IndexEntry,
  type SlicePart,
  SUBTENSOR,
  updateViewOnce,
} from '../ops/subtensor.js';
import { sliceIndices } from '../perform/subtensor.js';
import { registerRewrite } from './engine.js';
import { isConstantEqual, scalarConstant } from './util.js';

const BASIC = ['fast_run', 'fast_compile'] as const;
const RUN = ['fast_run'] as const;

type SliceEntry = Extract<IndexEntry, { kind: 'slice' }>;

/** Whether a slice keeps a whole axis of static length `n` (null: unknown) in order. */
function keepsAxis(e: SliceEntry, n: number | null): boolean {
  const fromStart = e.start === null || e.start === 0 || (n !== null && typeof e.start === 'number' && e.start <= -n);
  const toEnd = e.stop === null || (n !== null && typeof e.stop === 'number' && e.stop >= n);
  return (e.step === null || e.step === 1) && fromStart && toEnd;
}

/** `local_useless_subtensor`: `x[:]`, `x[0:]`, `x[:, ::1]` (every entry a slice keeping its axis) → `x`. */
export const uselessSubtensor = registerRewrite({
  name: 'local_useless_subtensor',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['subtensor'],
  apply(node) {
    const { idx } = SUBTENSOR.match(node)!;
    const x = node.inputs[0]!;
    const useless = idx.every((e, d) => e.kind === 'slice' && keepsAxis(e, x.type.shape[d] ?? null));
    return useless ? x : null;
  },
});

/** The positions a constant basic entry picks on an axis of length `n`, or an int (the axis dropped). */
function positions(e: IndexEntry, n: number, scalar: number | undefined): number[] | number | null {
  if (e.kind === 'int') {
    if (scalar === undefined || !Number.isInteger(scalar) || scalar < -n || scalar >= n) return null;
    return scalar < 0 ? scalar + n : scalar;
  }
  if (e.start === 'v' || e.stop === 'v' || e.step === 'v') return null;
  return sliceIndices(n, { start: e.start, stop: e.stop, step: e.step }, 'Subtensor', 0);
}

/** A slice picking exactly `ps` (an arithmetic progression of non-negative positions). */
function sliceOf(ps: readonly number[]): SliceEntry | null {
  if (ps.length === 0) return { kind: 'slice', start: 0, stop: 0, step: null };
  const step = ps.length > 1 ? ps[1]! - ps[0]! : 1;
  for (let k = 1; k < ps.length; k++) if (ps[k]! - ps[k - 1]! !== step) return null;
  const stop = ps[ps.length - 1]! + step;
  return { kind: 'slice', start: ps[0]!, stop: stop < 0 ? null : stop, step: step === 1 ? null : step };
}

/** The constant values of a node's scalar index inputs (undefined where not constant). */
function scalarValues(inputs: readonly TensorVariable[]): (number | undefined)[] {
  return inputs.map((v) => scalarConstant(v) ?? undefined);
}

/** Whether a slice part is null or a constant `>= 0`. */
const nonNeg = (p: SlicePart) => p === null || (typeof p === 'number' && p >= 0);

/** `x[a:b:s][c:d:t]` with non-negative bounds and positive steps is `x[a+c·s : min(b, a+d·s) : s·t]`. */
function mergeNonNegative(inner: SliceEntry, outer: SliceEntry): SliceEntry | null {
  const parts = [inner.start, inner.stop, outer.start, outer.stop];
  if (!parts.every(nonNeg)) return null;
  const s = inner.step ?? 1;
  const t = outer.step ?? 1;
  if (typeof s !== 'number' || typeof t !== 'number' || s <= 0 || t <= 0) return null;
  const a = (inner.start as number | null) ?? 0;
  const c = (outer.start as number | null) ?? 0;
  const b = inner.stop as number | null;
  const d = outer.stop as number | null;
  const stop = d === null ? b : b === null ? a + d * s : Math.min(b, a + d * s);
  const step = s * t;
  return { kind: 'slice', start: a + c * s === 0 ? null : a + c * s, stop, step: step === 1 ? null : step };
}

/**
 * `local_subtensor_merge`: a basic view of a basic view becomes one view of the original array, when both
 * indices are constants and either the indexed axes have static lengths, or both are slices with
 * non-negative bounds and positive steps.
 */
export const subtensorMerge = registerRewrite({
  name: 'local_subtensor_merge',
  phase: 'canonicalize',
  tags: [...RUN, 'local_subtensor_merge'],
  ops: ['subtensor'],
  apply(node) {
    const outerIdx = SUBTENSOR.match(node)!.idx;
    const mid = node.inputs[0]!;
    const innerIdx = SUBTENSOR.matchOutput(mid)?.idx;
    if (!innerIdx) return null;
    const x = mid.owner!.inputs[0]!;
    const innerScalars = scalarValues(mid.owner!.inputs.slice(1));
    const outerScalars = scalarValues(node.inputs.slice(1));
    // the mid axes: which x axis each comes from
    const midAxes: number[] = [];
    for (let d = 0; d < x.ndim; d++) if (innerIdx[d]?.kind !== 'int') midAxes.push(d);
    const merged: IndexEntry[] = [];
    const ints: number[] = [];
    let ki = 0;
    let ko = 0;
    const takeScalar = (e: IndexEntry, from: (number | undefined)[], k: number) =>
      e.kind === 'int' ? from[k] : undefined;
    const scalarsUsed = (e: IndexEntry) =>
      e.kind === 'int' ? 1 : [e.start, e.stop, e.step].filter((p) => p === 'v').length;
    for (let d = 0; d < x.ndim; d++) {
      const ie: IndexEntry = innerIdx[d] ?? { kind: 'slice', start: null, stop: null, step: null };
      const iv = takeScalar(ie, innerScalars, ki);
      ki += innerIdx[d] ? scalarsUsed(ie) : 0;
      if (ie.kind === 'int') {
        if (iv === undefined) return null;
        merged.push({ kind: 'int' });
        ints.push(iv);
        continue;
      }
      const m = midAxes.indexOf(d);
      const oe: IndexEntry = outerIdx[m] ?? { kind: 'slice', start: null, stop: null, step: null };
      const ov = takeScalar(oe, outerScalars, ko);
      ko += outerIdx[m] ? scalarsUsed(oe) : 0;
      const n = x.type.shape[d];
      if (typeof n === 'number') {
        const ps = positions(ie, n, undefined);
        if (ps === null || typeof ps === 'number') return null;
        const sel = positions(oe, ps.length, ov);
        if (sel === null) return null;
        if (typeof sel === 'number') {
          merged.push({ kind: 'int' });
          ints.push(ps[sel]!);
        } else {
          const sl = sliceOf(sel.map((k) => ps[k]!));
          if (!sl) return null;
          merged.push(sl);
        }
        continue;
      }
      if (oe.kind === 'int') return null;
      const sl = mergeNonNegative(ie, oe);
      if (!sl) return null;
      merged.push(sl);
    }
    while (merged.length && merged[merged.length - 1]!.kind === 'slice') {
      const e = merged[merged.length - 1] as SliceEntry;
      if (e.start !== null || e.stop !== null || e.step !== null) break;
      merged.pop();
    }
    return basicSubtensor(
      x,
      merged,
      ints.map((i) => constant(i, { dtype: 'int64' })),
    );
  },
});

/** `local_incsubtensor_of_zeros`: incrementing a basic view of an all-zero array is setting it. */
export const incSubtensorOfZeros = registerRewrite({
  name: 'local_incsubtensor_of_zeros',
  phase: 'canonicalize',
  tags: [...RUN, 'local_incsubtensor_of_zeros'],
  ops: ['inc_subtensor'],
  apply(node) {
    const p = INC_SUBTENSOR.match(node)!;
    if (p.set) return null;
    const [x, y, ...scalars] = node.inputs;
    const zero =
      isConstantEqual(x!, 0) || (x!.owner?.op.def.name === 'second' && isConstantEqual(x!.owner.inputs[1]!, 0));
    if (!zero) return null;
    const view = basicSubtensor(x!, p.idx, scalars);
    return updateViewOnce(view, y!, true);
  },
});
