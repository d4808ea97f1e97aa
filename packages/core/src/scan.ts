/**
 * `theano.scan` and its shorthands (`map`, `reduce`, `foldl`, `foldr`, `until`): the user-facing builder
 * of the `Scan` op (`ops/scan.ts`). It calls the step function once on placeholders, in Theano's argument
 * order (sequence slices per tap, previous outputs per tap, non-sequences), reads what it returned
 * (outputs, a Map of shared-variable updates, `theano.until(cond)`), turns each updated shared variable into
 * a recurrent state, and returns `[outputs, updates]` as Theano does.
 */

import { isIntDType } from './dtype.js';
import { asTensorVariable, constant } from './graph/constant.js';
import { freeInputs, replace, sharedInputs } from './graph/fgraph.js';
import { SharedVariable, TensorConstant, type TensorLike, TensorVariable } from './graph/variable.js';
import { minimum, sub } from './ops/elemwise.js';
import { makeScan, padLeft, type ScanSeqSpec, type ScanStateSpec, sliceRows, tapLength } from './ops/scan.js';
import { shape } from './ops/shape.js';
import { flip } from './ops/shape-join.js';
import { subtensor } from './ops/subtensor.js';
import { TensorType } from './type.js';

/** The condition a step returns to stop the loop after this step (`theano.until(cond)`). */
export class Until {
  /** The condition: the loop stops after the step where it is true. */
  readonly condition: TensorVariable;
  constructor(condition: TensorVariable) {
    this.condition = condition;
  }
}

/** `theano.until(cond)`: returned by a scan step (with its outputs) to stop after the step where cond holds. */
export function until(cond: TensorLike): Until {
  const c = asTensorVariable(cond, 'theano.until');
  if (c.ndim !== 0) throw new TypeError(`theano.until: the condition must be a scalar, got ${c} (${c.type})`);
  return new Until(c);
}

/** A sequence: a variable (tap 0), or `{ input, taps }` (step t reads `input[t + tap]`, shifted to start at 0). */
export type SequenceInfo =
  | TensorVariable
  | {
      /** The sequence (iterated over its leading axis). */
      readonly input: TensorLike;
      /** The rows each step sees, relative to the current one (default [0]). */
      readonly taps?: readonly number[];
    };

/**
 * An output's feedback: null (not fed back), an initial state (fed back at tap -1), or
 * `{ initial, taps }` (negative taps; with taps other than [-1] the initial value has a leading axis of at
 * least `-min(taps)` rows, oldest first).
 */
export type OutputInfo =
  | TensorVariable
  | null
  | undefined
  | {
      /** The initial state (null or absent: the output is not fed back). */
      readonly initial?: TensorLike | null;
      /** The earlier values each step sees, as negative offsets (default [-1]). */
      readonly taps?: readonly number[];
    };

/** Updates of shared variables: each with its new value (what `theano.function({ updates })` takes). */
export type ScanUpdates = Map<SharedVariable, TensorVariable>;

/** What a step function may return. */
export type StepResult =
  | TensorLike
  | Until
  | ReadonlyMap<SharedVariable, TensorLike>
  | readonly (TensorLike | Until | ReadonlyMap<SharedVariable, TensorLike> | readonly TensorLike[])[];

/** Options of `theano.scan`. */
export interface ScanOptions {
  /** The step: `(…sequence slices, …previous outputs, …non-sequences) => outputs / updates / until`. */
  readonly fn: (...args: TensorVariable[]) => StepResult;
  /** What the steps iterate over (first axis). */
  readonly sequences?: SequenceInfo | readonly SequenceInfo[];
  /** One entry per output of `fn` (see `OutputInfo`); absent: no output is fed back. */
  readonly outputsInfo?: OutputInfo | readonly OutputInfo[];
  /** Values passed unchanged to every step. */
  readonly nonSequences?: TensorLike | readonly TensorLike[];
  /** The number of steps (at most the sequences' length); needed when there are no sequences. */
  readonly nSteps?: number | TensorVariable;
  /** Iterate over the sequences from the end (the outputs are in the order of the steps). */
  readonly goBackwards?: boolean;
  /** Back-propagate through the last `truncateGradient` steps only (-1, the default: all). */
  readonly truncateGradient?: number;
  /** Require every shared or outer variable the step reads to be a non-sequence. */
  readonly strict?: boolean;
  /** The scan's name (errors, printing). */
  readonly name?: string;
}

/** The outputs of `scan`: one variable (a single output) or an array, and the updates. */
export type ScanResult = [TensorVariable | TensorVariable[], ScanUpdates];

