/**
 * Reductions: `Sum`, `Max`, `Min` over a set of axes (the reduced dimensions are dropped; `keepdims` adds
 * them back with a `DimShuffle`), and `mean` built from `Sum` and the shape, as Theano builds it.
 */
import { type DType, dtypeKind, isDiscreteDType } from '../dtype.js';
import { type Apply, applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { ReduceOptions, TensorLike, TensorVariable } from '../graph/variable.js';
import * as PR from '../perform/reduce.js';
import { TensorType } from '../type.js';
import { cast, eq, mul, second, trueDiv } from './elemwise.js';
import { type DefinedOp, defineOp, type OpDef } from './op-def.js';
import { dimshuffle, shapeI } from './shape.js';

/** Parameters of a reduction: the reduced axes (sorted; null for all). */
export interface ReduceParams {
  /** The reduced axes, sorted (null: all). */
  axis: readonly number[] | null;
  /** Sum only: the accumulator dtype (Theano's `acc_dtype`). */
  accDtype?: DType;
}

/** The reductions' primitive names. */
export type ReduceName = 'sum' | 'max' | 'min';

/** Theano's output dtype of `Sum`: integers and bool accumulate into int64; floats keep theirs. */
export function sumDType(d: DType): DType {
  return dtypeKind(d) === 'int' || d === 'bool' ? 'int64' : d;
}

function accDType(d: DType): DType {
  const kind = dtypeKind(d);
  switch (kind) {
    case 'bool':
    case 'int':
      return 'int64';
    case 'float':
      return 'float64';
    case 'complex':
      return 'complex128';
    default:
      return kind satisfies never;
  }
}

function reducedShape(x: TensorVariable, axis: readonly number[] | null): (number | null)[] {
  return x.type.shape.filter((_, d) => axis !== null && !axis.includes(d));
}

/** The order that puts reduced axes back as broadcastable dimensions. */
function restoreOrder(ndim: number, axis: readonly number[] | null): (number | 'x')[] {
  const order: (number | 'x')[] = [];
  let k = 0;
  for (let d = 0; d < ndim; d++) order.push(axis === null || axis.includes(d) ? 'x' : k++);
  return order;
}

function axisLabel(axis: readonly number[] | null): string {
  return axis === null ? '' : `axis=[${axis.join(', ')}]`;
}

/** `Sum{axis, acc_dtype}`. */
export const SUM: DefinedOp<ReduceParams> = defineOp<ReduceParams>({
  name: 'sum',
  family: 'reduce',
  inferTypes: ([x], { axis }) => [TensorType.fromShape(sumDType(x!.dtype), reducedShape(x!, axis))],
  // d Σ x = dz broadcast back over the summed axes
  grad([x], _o, [gz], { axis }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    const g = second(x!, dimshuffle(gz, restoreOrder(x!.ndim, axis)));
    return [cast(g, x!.dtype)];
  },
  format: ({ axis, accDtype }) =>
    axis === null ? `Sum{acc_dtype=${accDtype}}` : `Sum{${axisLabel(axis)}, acc_dtype=${accDtype}}`,
  inferShape: reducedInferShape,
  perform: ([x], { axis }, node) => [PR.sum(x!, axis, node.outputs[0]!.dtype)],
});

/** A reduction's output dimension k: the k-th input dimension not reduced. */
function reducedInferShape(
  node: Apply,
  _out: number,
  axis: number,
  dim: (input: number, axis: number) => TensorVariable,
  { axis: reduced }: Readonly<ReduceParams>,
): TensorVariable | null {
  if (reduced === null) return null;
  const kept = [...Array(node.inputs[0]!.ndim).keys()].filter((d) => !reduced.includes(d));
  return kept[axis] === undefined ? null : dim(0, kept[axis]);
}

function extremumDef(name: 'max' | 'min', label: string): DefinedOp<ReduceParams> {
  return defineOp<ReduceParams>({
    name,
    family: 'reduce',
    inferTypes([x], { axis }) {
      if (dtypeKind(x!.dtype) === 'complex') {
        throw new TypeError(`${label}: complex values (${x} is ${x!.dtype}) have no ordering`);
      }
      return [TensorType.fromShape(x!.dtype, reducedShape(x!, axis))];
    },
    // d max x = dz where x equals the maximum (every tied element receives it, as Theano)
    grad([x], [z], [gz], { axis }) {
      if (!gz || isDiscreteDType(x!.dtype)) return [null];
      const order = restoreOrder(x!.ndim, axis);
      const mask = cast(eq(x!, dimshuffle(z!, order)), gz.dtype);
      return [cast(mul(mask, dimshuffle(gz, order)), x!.dtype)];
    },
    inferShape: reducedInferShape,
    perform: ([x], { axis }, node) => [(name === 'max' ? PR.max : PR.min)(x!, axis, node.outputs[0]!.dtype)],
    format: ({ axis }) => (axis === null ? label : `${label}{${axisLabel(axis)}}`),
  });
}

/** `Max{axis}`. */
export const MAX = extremumDef('max', 'Max');
/** `Min{axis}`. */
export const MIN = extremumDef('min', 'Min');

/** Normalizes the `axis` option against `ndim`: sorted, non-negative, unique; null for all axes. */
export function normalizeAxis(
  opName: string,
  ndim: number,
  opts: ReduceOptions | undefined,
): {
  axis: number[] | null;
  keepdims: boolean;
} {
  let raw: number | readonly number[] | null | undefined;
  let keepdims = false;
  if (opts === undefined || opts === null || typeof opts === 'number' || Array.isArray(opts)) {
    raw = opts as number | readonly number[] | null | undefined;
  } else {
    const o = opts as { axis?: number | readonly number[] | null; keepdims?: boolean };
    raw = o.axis;
    keepdims = o.keepdims ?? false;
  }
  if (raw === undefined || raw === null) return { axis: null, keepdims };
  const list = typeof raw === 'number' ? [raw] : [...raw];
  const out = new Set<number>();
  for (const a of list) {
    if (!Number.isInteger(a) || a < -ndim || a >= ndim) {
      throw new TypeError(`${opName}: axis ${a} is out of range for a tensor of ${ndim} dimensions`);
    }
    out.add(a < 0 ? a + ndim : a);
  }
  const axis = [...out].sort((a, b) => a - b);
  return { axis: axis.length === ndim ? null : axis, keepdims };
}

function reduce(def: OpDef<ReduceParams>, label: string, x: TensorLike, opts?: ReduceOptions): TensorVariable {
  const v = asTensorVariable(x, label);
  const { axis, keepdims } = normalizeAxis(label, v.ndim, opts);
  if (v.ndim === 0 && def !== SUM) return v;
  const params: ReduceParams = def === SUM ? { axis, accDtype: accDType(v.dtype) } : { axis };
  const r = applyOp(new Op(def, params), [v]).outputs[0]!;
  return keepdims ? dimshuffle(r, restoreOrder(v.ndim, axis)) : r;
}

/** Sum over `axis` (all axes by default): `T.sum(x, { axis: 1, keepdims: true })`. */
export function sum(x: TensorLike, opts?: ReduceOptions): TensorVariable {
  return reduce(SUM, 'sum', x, opts);
}

/** Sum over `axes`, keeping them as broadcastable dimensions. */
export function sumKeepdims(x: TensorVariable, axes: readonly number[]): TensorVariable {
  return sum(x, { axis: axes, keepdims: true });
}

/** Maximum over `axis`. */
export function max(x: TensorLike, opts?: ReduceOptions): TensorVariable {
  return reduce(MAX, 'max', x, opts);
}

/** Minimum over `axis`. */
export function min(x: TensorLike, opts?: ReduceOptions): TensorVariable {
  return reduce(MIN, 'min', x, opts);
}

/** Mean over `axis`: the sum divided by the number of elements reduced (integers give float64). */
export function mean(x: TensorLike, opts?: ReduceOptions): TensorVariable {
  const v = asTensorVariable(x, 'mean');
  const { axis, keepdims } = normalizeAxis('mean', v.ndim, opts);
  let s = sum(v, { axis, keepdims });
  if (isDiscreteDType(s.dtype)) s = cast(s, 'float64');
  const axes = axis ?? Array.from({ length: v.ndim }, (_, i) => i);
  let staticCount = 1;
  const dynamic: TensorVariable[] = [];
  for (const a of axes) {
    const d = v.type.shape[a];
    if (typeof d === 'number') staticCount *= d;
    else dynamic.push(shapeI(v, a));
  }
  let n: TensorVariable = constant(staticCount, { dtype: s.dtype });
  if (dynamic.length) {
    const prod = dynamic.length === 1 ? dynamic[0]! : mul(dynamic[0]!, dynamic[1]!, ...dynamic.slice(2));
    n = cast(prod, s.dtype);
    if (staticCount !== 1) n = mul(n, constant(staticCount, { dtype: s.dtype }));
  }
  return trueDiv(s, n);
}
