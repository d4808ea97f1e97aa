/**
 * `Scan`: Theano's loop op. It runs an inner graph once per step; some of its outputs are fed back
 * (recurrent states, read at negative taps), others are only collected (Theano's "nit-sot" outputs), and
 * an optional last inner output (from `theano.until`) stops the loop early.
 *
 * Outer inputs: `[nSteps, ...sequences, ...initial buffers, ...non-sequences]`. Step `t` reads row `t` of
 * every sequence. Recurrent output `j` with taps `taps[j]` (negative) keeps a buffer whose first
 * `L = -min(taps)` rows are its initial buffer; step `t` reads row `t + L + tap` of it per tap and writes row
 * `t + L`. Outer outputs: `[...buffers (L + steps rows), ...nit-sot outputs (steps rows)]`.
 *
 * Inner inputs: `[...one row per sequence, ...one value per tap of each recurrent output, ...non-sequences]`;
 * inner outputs: `[...recurrent outputs, ...nit-sot outputs, condition?]`.
 *
 * The gradient (backpropagation through time) is another `Scan` that runs backwards over the steps taken (or
 * over the last `truncateGradient` of them): it carries, per tap, the gradient each step sends to the value it
 * read, and sums the non-sequences' gradients.
 */

import { Lop } from '../autodiff/grad.js';
import { isDiscreteDType, isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { constant } from '../graph/constant.js';
import { FunctionGraph, replace, toposort } from '../graph/fgraph.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { NDArray, shapeToString, typedArrayFor } from '../ndarray.js';
import { TensorType } from '../type.js';
import { add, cast, eq, minimum, mul, zerosLike } from './elemwise.js';
import { defineOp } from './op-def.js';
import { dimshuffle, shape } from './shape.js';
import { flip } from './shape-join.js';
import { basicSubtensor, INC_SUBTENSOR, type IndexEntry, type SlicePart, subtensor } from './subtensor.js';

/** Parameters of `Scan`. */
export interface ScanParams {
  /** The step: inputs and outputs as the module comment describes. */
  readonly inner: FunctionGraph;
  /** How many sequences (inputs after `nSteps`). */
  readonly nSeqs: number;
  /** Per recurrent output, its taps (negative integers, in the order of the inner inputs). */
  readonly taps: readonly (readonly number[])[];
  /** How many outputs are not fed back (after the recurrent ones). */
  readonly nNitSot: number;
  /** Whether the inner graph's last output is a condition that stops the loop (`theano.until`). */
  readonly until: boolean;
  /** Steps the gradient goes back through (-1: all of them). */
  readonly truncateGradient: number;
  /** The scan's name (printing and errors). */
  readonly name: string;
  /**
   * Per recurrent output, whether its output keeps only the last `L` rows of its buffer (no history): set
   * by the optimizer when the buffer is read at its last row only (`local_scan_save_mem`).
   */
  readonly lastOnly?: readonly boolean[];
}

/** `Scan{name}` as errors and printing write it. */
export function scanLabel(p: Pick<ScanParams, 'name'>): string {
  return `Scan{${p.name}}`;
}

/** The number of initial rows recurrent output `j` needs: `-min(taps)`. */
export function tapLength(taps: readonly number[]): number {
  return -Math.min(...taps);
}

/** The static size of `n` when it is a constant. */
function staticInt(n: TensorVariable): number | null {
  return n instanceof TensorConstant ? n.value.item() : null;
}

function mergeShapes(a: readonly (number | null)[], b: readonly (number | null)[]): (number | null)[] {
  return a.map((d, k) => d ?? b[k] ?? null);
}

/** `Scan{name}(nSteps, ...sequences, ...initial buffers, ...non-sequences)`. */
export const SCAN = defineOp<ScanParams>({
  name: 'scan',
  family: 'control',
  inferTypes(inputs, p) {
    const label = scanLabel(p);
    const { inner, nSeqs, taps, nNitSot } = p;
    const [n, ...rest] = inputs;
    if (n?.ndim !== 0 || !isIntDType(n.dtype)) {
      throw new TypeError(`${label}: nSteps must be an integer scalar, got ${n} (${n?.type})`);
    }
    const nRec = taps.length;
    const nTapInputs = taps.reduce((s, t) => s + t.length, 0);
    const nNonSeqs = inner.inputs.length - nSeqs - nTapInputs;
    if (rest.length !== nSeqs + nRec + nNonSeqs) {
      throw new TypeError(`${label}: expected ${1 + nSeqs + nRec + nNonSeqs} inputs, got ${inputs.length}`);
    }
    if (inner.outputs.length !== nRec + nNitSot + (p.until ? 1 : 0)) {
      throw new TypeError(`${label}: the step has ${inner.outputs.length} outputs, expected ${nRec + nNitSot}`);
    }
    const same = (outer: TensorVariable, want: TensorType, extraDim: number, what: string) => {
      if (outer.dtype !== want.dtype || outer.ndim !== want.ndim + extraDim) {
        throw new TypeError(
          `${label}: ${what} (${outer}) is ${outer.type}, the step expects ${want.dtype} with ${want.ndim + extraDim} dimensions`,
        );
      }
    };
    for (let k = 0; k < nSeqs; k++) same(rest[k]!, inner.inputs[k]!.type, 1, `sequence ${k}`);
    let tapIn = nSeqs;
    const len = p.until ? null : staticInt(n);
    const outTypes: TensorType[] = [];
    taps.forEach((tj, j) => {
      const init = rest[nSeqs + j]!;
      const out = inner.outputs[j]!;
      same(init, out.type, 1, `the initial buffer of output ${j}`);
      for (let k = 0; k < tj.length; k++)
        same(init, inner.inputs[tapIn + k]!.type, 1, `the initial buffer of output ${j}`);
      tapIn += tj.length;
      const L = tapLength(tj);
      const rowShape = mergeShapes(init.type.shape.slice(1), out.type.shape);
      out.type.shape.forEach((d, k) => {
        const s = init.type.shape[k + 1];
        if (d !== null && s != null && d !== s) {
          throw new TypeError(
            `${label}: output ${j} of the step has shape ${shapeToString(out.type.shape.map((x) => x ?? -1))} (static), its initial state ${shapeToString(init.type.shape.slice(1).map((x) => x ?? -1))}`,
          );
        }
      });
      const rows = p.lastOnly?.[j] ? L : len === null ? null : L + len;
      outTypes.push(TensorType.fromShape(out.dtype, [rows, ...rowShape]));
    });
    for (let q = 0; q < nNonSeqs; q++) {
      same(rest[nSeqs + nRec + q]!, inner.inputs[tapIn + q]!.type, 0, `non-sequence ${q}`);
    }
    for (let i = 0; i < nNitSot; i++) {
      const out = inner.outputs[nRec + i]!;
      outTypes.push(TensorType.fromShape(out.dtype, [len, ...out.type.shape]));
    }
    if (p.until) {
      const c = inner.outputs[inner.outputs.length - 1]!;
      if (c.ndim !== 0) throw new TypeError(`${label}: the until condition must be a scalar, got ${c} (${c.type})`);
    }
    return outTypes;
  },
  grad: scanGrad,
  connection: (nin) => [false, ...Array.from({ length: nin - 1 }, () => true)],
  format: (p) => scanLabel(p),
  inferShape(node, out, axis, dim, p) {
    if (out < p.taps.length) {
      // a buffer: L + nSteps rows, each shaped like the initial buffer's rows
      if (axis > 0) return dim(1 + p.nSeqs + out, axis);
      if (p.lastOnly?.[out]) return tapLength(p.taps[out]!);
      if (p.until || node.inputs[0]!.dtype !== 'int64') return null;
      return add(constant(tapLength(p.taps[out]!), { dtype: 'int64' }), node.inputs[0]!);
    }
    return axis === 0 && !p.until && node.inputs[0]!.dtype === 'int64' ? node.inputs[0]! : null;
  },
  paramsKey: (p) =>
    `${p.name}:${JSON.stringify(p.taps)}:${p.nSeqs}:${p.nNitSot}:${p.until}:${p.truncateGradient}:${JSON.stringify(p.lastOnly ?? [])}:${p.inner.key}`,
});

// ---------------------------------------------------------------------------------------------------------
// building a scan node from a step written with placeholders

/** One sequence: the outer variable (one row per step) and the step's placeholder for its row. */
export interface ScanSeqSpec {
  readonly outer: TensorVariable;
  readonly inner: TensorVariable;
}

/** One recurrent output: its initial buffer (`L` rows), taps, one placeholder per tap, and its new value. */
export interface ScanStateSpec {
  readonly init: TensorVariable;
  readonly taps: readonly number[];
  readonly inner: readonly TensorVariable[];
  readonly out: TensorVariable;
}

/** Everything `makeScan` needs: the step's placeholders, bound to outer variables, and its results. */
export interface ScanSpec {
  readonly name: string;
  readonly nSteps: TensorVariable;
  readonly seqs: readonly ScanSeqSpec[];
  readonly states: readonly ScanStateSpec[];
  readonly nitSots: readonly TensorVariable[];
  /** Placeholders the step reads that stand for outer variables, with them. */
  readonly nonSeqs: readonly ScanSeqSpec[];
  readonly until: TensorVariable | null;
  readonly truncateGradient: number;
}

/**
 * The scan node's outputs (buffers, then nit-sot outputs) for `spec`. Every part of the step that depends
 * on no placeholder of a sequence or a state is computed once, outside the loop, and read as a non-sequence
 * (loop-invariant hoisting): this also turns the shared and outer variables the step reads into
 * non-sequences, so the inner graph's only free variables are its inputs.
 */
export function makeScan(spec: ScanSpec): TensorVariable[] {
  const varying = [...spec.seqs.map((s) => s.inner), ...spec.states.flatMap((s) => s.inner)];
  const bodies = [...spec.states.map((s) => s.out), ...spec.nitSots, ...(spec.until ? [spec.until] : [])];
  const dependent = new Set<TensorVariable>(varying);
  const nodes = toposort(bodies);
  for (const node of nodes) {
    if (node.inputs.some((v) => dependent.has(v))) for (const o of node.outputs) dependent.add(o);
  }
  const frontier: TensorVariable[] = [];
  const seen = new Set<TensorVariable>();
  const consider = (v: TensorVariable) => {
    if (dependent.has(v) || seen.has(v) || v instanceof TensorConstant) return;
    seen.add(v);
    frontier.push(v);
  };
  for (const node of nodes) if (node.outputs.some((o) => dependent.has(o))) node.inputs.forEach(consider);
  for (const b of bodies) consider(b);
  const bound = new Map(spec.nonSeqs.map((s) => [s.inner, s.outer]));
  const innerNonSeqs: TensorVariable[] = [];
  const outerNonSeqs: TensorVariable[] = [];
  const subst = new Map<TensorVariable, TensorVariable>();
  for (const v of frontier) {
    const b = bound.get(v);
    if (b) {
      innerNonSeqs.push(v);
      outerNonSeqs.push(b);
    } else {
      const p = v.type.make(v.name);
      subst.set(v, p);
      innerNonSeqs.push(p);
      outerNonSeqs.push(bound.size ? replace([v], bound)[0]! : v);
    }
  }
  const newBodies = replace(bodies, subst);
  const inner = new FunctionGraph([...varying, ...innerNonSeqs], newBodies);
  const params: ScanParams = {
    inner,
    nSeqs: spec.seqs.length,
    taps: spec.states.map((s) => [...s.taps]),
    nNitSot: spec.nitSots.length,
    until: spec.until !== null,
    truncateGradient: spec.truncateGradient,
    name: spec.name,
  };
  const n = spec.nSteps.dtype === 'int64' ? spec.nSteps : cast(spec.nSteps, 'int64');
  const node = applyOp(new Op(SCAN, params), [
    n,
    ...spec.seqs.map((s) => s.outer),
    ...spec.states.map((s) => s.init),
    ...outerNonSeqs,
  ]);
  return [...node.outputs];
}

// ---------------------------------------------------------------------------------------------------------
// slicing helpers

const i64 = (v: number) => constant(v, { dtype: 'int64' });

function part(v: number | TensorVariable | null, scalars: TensorVariable[]): SlicePart {
  if (v === null || typeof v === 'number') return v;
  scalars.push(v.dtype === 'int64' ? v : cast(v, 'int64'));
  return 'v';
}

/** `x[start:stop]` along the first axis (numbers, int scalars or null as in Python). */
export function sliceRows(
  x: TensorVariable,
  start: number | TensorVariable | null,
  stop: number | TensorVariable | null,
): TensorVariable {
  const scalars: TensorVariable[] = [];
  const idx: IndexEntry[] = [{ kind: 'slice', start: part(start, scalars), stop: part(stop, scalars), step: null }];
  return basicSubtensor(x, idx, scalars);
}

/** A copy of `x` with `x[start:stop] += y`. */
function incRows(
  x: TensorVariable,
  y: TensorVariable,
  start: number | TensorVariable,
  stop: number | TensorVariable,
): TensorVariable {
  const scalars: TensorVariable[] = [];
  const idx: IndexEntry[] = [{ kind: 'slice', start: part(start, scalars), stop: part(stop, scalars), step: null }];
  return applyOp(new Op(INC_SUBTENSOR, { idx, set: false }), [x, y, ...scalars]).outputs[0]!;
}

/** `x` with a new leading axis of length 1. */
export function padLeft(x: TensorVariable): TensorVariable {
  return dimshuffle(x, ['x', ...Array.from({ length: x.ndim }, (_, k) => k)]);
}

// ---------------------------------------------------------------------------------------------------------
// the gradient: backpropagation through time, as a scan running backwards

function scanGrad(
  inputs: readonly TensorVariable[],
  outputs: readonly TensorVariable[],
  gOuts: readonly (TensorVariable | null)[],
  p: Readonly<ScanParams>,
): (TensorVariable | null)[] {
  const label = scanLabel(p);
  const none = inputs.map(() => null);
  if (gOuts.every((g) => !g)) return none;
  if (p.lastOnly?.some(Boolean)) {
    throw new Error(
      `${label}: no gradient once the optimizer dropped an output's history (differentiate before compiling)`,
    );
  }
  const { inner, nSeqs, taps, nNitSot } = p;
  const nRec = taps.length;
  // the steps taken: nSteps, or with theano.until the rows the outputs got (the condition has no gradient)
  const n = !p.until
    ? inputs[0]!
    : nRec > 0
      ? add(subtensor(shape(outputs[0]!), 0), i64(-tapLength(taps[0]!)))
      : subtensor(shape(outputs[0]!), 0);
  const seqs = inputs.slice(1, 1 + nSeqs);
  const inits = inputs.slice(1 + nSeqs, 1 + nSeqs + nRec);
  const nonSeqs = inputs.slice(1 + nSeqs + nRec);
  const tapInputs: TensorVariable[][] = [];
  let at = nSeqs;
  for (const tj of taps) {
    tapInputs.push(inner.inputs.slice(at, at + tj.length) as TensorVariable[]);
    at += tj.length;
  }
  const innerSeqs = inner.inputs.slice(0, nSeqs);
  const innerNonSeqs = inner.inputs.slice(at);
  // the backward steps: the last nb forward steps, t = n-1 down to n-nb
  const nb = p.truncateGradient >= 0 ? minimum(n, i64(p.truncateGradient)) : n;
  const start = p.truncateGradient >= 0 ? add(n, mul(nb, i64(-1))) : i64(0);
  const backRows = (x: TensorVariable, offset: number) =>
    flip(sliceRows(x, add(start, i64(offset)), add(n, i64(offset))), 0);

  // placeholders of the backward step, and the sequences feeding them
  const bSeqs: ScanSeqSpec[] = [];
  const ps = innerSeqs.map((v, k) => {
    const ph = v.type.make(v.name);
    bSeqs.push({ outer: backRows(seqs[k]!, 0), inner: ph });
    return ph;
  });
  const px = tapInputs.map((vs, j) =>
    vs.map((v, k) => {
      const ph = v.type.make(v.name);
      const L = tapLength(taps[j]!);
      bSeqs.push({ outer: backRows(outputs[j]!, L + taps[j]![k]!), inner: ph });
      return ph;
    }),
  );
  const pgy = inner.outputs.slice(0, nRec).map((y, j) => {
    const g = gOuts[j];
    if (!g) return null;
    const ph = y.type.make('gy');
    bSeqs.push({ outer: backRows(g, tapLength(taps[j]!)), inner: ph });
    return ph;
  });
  const pgz = inner.outputs.slice(nRec, nRec + nNitSot).map((z, i) => {
    const g = gOuts[nRec + i];
    if (!g) return null;
    const ph = z.type.make('gz');
    bSeqs.push({ outer: backRows(g, 0), inner: ph });
    return ph;
  });
  const pw = innerNonSeqs.map((v) => v.type.make(v.name));
  const pc = px.map((vs) => vs.map((v) => v.type.make('carried')));

  // the forward step on the placeholders, and its vector-Jacobian product
  const subst = new Map<TensorVariable, TensorVariable>();
  innerSeqs.forEach((v, k) => {
    subst.set(v, ps[k]!);
  });
  tapInputs.forEach((vsj, j) => {
    vsj.forEach((v, k) => {
      subst.set(v, px[j]![k]!);
    });
  });
  innerNonSeqs.forEach((v, q) => {
    subst.set(v, pw[q]!);
  });
  const fwd = replace(inner.outputs.slice(0, nRec + nNitSot), subst);
  const fs: TensorVariable[] = [];
  const vs: TensorVariable[] = [];
  fwd.slice(0, nRec).forEach((y, j) => {
    if (isDiscreteDType(y.dtype)) return;
    const terms = [...(pgy[j] ? [pgy[j]!] : []), ...pc[j]!];
    fs.push(y);
    vs.push(terms.length === 1 ? terms[0]! : add(terms[0]!, terms[1]!, ...terms.slice(2)));
  });
  fwd.slice(nRec).forEach((z, i) => {
    if (pgz[i] && !isDiscreteDType(z.dtype)) {
      fs.push(z);
      vs.push(pgz[i]!);
    }
  });
  const wrt = [...ps, ...px.flat(), ...pw];
  const lops = fs.length
    ? (Lop(fs, wrt, vs, { disconnectedInputs: 'ignore', nullIfDisconnected: true }) as (TensorVariable | null)[])
    : wrt.map(() => null);
  const gSeqs = lops.slice(0, ps.length);
  const gTaps: (TensorVariable | null)[][] = [];
  let k0 = ps.length;
  for (const vsj of px) {
    gTaps.push(lops.slice(k0, k0 + vsj.length));
    k0 += vsj.length;
  }
  const gNonSeqs = lops.slice(k0);

  // states: one carried gradient per tap, one accumulator per differentiable non-sequence
  const states: ScanStateSpec[] = [];
  px.forEach((vsj, j) => {
    vsj.forEach((v, k) => {
      const tap = taps[j]![k]!;
      const g = gTaps[j]![k] ?? zerosLike(v);
      states.push({
        init: zerosLike(sliceRows(outputs[j]!, 0, -tap)),
        taps: [tap],
        inner: [pc[j]![k]!],
        out: isDiscreteDType(v.dtype) ? zerosLike(v) : g,
      });
    });
  });
  const accIndex: number[] = [];
  gNonSeqs.forEach((g, q) => {
    if (!g || isDiscreteDType(nonSeqs[q]!.dtype)) return;
    const acc = pw[q]!.type.make('acc');
    accIndex[q] = states.length;
    states.push({ init: padLeft(zerosLike(nonSeqs[q]!)), taps: [-1], inner: [acc], out: add(acc, g) });
  });
  const nitIndex: number[] = [];
  const nitSots: TensorVariable[] = [];
  gSeqs.forEach((g, k) => {
    if (!g || isDiscreteDType(seqs[k]!.dtype)) return;
    nitIndex[k] = nitSots.length;
    nitSots.push(g);
  });
  const back = makeScan({
    name: `grad_of_${p.name}`,
    nSteps: nb,
    seqs: bSeqs,
    states,
    nitSots,
    nonSeqs: innerNonSeqs.map((_, q) => ({ outer: nonSeqs[q]!, inner: pw[q]! })),
    until: null,
    truncateGradient: -1,
  });
  const nStates = states.length;

  // the gradients of the outer inputs
  const gradSeqs = seqs.map((s, k) => {
    const i = nitIndex[k];
    if (i === undefined) return null;
    // rows n-nb .. n-1 of the sequence, in forward order
    return incRows(zerosLike(s), flip(back[nStates + i]!, 0), start, n);
  });
  let st = 0;
  const gradInits = inits.map((init, j) => {
    const L = tapLength(taps[j]!);
    const gB = gOuts[j];
    let g = gB ? sliceRows(gB, 0, L) : zerosLike(init);
    taps[j]!.forEach((tap) => {
      const D = back[st++]!;
      // the gradient the first -tap steps sent to the initial rows L+tap .. L-1 (all steps were taken back)
      let c = flip(sliceRows(D, nb, add(nb, i64(-tap))), 0);
      if (p.truncateGradient >= 0) c = mul(c, cast(eq(nb, n), c.dtype));
      g = incRows(g, c, L + tap, L);
    });
    return isDiscreteDType(init.dtype) ? null : g;
  });
  const gradNonSeqs = nonSeqs.map((_, q) => {
    const i = accIndex[q];
    return i === undefined ? null : subtensor(back[i]!, nb);
  });
  return [null, ...gradSeqs, ...gradInits, ...gradNonSeqs];
}

// ---------------------------------------------------------------------------------------------------------
// the loop on values (the reference backend's kernel)

function row(x: NDArray, i: number): NDArray {
  const rowShape = x.shape.slice(1);
  const size = rowShape.reduce((a, b) => a * b, 1) * (x.dtype === 'complex64' || x.dtype === 'complex128' ? 2 : 1);
  const data = (x.data as unknown as { slice(a: number, b: number): NDArray['data'] }).slice(i * size, (i + 1) * size);
  return new NDArray(data, rowShape, x.dtype);
}

function stack(rows: readonly NDArray[], rowShape: readonly number[], dtype: NDArray['dtype']): NDArray {
  const size = rowShape.reduce((a, b) => a * b, 1) * (dtype === 'complex64' || dtype === 'complex128' ? 2 : 1);
  const data = typedArrayFor(dtype, rows.length * size);
  rows.forEach((r, i) => {
    (data as unknown as { set(a: ArrayLike<number | bigint>, o: number): void }).set(
      (r.dtype === dtype ? r : r.astype(dtype)).data as ArrayLike<number | bigint>,
      i * size,
    );
  });
  return new NDArray(data, [rows.length, ...rowShape], dtype);
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, k) => d === b[k]);