interface Built {
  /** Per output of fn, what the user sees (without the initial rows). */
  outputs: TensorVariable[];
  /** Per output of fn, its last value (`outputs[-1]`, or the initial state after zero steps). */
  last: TensorVariable[];
  updates: ScanUpdates;
}

const isUntil = (v: unknown): v is Until => v instanceof Until;
const isMap = (v: unknown): v is ReadonlyMap<SharedVariable, TensorLike> => v instanceof Map;

function parseResult(
  r: StepResult,
  where: string,
): { outs: TensorVariable[]; updates: [SharedVariable, TensorVariable][]; cond: TensorVariable | null } {
  const outs: TensorVariable[] = [];
  const updates: [SharedVariable, TensorVariable][] = [];
  let cond: TensorVariable | null = null;
  const take = (v: unknown, k: number) => {
    if (isUntil(v)) {
      if (cond) throw new TypeError(`${where}: fn returned theano.until twice`);
      cond = v.condition;
    } else if (isMap(v)) {
      for (const [s, e] of v) {
        if (!(s instanceof SharedVariable)) {
          throw new TypeError(`${where}: an update's key must be a shared variable, got ${String(s)}`);
        }
        updates.push([s, asTensorVariable(e, `${where} (update of ${s})`)]);
      }
    } else if (v === null || v === undefined) {
      throw new TypeError(
        `${where}: fn returned ${v} at position ${k}; expected a variable, an array of variables, a Map of updates or theano.until(cond)`,
      );
    } else {
      outs.push(asTensorVariable(v as TensorLike, `${where} (output ${outs.length} of fn)`));
    }
  };
  if (Array.isArray(r) && r.some((v) => v instanceof TensorVariable || isUntil(v) || isMap(v) || Array.isArray(v))) {
    r.forEach((v, k) => {
      if (Array.isArray(v)) for (const w of v) take(w, k);
      else take(v, k);
    });
  } else take(r, 0);
  return { outs, updates, cond };
}

const asList = <T>(v: T | readonly T[] | undefined): readonly T[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as readonly T[]) : [v as T];

function checkTaps(taps: readonly number[], where: string, negative: boolean): void {
  if (taps.length === 0) throw new TypeError(`${where}: taps must not be empty`);
  if (new Set(taps).size !== taps.length) throw new TypeError(`${where}: taps [${taps.join(', ')}] repeat a tap`);
  for (const t of taps) {
    if (!Number.isInteger(t)) throw new TypeError(`${where}: taps must be integers, got ${t}`);
    if (negative && t >= 0) {
      throw new TypeError(`${where}: an output's taps must be negative (earlier steps), got [${taps.join(', ')}]`);
    }
  }
}

/** The options `theano.scan` reads (an unknown one is a TypeError naming it). */
const SCAN_OPTIONS: readonly string[] = [
  'fn',
  'sequences',
  'outputsInfo',
  'nonSequences',
  'nSteps',
  'goBackwards',
  'truncateGradient',
  'strict',
  'name',
];

const rowType = (v: TensorVariable) => TensorType.fromShape(v.dtype, v.type.shape.slice(1));

