/**
 * The reference backend's execution plan beyond core's schedule: which nodes it does not run and which
 * nodes may write their result into an input's storage.
 *
 * - A `DimShuffle{1,0}` (a matrix transpose) read only by `dot` nodes is bypassed: the dots read the
 *   untransposed matrix with swapped strides (gemm's transA/transB), so the transpose is never copied.
 * - In-place elementwise (Theano's `inplace_elemwise` rewrite): a fused elementwise node (`Composite`) may
 *   write its result into the storage of an input that nothing reads afterwards, instead of allocating. The
 *   checks are Theano's: the input must be a value computed by this run into storage of its own (never a
 *   graph input, so never an argument or a shared variable's value, never a constant), neither it nor any
 *   value that may share its storage (a view of it, or the result of any node not known to allocate) may
 *   be a graph output or be read by a later step, and it must have the result's dtype and broadcast
 *   pattern. The kernel checks its shape and storage again at run time and allocates where they differ.
 */
import {
  type Apply,
  DIMSHUFFLE,
  type ExecutionStep,
  executionPlan,
  type FunctionGraph,
  type PlanOptions,
  type TensorVariable,
} from '@theano-ts/core';
import { ELEMWISE_NAMES } from './kernels/elemwise.js';

/** Whether `node` is a `DimShuffle{1,0}` of a matrix. */
export function isTranspose(node: Apply): boolean {
  const order = DIMSHUFFLE.match(node)?.order;
  return order !== undefined && order.length === 2 && order[0] === 1 && order[1] === 0 && node.inputs[0]!.ndim === 2;
}

/** The plan options of every graph the reference backend runs (one object: core caches plans per options). */
export const REF_PLAN: PlanOptions = {
  // a transpose read by dots only: each dot reads the matrix itself, flagged as transposed
  bypass: (node, readers) => isTranspose(node) && readers.every((r) => r.op.kind === 'dot'),
};

/**
 * Ops whose kernels always return new storage on this backend (never an input's, never a kept value):
 * every other op's result is taken to possibly share storage with its inputs.
 */
const FRESH: ReadonlySet<string> = new Set([
  ...ELEMWISE_NAMES,
  'composite',
  'dot',
  'sum',
  'max',
  'min',
  'softmax',
  'log_softmax',
]);

/** Ops that may write their result into an input (their kernels take the position). */
const DESTROYERS: ReadonlySet<string> = new Set(['composite']);

/** Per step that may run in place, the positions of the inputs it may overwrite, in order of preference. */
const inplaceSteps = new WeakMap<ExecutionStep, readonly number[]>();
const analysed = new WeakSet<FunctionGraph>();

/**
 * Makes `fg`'s plan (core's, with `REF_PLAN`) and its in-place analysis, once per graph; `runGraph` calls it
 * before each run. Steps inside a lazy node's branches never run in place.
 */
export function prepare(fg: FunctionGraph): void {
  if (analysed.has(fg)) return;
  for (const [step, positions] of analyse(fg, executionPlan(fg, REF_PLAN).steps)) inplaceSteps.set(step, positions);
  analysed.add(fg);
}

/** The inputs `step` may overwrite (none: undefined). */
export const inplaceOf = (step: ExecutionStep): readonly number[] | undefined => inplaceSteps.get(step);

function analyse(fg: FunctionGraph, steps: readonly ExecutionStep[]): Map<ExecutionStep, readonly number[]> {
  // the last top-level step that reads each value (a read inside a lazy branch counts as its lazy step's)
  const lastRead = new Map<TensorVariable, number>();
  // the values that may share storage with each value: the results of non-FRESH nodes reading it
  const sharers = new Map<TensorVariable, TensorVariable[]>();
  const visit = (s: ExecutionStep, k: number) => {
    for (const v of s.inputs) {
      lastRead.set(v, k);
      if (!FRESH.has(s.node.op.kind)) {
        const list = sharers.get(v) ?? [];
        list.push(...s.node.outputs);
        sharers.set(v, list);
      }
    }
    if (s.lazy) for (const b of [s.lazy.ifTrue, s.lazy.ifFalse]) for (const inner of b.steps) visit(inner, k);
  };
  steps.forEach(visit);
  const outputs = new Set(fg.outputs);
  // true when no value sharing v's storage (v included) is an output or is read after step k
  const deadAfter = (v: TensorVariable, k: number): boolean => {
    const seen = new Set<TensorVariable>();
    const todo = [v];
    while (todo.length > 0) {
      const a = todo.pop()!;
      if (seen.has(a)) continue;
      seen.add(a);
      if (outputs.has(a) || (lastRead.get(a) ?? -1) > k) return false;
      todo.push(...(sharers.get(a) ?? []));
    }
    return true;
  };
  const result = new Map<ExecutionStep, readonly number[]>();
  steps.forEach((s, k) => {
    const node = s.node;
    if (!DESTROYERS.has(node.op.kind) || node.outputs.length !== 1) return;
    const out = node.outputs[0]!;
    const positions: number[] = [];
    s.inputs.forEach((v, i) => {
      const owner = v.owner;
      if (s.bypassed[i] || owner === null || !FRESH.has(owner.op.kind)) return;
      if (v.dtype !== out.dtype || v.ndim !== out.ndim) return;
      if (v.type.broadcastable.some((b, d) => b && !out.type.broadcastable[d])) return;
      if (deadAfter(v, k)) positions.push(i);
    });
    if (positions.length > 0) result.set(s, positions);
  });
  return result;
}