/**
 * Runs a scan on values: `ins` are the node's input values, `step` runs the inner graph on its input values.
 * Returns the buffers and the nit-sot outputs, checking the steps' shapes against the initial states.
 */
export function runScan(
  p: Readonly<ScanParams>,
  ins: readonly NDArray[],
  outDTypes: readonly NDArray['dtype'][],
  step: (values: NDArray[]) => NDArray[],
): NDArray[] {
  const label = scanLabel(p);
  const { nSeqs, taps, nNitSot } = p;
  const nRec = taps.length;
  const n = ins[0]!.item();
  if (!Number.isInteger(n) || n < 0) throw new Error(`${label}: nSteps must be a non-negative integer, got ${n}`);
  const seqs = ins.slice(1, 1 + nSeqs);
  seqs.forEach((s, k) => {
    if (s.shape[0]! < n) {
      throw new Error(`${label}: sequence ${k} has ${s.shape[0]} rows, fewer than the ${n} steps`);
    }
  });
  const bufs: (NDArray | undefined)[][] = [];
  const rowShapes: number[][] = [];
  ins.slice(1 + nSeqs, 1 + nSeqs + nRec).forEach((init, j) => {
    const L = tapLength(taps[j]!);
    if (init.shape[0] !== L) {
      throw new Error(
        `${label}: the initial state of output ${j} has ${init.shape[0]} rows, its taps [${taps[j]!.join(', ')}] need ${L}`,
      );
    }
    rowShapes.push(init.shape.slice(1));
    bufs.push(Array.from({ length: L }, (_, i) => row(init, i)));
  });
  const nonSeqs = ins.slice(1 + nSeqs + nRec);
  const nits: NDArray[][] = Array.from({ length: nNitSot }, () => []);
  for (let t = 0; t < n; t++) {
    const args: NDArray[] = seqs.map((s) => row(s, t));
    taps.forEach((tj, j) => {
      const L = tapLength(tj);
      for (const tap of tj) args.push(bufs[j]![t + L + tap]!);
    });
    const outs = step([...args, ...nonSeqs]);
    for (let j = 0; j < nRec; j++) {
      const y = outs[j]!;
      const hist = bufs[j]!;
      if (!sameShape(y.shape, rowShapes[j]!)) {
        throw new Error(
          `${label}: step ${t} gave output ${j} the shape ${shapeToString(y.shape)}, its initial state has ${shapeToString(rowShapes[j]!)}`,
        );
      }
      hist.push(y);
      // an output without history keeps its last L values only (the oldest is never read again)
      if (p.lastOnly?.[j]) hist[t] = undefined;
    }
    for (let i = 0; i < nNitSot; i++) {
      const z = outs[nRec + i]!;
      const first = nits[i]![0];
      if (first && !sameShape(first.shape, z.shape)) {
        throw new Error(
          `${label}: step ${t} gave output ${nRec + i} the shape ${shapeToString(z.shape)}, step 0 ${shapeToString(first.shape)}`,
        );
      }
      nits[i]!.push(z);
    }
    if (p.until && outs[outs.length - 1]!.item() !== 0) break;
  }
  const result: NDArray[] = bufs.map((b, j) =>
    stack((p.lastOnly?.[j] ? b.slice(b.length - tapLength(taps[j]!)) : b) as NDArray[], rowShapes[j]!, outDTypes[j]!),
  );
  nits.forEach((zs, i) => {
    const shape = zs[0]?.shape ?? p.inner.outputs[nRec + i]!.type.shape.map((d) => d ?? 0);
    result.push(stack(zs, shape, outDTypes[nRec + i]!));
  });
  return result;
}