function build(opts: ScanOptions): Built {
  const name = opts.name ?? 'scan_fn';
  const where = `theano.scan(${name})`;
  if (typeof opts.fn !== 'function') throw new TypeError(`${where}: fn must be a function, got ${typeof opts.fn}`);
  const unknown = Object.keys(opts).filter((k) => !SCAN_OPTIONS.includes(k));
  if (unknown.length > 0) {
    throw new TypeError(`${where}: unknown option '${unknown[0]}' (its options are ${SCAN_OPTIONS.join(', ')})`);
  }
  const goBackwards = opts.goBackwards ?? false;
  const truncate = opts.truncateGradient ?? -1;
  if (!Number.isInteger(truncate) || (truncate < 0 && truncate !== -1)) {
    throw new TypeError(`${where}: truncateGradient must be -1 or a non-negative integer, got ${truncate}`);
  }

  // sequences: their tap slices, aligned to start at step 0
  type Seq = { input: TensorVariable; taps: readonly number[] };
  const seqs: Seq[] = asList(opts.sequences).map((s, k) => {
    const entry =
      s instanceof TensorVariable || typeof s !== 'object' || s === null || !('input' in s)
        ? { input: s as TensorLike, taps: [0] }
        : { input: s.input, taps: s.taps ?? [0] };
    const input = asTensorVariable(entry.input, `${where} (sequence ${k})`);
    if (input.ndim < 1) {
      throw new TypeError(`${where}: sequence ${k} (${input}) must have at least 1 dimension, got a scalar`);
    }
    checkTaps(entry.taps, `${where}: sequence ${k}`, false);
    return { input: goBackwards ? flip(input, 0) : input, taps: entry.taps };
  });

  // the number of steps: the shortest sequence (after its taps), and nSteps
  let nSteps: TensorVariable | null = null;
  if (opts.nSteps !== undefined && opts.nSteps !== null) {
    if (typeof opts.nSteps === 'number') {
      if (!Number.isInteger(opts.nSteps) || opts.nSteps < 0) {
        throw new RangeError(`${where}: nSteps must be a non-negative integer, got ${opts.nSteps}`);
      }
      nSteps = constant(opts.nSteps, { dtype: 'int64' });
    } else {
      const v = asTensorVariable(opts.nSteps, `${where} (nSteps)`);
      if (v.ndim !== 0 || !isIntDType(v.dtype)) {
        throw new TypeError(`${where}: nSteps must be an integer scalar, got ${v} (${v.type})`);
      }
      if (v instanceof TensorConstant && v.value.item() < 0) {
        throw new RangeError(`${where}: nSteps must be a non-negative integer, got ${v.value.item()}`);
      }
      nSteps = v;
    }
  }
  if (seqs.length === 0 && nSteps === null) {
    throw new TypeError(`${where}: give sequences or nSteps (without sequences, nSteps sets the number of steps)`);
  }
  const span = (s: Seq) => Math.max(...s.taps) - Math.min(...s.taps);
  const staticLens = seqs.map((s) => {
    const d = s.input.type.shape[0];
    return d === null || d === undefined ? null : d - span(s);
  });
  staticLens.forEach((len, k) => {
    if (len !== null && len < 0) {
      throw new RangeError(
        `${where}: sequence ${k} has ${seqs[k]!.input.type.shape[0]} rows, too few for its taps [${seqs[k]!.taps.join(', ')}]`,
      );
    }
  });
  let n: TensorVariable;
  const nStatic = nSteps instanceof TensorConstant ? nSteps.value.item() : null;
  if (staticLens.every((l) => l !== null) && (nSteps === null || nStatic !== null)) {
    const all = [...(staticLens as number[]), ...(nStatic !== null ? [nStatic] : [])];
    n = constant(Math.min(...all), { dtype: 'int64' });
  } else {
    const lens = seqs.map((s) => sub(subtensor(shape(s.input), 0), constant(span(s), { dtype: 'int64' })));
    if (nSteps) lens.push(nSteps);
    n = lens.reduce((a, b) => minimum(a, b));
  }

  const seqSpecs: ScanSeqSpec[] = [];
  const args: TensorVariable[] = [];
  for (const s of seqs) {
    const mn = Math.min(...s.taps);
    for (const tap of s.taps) {
      const ph = rowType(s.input).make(
        s.input.name ? `${s.input.name}[t${tap < 0 ? tap : tap > 0 ? `+${tap}` : ''}]` : null,
      );
      const start = tap - mn;
      seqSpecs.push({
        outer: sliceRows(s.input, start, n instanceof TensorConstant ? start + n.value.item() : addI(n, start)),
        inner: ph,
      });
      args.push(ph);
    }
  }

  // outputs fed back: their initial buffers and a placeholder per tap
  type Info = { init: TensorVariable; taps: readonly number[]; inner: TensorVariable[] } | null;
  const infoList =
    opts.outputsInfo === undefined ? null : asList(opts.outputsInfo as OutputInfo | readonly OutputInfo[]);
  const infos: Info[] = (infoList ?? []).map((o, j) => {
    if (o === null || o === undefined) return null;
    let initial: TensorLike | null | undefined;
    let taps: readonly number[];
    if (o instanceof TensorVariable || typeof o !== 'object' || Array.isArray(o) || !('initial' in o || 'taps' in o)) {
      initial = o as TensorLike;
      taps = [-1];
    } else {
      const d = o as { initial?: TensorLike | null; taps?: readonly number[] };
      initial = d.initial;
      taps = d.taps ?? [-1];
      if (initial === null || initial === undefined) {
        if (d.taps) throw new TypeError(`${where}: outputsInfo[${j}] has taps but no initial state`);
        return null;
      }
    }
    checkTaps(taps, `${where}: outputsInfo[${j}]`, true);
    const init = asTensorVariable(initial, `${where} (outputsInfo[${j}].initial)`);
    const sitSot = taps.length === 1 && taps[0] === -1;
    const L = tapLength(taps);
    if (!sitSot) {
      if (init.ndim < 1) {
        throw new TypeError(
          `${where}: outputsInfo[${j}] has taps [${taps.join(', ')}], so its initial value needs a leading axis of at least ${L} rows; got ${init} (${init.type})`,
        );
      }
      const d = init.type.shape[0];
      if (d !== null && d !== undefined && d < L) {
        throw new RangeError(
          `${where}: outputsInfo[${j}]'s initial value has ${d} rows, its taps [${taps.join(', ')}] need ${L}`,
        );
      }
    }
    const t = sitSot ? init.type : rowType(init);
    const inner = taps.map((tap) => t.make(`${init.name ?? `out${j}`}[t${tap}]`));
    args.push(...inner);
    return { init: sitSot ? padLeft(init) : sliceRows(init, 0, L), taps, inner };
  });

  // non-sequences: placeholders (shared variables are passed themselves, as Theano does)
  const nonSeqOuter = asList(opts.nonSequences).map((v, q) => asTensorVariable(v, `${where} (nonSequences[${q}])`));
  const nonSeqSpecs: ScanSeqSpec[] = [];
  for (const v of nonSeqOuter) {
    if (v instanceof SharedVariable || v instanceof TensorConstant) args.push(v);
    else {
      const ph = v.type.make(v.name);
      nonSeqSpecs.push({ outer: v, inner: ph });
      args.push(ph);
    }
  }

  const result = parseResult(opts.fn(...args), where);
  const { outs, cond } = result;
  // Theano's scan collects the default updates of the shared variables the step reads (a RandomStreams
  // draw): each becomes a recurrent state too, so every step draws anew and the state after the last step
  // is the update returned
  const explicit = new Set(result.updates.map(([sv]) => sv));
  for (let grew = true; grew; ) {
    grew = false;
    const read = sharedInputs([...outs, ...result.updates.map(([, e]) => e), ...(cond ? [cond] : [])]);
    for (const sv of read) {
      if (sv.defaultUpdate && !explicit.has(sv)) {
        result.updates.push([sv, sv.defaultUpdate]);
        explicit.add(sv);
        grew = true;
      }
    }
  }
  if (infoList && infoList.length !== outs.length) {
    throw new TypeError(
      `${where}: fn returned ${outs.length} output${outs.length === 1 ? '' : 's'}, but outputsInfo has ${infoList.length} entr${infoList.length === 1 ? 'y' : 'ies'}`,
    );
  }
  outs.forEach((y, j) => {
    const info = infos[j];
    if (!info) return;
    const want = info.inner[0]!;
    if (y.dtype !== want.dtype || y.ndim !== want.ndim) {
      throw new TypeError(
        `${where}: output ${j} of fn is ${y.dtype} with ${y.ndim} dimension(s), but its initial state (outputsInfo[${j}]) is ${want.dtype} with ${want.ndim}; they must match (cast one of them)`,
      );
    }
  });

  // shared variables updated by the step become recurrent states read at tap -1
  const shStates = result.updates.map(([s, e], k) => {
    if (e.dtype !== s.dtype || e.ndim !== s.ndim) {
      throw new TypeError(`${where}: the update of ${s} (${s.type}) is ${e} of type ${e.type}; they must match`);
    }
    return { shared: s, expr: e, ph: s.type.make(s.name ?? `shared${k}`) };
  });
  const swap = new Map<TensorVariable, TensorVariable>(shStates.map((u) => [u.shared, u.ph]));
  const bodies = replace([...outs, ...shStates.map((u) => u.expr), ...(cond ? [cond] : [])], swap);
  const newOuts = bodies.slice(0, outs.length);
  const newUpd = bodies.slice(outs.length, outs.length + shStates.length);
  const newCond = cond ? bodies[bodies.length - 1]! : null;

  if (opts.strict) {
    const allowed = new Set<TensorVariable>([...args, ...nonSeqOuter, ...shStates.map((u) => u.ph)]);
    const used = [...freeInputs(bodies), ...sharedInputs(bodies)].filter((v) => !allowed.has(v));
    if (used.length) {
      throw new TypeError(
        `${where}: strict is set, but fn reads ${used.map(String).join(', ')}, which ${used.length === 1 ? 'is' : 'are'} not in nonSequences`,
      );
    }
  }

  const states: ScanStateSpec[] = [];
  const nitSots: TensorVariable[] = [];
  const placement: ({ kind: 'state'; k: number; L: number } | { kind: 'nit'; k: number })[] = [];
  newOuts.forEach((y, j) => {
    const info = infos[j];
    if (info) {
      placement.push({ kind: 'state', k: states.length, L: tapLength(info.taps) });
      states.push({ init: info.init, taps: info.taps, inner: info.inner, out: y });
    } else {
      placement.push({ kind: 'nit', k: nitSots.length });
      nitSots.push(y);
    }
  });
  const firstShared = states.length;
  shStates.forEach((u, k) => {
    states.push({ init: padLeft(u.shared), taps: [-1], inner: [u.ph], out: newUpd[k]! });
  });
  const node = makeScan({
    name,
    nSteps: n,
    seqs: seqSpecs,
    states,
    nitSots,
    nonSeqs: nonSeqSpecs,
    until: newCond,
    truncateGradient: truncate,
  });
  const outputs: TensorVariable[] = [];
  const last: TensorVariable[] = [];
  for (const w of placement) {
    if (w.kind === 'state') {
      const B = node[w.k]!;
      outputs.push(sliceRows(B, w.L, null));
      last.push(subtensor(B, -1));
    } else {
      const Z = node[states.length + w.k]!;
      outputs.push(Z);
      last.push(subtensor(Z, -1));
    }
  }
  const updates: ScanUpdates = new Map();
  shStates.forEach((u, k) => {
    updates.set(u.shared, subtensor(node[firstShared + k]!, -1));
  });
  return { outputs, last, updates };
}

