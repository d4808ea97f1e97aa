/**
 * Cases of the tensor module (`tensor.<family>.<name>...`): each builds a graph with the public API in one
 * dtype, compiles it on the case's backend (FAST_RUN and, with `modes`, FAST_COMPILE), calls it and
 * compares every output with a value worked out independently (numpy, or by hand). A spec with several
 * dtypes becomes one case per dtype (`….float64`, `….float32`), so backends without float64 (WebGL) still
 * pass the float32 one. `covers` names the functions of `T` the case exercises: the coverage table of the
 * tensor module (`tensor-names.ts`) is computed from it.
 */
import type { DType, NDArray, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type CaseContext, type ConformanceCase, SECTIONS } from './case.js';
import { call, compile, type Expected, expectClose, expectEqual } from './check.js';

/** The section of the tensor module's cases. */
export const TENSOR_SECTION = 'tensor';

/** A conformance case of the tensor module, with the names it covers. */
export interface TensorCase extends ConformanceCase {
  /** The names of `T` (camelCase) this case exercises. */
  readonly covers: readonly string[];
}

/** One graph to check: its inputs with their values, its outputs with the expected values and dtypes. */
export interface Check {
  /** Graph inputs and the values they are called with. */
  readonly inputs?: readonly (readonly [TensorVariable, unknown])[];
  /** The outputs. */
  readonly outputs: readonly TensorVariable[];
  /** The expected values, one per output (nested arrays; numbers for scalars). */
  readonly expected: readonly Expected[];
  /** The expected dtype of each output (default: the case's dtype). */
  readonly dtypes?: readonly DType[];
  /** The expected shape of each output, when the expected value cannot say it (an empty array). */
  readonly shapes?: readonly (readonly number[])[];
}

/** What a tensor case spec says. */
export interface TensorCaseSpec {
  /** `family.name[.variant]`, without the `tensor.` prefix and the dtype suffix. */
  readonly id: string;
  /** The names of `T` it exercises (camelCase). */
  readonly covers: readonly string[];
  /** What the case checks, in a sentence (the dtype is appended). */
  readonly description: string;
  /** The dtypes to run it in (default float64 and float32). */
  readonly dtypes?: readonly DType[];
  /** Builds the graph in `dtype` (use `T.tensor(dtype, …)` or `theano.array(v, dtype)`). */
  readonly build: (dtype: DType) => Check | readonly Check[];
}

/** Compiles and runs one check on the case's backend, and compares. */
export async function runCheck(ctx: CaseContext, dtype: DType, check: Check, label = ''): Promise<NDArray[]> {
  const ins = check.inputs ?? [];
  const f = compile(
    ctx,
    ins.map(([v]) => v),
    [...check.outputs],
  );
  const out = await call(ctx, f, ...ins.map(([, v]) => v));
  expectEqual(out.length, check.expected.length, `${label}number of outputs`);
  out.forEach((o, i) => {
    const dt = check.dtypes?.[i] ?? dtype;
    const shape = check.shapes?.[i];
    if (shape) expectEqual(o.shape.join(','), shape.join(','), `${label}shape of output ${i}`);
    expectClose(o, check.expected[i]!, dt, `${label}output ${i} (${check.outputs[i]})`);
  });
  return out;
}

/** A family of checks that runs the same in every float dtype (the nnet, pool and control-flow cases). */
export interface CheckSpec {
  readonly id: string;
  readonly description: string;
  /** Builds the checks in `dtype`. */
  readonly build: (dtype: DType) => readonly Check[];
}

/** One case per float dtype, id `<prefix>.<id>.<dtype>`, every check of the spec run on the case's backend. */
export function checkCases(prefix: string, section: string, spec: CheckSpec): ConformanceCase[] {
  return (['float64', 'float32'] as const).map((dtype) => ({
    id: `${prefix}.${spec.id}.${dtype}`,
    section,
    dtype,
    description: `${spec.description} (${dtype})`,
    async run(ctx: CaseContext) {
      const checks = spec.build(dtype);
      for (let k = 0; k < checks.length; k++) {
        await runCheck(ctx, dtype, checks[k]!, checks.length > 1 ? `check ${k}: ` : '');
      }
    },
  }));
}

/** The cases of one spec: one per dtype, id `tensor.<id>.<dtype>`. */
export function tensorCase(spec: TensorCaseSpec): TensorCase[] {
  const dtypes = spec.dtypes ?? (['float64', 'float32'] as const);
  return dtypes.map((dtype) => ({
    id: `tensor.${spec.id}.${dtype}`,
    section: TENSOR_SECTION,
    dtype,
    description: `${spec.description} (${dtype})`,
    covers: spec.covers,
    async run(ctx: CaseContext) {
      const built = spec.build(dtype);
      const checks: readonly Check[] = Array.isArray(built) ? built : [built as Check];
      for (let k = 0; k < checks.length; k++)
        await runCheck(ctx, dtype, checks[k]!, checks.length > 1 ? `check ${k}: ` : '');
    },
  }));
}

/** A constant of `dtype` from nested numbers (shorthand for `theano.array(v, dtype)`). */
export const arr = (v: Expected, dtype: DType): NDArray => theano.array(v as never, dtype);

export { SECTIONS };
