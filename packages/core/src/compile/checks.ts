/**
 * The run-time checks of DebugMode and NanGuardMode.
 * - NanGuardMode compiles the optimized graph with every intermediate as an extra output, on the function's
 *   own backend, and raises on NaN, ±inf or |x| > 1e10, naming the first node that produced one.
 * - DebugMode runs the unoptimized graph node by node on the reference backend, raises on the first NaN or
 *   inf (naming the node), and checks the optimized function's outputs against the unoptimized ones.
 */
import { getBackend, listBackends } from '../backend.js';
import { isFloatDType } from '../dtype.js';
import type { Apply } from '../graph/apply.js';
import { FunctionGraph } from '../graph/fgraph.js';
import type { TensorVariable } from '../graph/variable.js';
import type { NDArray } from '../ndarray.js';
import { pp } from '../printing/index.js';
import type { Mode } from './mode.js';

/** Raised by DebugMode and NanGuardMode when a node computes a value they reject. */
export class InvalidValueError extends Error {
  /** The error's name, `'InvalidValueError'`. */
  override name = 'InvalidValueError';
}

/** Raised by DebugMode when the optimized graph disagrees with the unoptimized one. */
export class BadOptimizationError extends Error {
  /** The error's name, `'BadOptimizationError'`. */
  override name = 'BadOptimizationError';
}

/** A check wrapped around a compiled function. */
export interface RunCheck {
  /** The graph to compile instead of the optimized one (NanGuardMode adds intermediates as outputs). */
  readonly fgraph: FunctionGraph;
  /** Checks a call's results (raising), and returns the function's own outputs. */
  check(inputs: readonly NDArray[], results: NDArray[]): NDArray[];
}

function describe(node: Apply, index: number): string {
  return `node ${index} ${node.op} computing ${pp(node.outputs[0]!)}`;
}

function firstBad(value: NDArray, mode: { nan: boolean; inf: boolean; big: boolean }): string | null {
  if (!isFloatDType(value.dtype) && value.dtype !== 'complex64' && value.dtype !== 'complex128') return null;
  const v = value.toFloat64();
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (mode.nan && Number.isNaN(x)) return `NaN at flat index ${i}`;
    if (mode.inf && (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY))
      return `${x > 0 ? 'inf' : '-inf'} at flat index ${i}`;
    if (mode.big && Math.abs(x) > 1e10 && Number.isFinite(x)) return `a big value (${x}) at flat index ${i}`;
  }
  return null;
}

function intermediates(fg: FunctionGraph): { vars: TensorVariable[]; nodes: Apply[] } {
  const vars: TensorVariable[] = [];
  const nodes: Apply[] = [];
  for (const n of fg.nodes) {
    for (const o of n.outputs) {
      vars.push(o);
      nodes.push(n);
    }
  }
  return { vars, nodes };
}

/** The check for `mode`, or null when it has none. */
export function makeCheck(
  mode: Mode,
  where: string,
  inputs: readonly TensorVariable[],
  unoptimized: readonly TensorVariable[],
  optimized: FunctionGraph,
): RunCheck | null {
  if (mode.check === 'nanguard') {
    const { vars, nodes } = intermediates(optimized);
    const fg = new FunctionGraph(optimized.inputs, [...optimized.outputs, ...vars]);
    const n = optimized.outputs.length;
    const flags = { nan: mode.nanIsError, inf: mode.infIsError, big: mode.bigIsError };
    return {
      fgraph: fg,
      check(_inputs, results) {
        for (let k = 0; k < vars.length; k++) {
          const bad = firstBad(results[n + k]!, flags);
          if (bad) {
            throw new InvalidValueError(
              `NanGuardMode (${where}): ${describe(nodes[k]!, optimized.nodes.indexOf(nodes[k]!))} produced ${bad}`,
            );
          }
        }
        return results.slice(0, n);
      },
    };
  }
  if (mode.check === 'debug') {
    if (mode.reference === undefined && !listBackends().includes('ref')) {
      throw new Error(
        `${where}: DebugMode checks against the reference backend 'ref', which is not imported ` +
          "(import 'theano-ts' or '@theano-ts/backend-ref'), or name another with DebugMode({ reference })",
      );
    }
    const ref = getBackend(mode.reference ?? 'ref');
    if (!ref.compileSync) {
      throw new Error(`${where}: DebugMode's reference backend '${ref.name}' must run synchronously (compileSync)`);
    }
    const raw = new FunctionGraph(inputs, unoptimized);
    const { vars, nodes } = intermediates(raw);
    const checkFg = new FunctionGraph(inputs, [...unoptimized, ...vars]);
    const exec = ref.compileSync!(checkFg, { name: `${where} (DebugMode reference)` });
    const n = unoptimized.length;
    return {
      fgraph: optimized,
      check(ins, results) {
        const expected = exec.runSync!(ins);
        for (let k = 0; k < vars.length; k++) {
          const bad = firstBad(expected[n + k]!, { nan: true, inf: true, big: false });
          if (bad) {
            throw new InvalidValueError(`DebugMode (${where}): ${describe(nodes[k]!, k)} produced ${bad}`);
          }
        }
        for (let i = 0; i < n; i++) {
          const a = results[i]!;
          const b = expected[i]!;
          const tol = a.dtype === 'float32' || b.dtype === 'float32' ? 1e-4 : 1e-9;
          const av = a.toFloat64();
          const bv = b.toFloat64();
          const sameShape = a.ndim === b.ndim && a.shape.every((d, j) => d === b.shape[j]);
          let ok = sameShape && av.length === bv.length;
          for (let j = 0; ok && j < av.length; j++) {
            const x = av[j]!;
            const y = bv[j]!;
            if (!(x === y || Math.abs(x - y) <= tol * Math.max(1, Math.abs(y)) || (Number.isNaN(x) && Number.isNaN(y))))
              ok = false;
          }
          if (!ok) {
            throw new BadOptimizationError(
              `DebugMode (${where}): output ${i} of the optimized graph (${a.toString().slice(0, 80)}) differs from the unoptimized graph's (${b.toString().slice(0, 80)})`,
            );
          }
        }
        return results;
      },
    };
  }
  return null;
}