function addI(n: TensorVariable, k: number): TensorVariable {
  return k === 0 ? n : sub(n, constant(-k, { dtype: 'int64' }));
}

/**
 * `theano.scan({ fn, sequences, outputsInfo, nonSequences, nSteps, goBackwards, truncateGradient, strict,
 * name })`: a loop as a graph. Returns `[outputs, updates]`: one variable when fn has one output (else an
 * array), each with one row per step taken (the initial states left out), and the updates of the shared
 * variables fn updates (their values after the last step), for `theano.function({ updates })`.
 */
export function scan(opts: ScanOptions): ScanResult {
  const b = build(opts);
  return [b.outputs.length === 1 ? b.outputs[0]! : b.outputs, b.updates];
}

/** Options of `map`, `reduce`, `foldl` and `foldr` beyond their positional arguments. */
export interface ScanShorthandOptions {
  /** Iterate over the sequences from the end. */
  readonly goBackwards?: boolean;
  /** The scan's name, for errors and printing (default: the shorthand's, `map`, `reduce`, …). */
  readonly name?: string;
}

/** `theano.map(fn, sequences, nonSequences)`: fn applied to each row of the sequences. */
export function map(
  fn: ScanOptions['fn'],
  sequences: ScanOptions['sequences'],
  nonSequences?: ScanOptions['nonSequences'],
  opts: ScanShorthandOptions = {},
): ScanResult {
  return scan({ fn, sequences, nonSequences, ...opts, name: opts.name ?? 'map' });
}

/**
 * `theano.reduce(fn, sequences, outputsInfo, nonSequences)`: a scan of which only the last value of each
 * output is returned (`outputs[-1]`).
 */
export function reduce(
  fn: ScanOptions['fn'],
  sequences: ScanOptions['sequences'],
  outputsInfo: ScanOptions['outputsInfo'],
  nonSequences?: ScanOptions['nonSequences'],
  opts: ScanShorthandOptions = {},
): ScanResult {
  const b = build({ fn, sequences, outputsInfo, nonSequences, ...opts, name: opts.name ?? 'reduce' });
  return [b.last.length === 1 ? b.last[0]! : b.last, b.updates];
}

/** `theano.foldl(fn, sequences, outputsInfo, nonSequences)`: `reduce` from the first row on. */
export function foldl(
  fn: ScanOptions['fn'],
  sequences: ScanOptions['sequences'],
  outputsInfo: ScanOptions['outputsInfo'],
  nonSequences?: ScanOptions['nonSequences'],
  opts: Omit<ScanShorthandOptions, 'goBackwards'> = {},
): ScanResult {
  return reduce(fn, sequences, outputsInfo, nonSequences, { name: 'foldl', ...opts, goBackwards: false });
}

/** `theano.foldr(fn, sequences, outputsInfo, nonSequences)`: `reduce` from the last row back. */
export function foldr(
  fn: ScanOptions['fn'],
  sequences: ScanOptions['sequences'],
  outputsInfo: ScanOptions['outputsInfo'],
  nonSequences?: ScanOptions['nonSequences'],
  opts: Omit<ScanShorthandOptions, 'goBackwards'> = {},
): ScanResult {
  return reduce(fn, sequences, outputsInfo, nonSequences, { name: 'foldr', ...opts, goBackwards: true });
}
