/**
 * Elementwise ops (Theano's `Elemwise` over a scalar op): arithmetic, transcendental functions,
 * comparisons and casts. Operands of lower rank are padded on the left by an implicit `DimShuffle`, and a
 * dimension broadcasts only where its type says it may (static size 1). Each op's gradient is written for
 * the output's shape; `elemwiseGrad` sums it back over the dimensions an input was broadcast along.
 */
import type { DType } from '../dtype.js';
import { DTYPES, isDiscreteDType, isDType, promoteWeak, realDType, upgradeToFloat } from '../dtype.js';
import { type Apply, applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant, makeConstant } from '../graph/constant.js';
import { isWeak, TensorConstant, type TensorLike, type TensorVariable } from '../graph/variable.js';
import { performElemwise } from '../perform/elemwise.js';
import * as S from '../scalar/impl.js';
import * as B from '../scalar/int64.js';
import { TensorType } from '../type.js';
import { type DefinedOp, defineOp, type MaybeGrad, type OpDef } from './op-def.js';
import { sumKeepdims } from './reduce.js';
import { dimshuffle, setDimProduct } from './shape.js';

/** The elementwise primitives. */
export type ElemwiseName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'true_div'
  | 'int_div'
  | 'mod'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'eq'
  | 'neq'
  | 'second'
  | 'neg'
  | 'abs'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sgn'
  | 'cast';

/** Parameters of an elementwise op (only `cast` has one: its target dtype). */
export interface ElemwiseParams {
  /** `cast`: the target dtype. */
  dtype?: DType;
}

/** How an elementwise op's output dtype follows from its inputs. */
export type DTypeRule = (inputs: readonly TensorVariable[], params: ElemwiseParams) => DType;
/** A gradient rule in the output's shape: `gz` is the output gradient, `z` the output. */
export type ElemGradRule = (inputs: readonly TensorVariable[], z: TensorVariable, gz: TensorVariable) => MaybeGrad[];

function promoteInputs(inputs: readonly TensorVariable[]): DType {
  const strong = inputs.filter((v) => !isWeak(v)).map((v) => v.dtype);
  const weak = inputs.filter((v) => isWeak(v)).map((v) => v.dtype);
  return promoteWeak(strong, weak);
}
/** Output dtype: the inputs' promotion. */
export const promoteRule: DTypeRule = (inputs) => promoteInputs(inputs);
/** Output dtype: the inputs' promotion, upgraded to float for integers (transcendental functions). */
export const floatRule: DTypeRule = (inputs) => upgradeToFloat(promoteInputs(inputs));
/** Output dtype: bool (comparisons, predicates). */
export const boolRule: DTypeRule = () => 'bool';

/** A variable's static shape as `(2, ?)`: `?` where the size is not known before running. */
function staticShape(v: TensorVariable): string {
  const dims = v.type.shape.map((d) => (d === null ? '?' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

/** Static output shape of an elementwise op, or an error naming the op and both inputs. */
export function broadcastTypes(opName: string, inputs: readonly TensorVariable[]): (number | null)[] {
  const ndim = inputs[0]!.ndim;
  inputs.forEach((v, i) => {
    if (v.ndim !== ndim) {
      throw new TypeError(
        `${opName}: input ${i} (${v}) has ${v.ndim} dimensions but input 0 (${inputs[0]}) has ${ndim}; elementwise inputs must have the same rank after padding`,
      );
    }
  });
  const out: (number | null)[] = [];
  for (let d = 0; d < ndim; d++) {
    let known: number | null = null;
    let knownFrom = -1;
    let allOne = true;
    inputs.forEach((v, i) => {
      const s = v.type.shape[d]!;
      if (s !== 1) allOne = false;
      if (s !== null && s !== 1) {
        if (known !== null && known !== s) {
          throw new TypeError(
            `${opName}: shapes do not broadcast: input ${knownFrom} (${inputs[knownFrom]}) of static shape ${staticShape(inputs[knownFrom]!)} has size ${known} and input ${i} (${v}) of static shape ${staticShape(v)} has size ${s} at dimension ${d}`,
          );
        }
        known = s;
        knownFrom = i;
      }
    });
    out.push(known ?? (allOne ? 1 : null));
  }
  return out;
}

/**
 * An elementwise op's scalar implementation (see `scalar/impl.ts`): `float` computes on doubles; `int` (all
 * inputs integer or bool) is exact in doubles while results stay below 2^53; `int32` (all inputs integer and
 * a result of 32 bits or fewer, which wraps) may compute modulo 2^32; `bigint` (all inputs integer or bool
 * and an int64 input or result) computes exactly on BigInts, its result wrapped to int64 by the store (see
 * `scalar/int64.ts`); `complex` on `[re, im]` pairs (absent: the op has no complex form). The fold of an n-ary op applies the two-argument function left to right, and
 * the caller stores the final double into the output dtype with astype's rules.
 */
export interface ScalarImpl {
  /** The implementation on doubles (every op has it). */
  readonly float: S.ScalarFn;
  /** All inputs integer or bool: exact in doubles while results stay below 2^53. */
  readonly int?: S.ScalarFn;
  /** All inputs integer and a result of 32 bits or fewer: may compute modulo 2^32. */
  readonly int32?: S.ScalarFn;
  /** An int64 input or result: exact on BigInts, wrapped to int64 by the store. */
  readonly bigint?: B.BigScalarFn;
  /** On `[re, im]` pairs (absent: the op has no complex form). */
  readonly complex?: S.ComplexFn;
}

/** The declaration of one elementwise op: the single entry that says everything about it. */
export interface ElemSpec {
  /** The op's name: the key of every backend's table (`add`, `erf`). */
  name: string;
  /** Theano's scalar op name, for printing (`abs_`). */
  scalar: string;
  /** How many inputs it takes (`'n'`: two or more, folded left to right). */
  arity: number | 'n';
  /** The output dtype from the inputs'. */
  dtype: DTypeRule;
  /** The gradient, in the output's shape (`elemDef` sums it back over broadcast dimensions). */
  grad: ElemGradRule;
  /** What the op computes on one element. */
  impl: ScalarImpl;
  /** The infix operator it prints as, in `pp` and in Composite labels (`+`, `**`). */
  infix?: string;
  /**
   * Its `pp` form when not infix: `'function'` writes `name(args)` (Theano's FunctionPrinter), or a function
   * of the printed arguments; absent: `Elemwise{name,no_inplace}(args)`.
   */
  pp?: 'function' | ((args: readonly string[], node: Apply) => string);
  /** The op as other elementwise ops, for backends with no rendering of it (extended ops). */
  decompose?: (inputs: readonly TensorVariable[]) => TensorVariable;
}

/** The definition of an elementwise op: an `OpDef` that also carries its scalar entry. */
export interface ElemwiseDef extends DefinedOp<ElemwiseParams> {
  /** The declaration it was built from (arity, printed name, scalar implementation). */
  readonly spec: Readonly<ElemSpec>;
}

/** `theano.pp`'s form of an elementwise op with a printer (`infix` or `pp` in its spec). */
function ppElemwise(spec: Readonly<ElemSpec>, args: readonly string[], node: Apply): string {
  if (spec.infix) return `(${args.join(` ${spec.infix} `)})`;
  if (typeof spec.pp === 'function') return spec.pp(args, node);
  return `${spec.name}(${args.join(', ')})`;
}

/**
 * The scalar op as a Composite label writes it: infix operators, `(-x)`, `float32(x)` for casts, else
 * `name(args)` (Theano's scalar printing).
 */
export function scalarLabel(spec: Readonly<ElemSpec>, args: readonly string[], outDtype: DType): string {
  if (spec.infix) return `(${args.join(` ${spec.infix} `)})`;
  if (spec.name === 'neg') return `(-${args[0]})`;
  if (spec.name === 'cast') return `${outDtype}(${args[0]})`;
  return `${spec.name}(${args.join(', ')})`;
}

/**
 * An elementwise node's output size in a dimension: that of an input not broadcastable there (typed
 * broadcasting makes them all equal), or 1 when every input broadcasts.
 */
export function elemwiseInferShape(
  node: Apply,
  _out: number,
  axis: number,
  dim: (input: number, axis: number) => TensorVariable,
): TensorVariable | number {
  const k = node.inputs.findIndex((x) => !x.type.broadcastable[axis]);
  return k < 0 ? 1 : dim(k, axis);
}

/** An elementwise op's definition from its spec (shared by the primitives and the extended ops). */
export function elemDef(spec: ElemSpec): ElemwiseDef {
  const decompose = spec.decompose;
  const base = defineOp<ElemwiseParams>({
    name: spec.name,
    family: 'elemwise',
    inferTypes(inputs, params) {
      const label = `Elemwise{${spec.name}}`;
      if (spec.arity === 'n' ? inputs.length < 2 : inputs.length !== spec.arity) {
        throw new TypeError(
          `${label}: expected ${spec.arity === 'n' ? 'at least 2' : spec.arity} inputs, got ${inputs.length}`,
        );
      }
      const shape = broadcastTypes(label, inputs);
      return [TensorType.fromShape(spec.dtype(inputs, params), shape)];
    },
    grad(inputs, outputs, outputGrads) {
      const gz = outputGrads[0];
      const z = outputs[0]!;
      if (!gz || isDiscreteDType(z.dtype)) return inputs.map(() => null);
      const raw = spec.grad(inputs, z, gz);
      return raw.map((g, i) => (g && !isDiscreteDType(inputs[i]!.dtype) ? reduceToInput(g, inputs[i]!) : null));
    },
    format(params) {
      return spec.name === 'cast' ? `Elemwise{Cast{${params.dtype}}}` : `Elemwise{${spec.scalar},no_inplace}`;
    },
    perform: (inputs, _params, node) => [performElemwise(spec, inputs, node.outputs[0]!.dtype)],
    ...(spec.infix || spec.pp ? { pp: (args: readonly string[], node: Apply) => ppElemwise(spec, args, node) } : {}),
    inferShape: elemwiseInferShape,
    ...(decompose ? { decompose: (inputs: readonly TensorVariable[]) => [decompose(inputs)] } : {}),
  });
  return Object.freeze({ ...base, spec: Object.freeze({ ...spec }) });
}

/** The elementwise definition behind an op, or null for any other op (a typed matcher). */
export function elemwiseDefOf(def: OpDef<object>): ElemwiseDef | null {
  return 'spec' in def && def.family === 'elemwise' ? (def as ElemwiseDef) : null;
}

/** Sums a gradient over the dimensions an input was broadcast along, and casts it to the input's dtype. */
export function reduceToInput(g: TensorVariable, input: TensorVariable): TensorVariable {
  const axes: number[] = [];
  input.broadcastable.forEach((b, d) => {
    if (b && !g.broadcastable[d]) axes.push(d);
  });
  let r = axes.length ? sumKeepdims(g, axes) : g;
  if (r.dtype !== input.dtype) r = cast(r, input.dtype);
  return r;
}

const none: ElemGradRule = (inputs) => inputs.map(() => null);

/** Every elementwise op's definition, keyed by primitive name. */
export const ELEMWISE_DEFS: { readonly [K in ElemwiseName]: ElemwiseDef } = {
  // d(a + b) = da + db
  add: elemDef({
    name: 'add',
    impl: { float: (a, b) => a + b, bigint: (a, b) => a + b, complex: ([a, b], [c, d]) => [a + c, b + d] },
    scalar: 'add',
    infix: '+',
    arity: 'n',
    dtype: promoteRule,
    grad: (ins, _z, gz) => ins.map(() => gz),
  }),
  // d(a - b) = da - db
  sub: elemDef({
    name: 'sub',
    impl: { float: (a, b) => a - b, bigint: (a, b) => a - b, complex: ([a, b], [c, d]) => [a - c, b - d] },
    scalar: 'sub',
    infix: '-',
    arity: 2,
    dtype: promoteRule,
    grad: (_i, _z, gz) => [gz, neg(gz)],
  }),
  // d(∏ aᵢ) = Σ (∏_{j≠i} aⱼ) daᵢ
  mul: elemDef({
    name: 'mul',
    impl: {
      float: (a, b) => a * b,
      int32: Math.imul,
      bigint: (a, b) => B.wrap64(a * b),
      complex: ([a, b], [c, d]) => [a * c - b * d, a * d + b * c],
    },
    scalar: 'mul',
    infix: '*',
    arity: 'n',
    dtype: promoteRule,
    grad: (ins, _z, gz) =>
      ins.map((_, i) => ins.reduce<TensorVariable>((acc, v, j) => (j === i ? acc : mul(acc, v)), gz)),
  }),
  // d(a / b) = da / b - a db / b²
  true_div: elemDef({
    name: 'true_div',
    impl: { float: (a, b) => a / b, complex: S.complexDiv },
    scalar: 'true_div',
    infix: '/',
    arity: 2,
    dtype: floatRule,
    grad: ([a, b], _z, gz) => [trueDiv(gz, b!), neg(trueDiv(mul(gz, a!), mul(b!, b!)))],
  }),
  // floor(a / b) is piecewise constant: zero gradient
  int_div: elemDef({
    name: 'int_div',
    impl: { float: S.floatFloorDiv, int: S.intFloorDiv, bigint: B.bigFloorDiv },
    scalar: 'int_div',
    infix: '//',
    arity: 2,
    dtype: promoteRule,
    grad: none,
  }),
  // d(a mod b) = da - floor(a / b) db
  mod: elemDef({
    name: 'mod',
    impl: { float: S.floatMod, int: S.intMod, bigint: B.bigMod },
    scalar: 'mod',
    pp: 'function',
    arity: 2,
    dtype: promoteRule,
    grad: ([a, b], _z, gz) => [gz, neg(mul(gz, intDiv(a!, b!)))],
  }),
  // d(a ** b) = b a^(b-1) da + log(a) a^b db
  pow: elemDef({
    name: 'pow',
    impl: { float: S.floatPow, int: S.intPow, int32: S.intPow32, bigint: B.bigPow },
    scalar: 'pow',
    infix: '**',
    arity: 2,
    dtype: promoteRule,
    grad: ([a, b], z, gz) => [mul(mul(gz, b!), pow(a!, sub(b!, 1))), mul(mul(gz, log(a!)), z)],
  }),
  // d max(a, b) = [a is the max] da + [b is the max] db (ties pass to both, as Theano)
  maximum: elemDef({
    name: 'maximum',
    impl: { float: S.maximum, bigint: B.bigMaximum },
    scalar: 'maximum',
    pp: 'function',
    arity: 2,
    dtype: promoteRule,
    grad: ([a, b], z, gz) => [mul(gz, cast(eq(z, a!), gz.dtype)), mul(gz, cast(eq(z, b!), gz.dtype))],
  }),
  minimum: elemDef({
    name: 'minimum',
    impl: { float: S.minimum, bigint: B.bigMinimum },
    scalar: 'minimum',
    pp: 'function',
    arity: 2,
    dtype: promoteRule,
    grad: ([a, b], z, gz) => [mul(gz, cast(eq(z, a!), gz.dtype)), mul(gz, cast(eq(z, b!), gz.dtype))],
  }),
  // comparisons: boolean outputs carry no gradient
  lt: elemDef({
    name: 'lt',
    impl: { float: (a, b) => (a < b ? 1 : 0), bigint: (a, b) => B.bit(a < b) },
    scalar: 'lt',
    pp: 'function',
    arity: 2,
    dtype: boolRule,
    grad: none,
  }),
  le: elemDef({
    name: 'le',
    impl: { float: (a, b) => (a <= b ? 1 : 0), bigint: (a, b) => B.bit(a <= b) },
    scalar: 'le',
    pp: 'function',
    arity: 2,
    dtype: boolRule,
    grad: none,
  }),
  gt: elemDef({
    name: 'gt',
    impl: { float: (a, b) => (a > b ? 1 : 0), bigint: (a, b) => B.bit(a > b) },
    scalar: 'gt',
    pp: 'function',
    arity: 2,
    dtype: boolRule,
    grad: none,
  }),
  ge: elemDef({
    name: 'ge',
    impl: { float: (a, b) => (a >= b ? 1 : 0), bigint: (a, b) => B.bit(a >= b) },
    scalar: 'ge',
    pp: 'function',
    arity: 2,
    dtype: boolRule,
    grad: none,
  }),
  eq: elemDef({
    name: 'eq',
    impl: {
      float: (a, b) => (a === b ? 1 : 0),
      bigint: (a, b) => B.bit(a === b),
      complex: ([a, b], [c, d]) => [a === c && b === d ? 1 : 0, 0],
    },
    scalar: 'eq',
    pp: 'function',
    arity: 2,
    dtype: boolRule,
    grad: none,
  }),
  neq: elemDef({
    name: 'neq',
    impl: {
      float: (a, b) => (a !== b ? 1 : 0),
      bigint: (a, b) => B.bit(a !== b),
      complex: ([a, b], [c, d]) => [a === c && b === d ? 0 : 1, 0],
    },
    scalar: 'neq',
    pp: 'function',
    arity: 2,
    dtype: boolRule,
    grad: none,
  }),
  // second(a, b) = b broadcast to a's shape: d = db (a contributes its shape only)
  second: elemDef({
    name: 'second',
    impl: { float: (_a, b) => b, bigint: (_a, b) => b, complex: (_a, b) => b },
    scalar: 'second',
    pp: (args) => `fill(${args.join(', ')})`,
    arity: 2,
    dtype: (ins) => ins[1]!.dtype,
    grad: (_i, _z, gz) => [null, gz],
  }),
  // d(-a) = -da
  neg: elemDef({
    name: 'neg',
    impl: { float: (a) => -a, bigint: (a) => -a, complex: ([a, b]) => [-a, -b] },
    scalar: 'neg',
    pp: ([a]) => `(-${a})`,
    arity: 1,
    dtype: promoteRule,
    grad: (_i, _z, gz) => [neg(gz)],
  }),
  // d|a| = sgn(a) da
  abs: elemDef({
    name: 'abs',
    impl: { float: Math.abs, bigint: B.bigAbs, complex: ([a, b]) => [Math.hypot(a, b), 0] },
    scalar: 'abs_',
    pp: ([a]) => `|${a}|`,
    arity: 1,
    dtype: (ins) => realDType(ins[0]!.dtype),
    grad: ([a], _z, gz) => [mul(gz, sgn(a!))],
  }),
  // d exp(a) = exp(a) da
  exp: elemDef({
    name: 'exp',
    impl: { float: Math.exp, complex: S.complexExp },
    scalar: 'exp',
    pp: 'function',
    arity: 1,
    dtype: floatRule,
    grad: (_i, z, gz) => [mul(gz, z)],
  }),
  // d log(a) = da / a
  log: elemDef({
    name: 'log',
    impl: { float: Math.log, complex: S.complexLog },
    scalar: 'log',
    pp: 'function',
    arity: 1,
    dtype: floatRule,
    grad: ([a], _z, gz) => [trueDiv(gz, a!)],
  }),
  // d sqrt(a) = da / (2 sqrt(a)) (the weak integer 2 keeps float32 graphs free of float64 nodes)
  sqrt: elemDef({
    name: 'sqrt',
    impl: { float: Math.sqrt, complex: S.complexSqrt },
    scalar: 'sqrt',
    pp: 'function',
    arity: 1,
    dtype: floatRule,
    grad: (_i, z, gz) => [trueDiv(gz, mul(z, 2))],
  }),
  // d sin(a) = cos(a) da
  sin: elemDef({
    name: 'sin',
    impl: { float: Math.sin },
    scalar: 'sin',
    pp: 'function',
    arity: 1,
    dtype: floatRule,
    grad: ([a], _z, gz) => [mul(gz, cos(a!))],
  }),
  // d cos(a) = -sin(a) da
  cos: elemDef({
    name: 'cos',
    impl: { float: Math.cos },
    scalar: 'cos',
    pp: 'function',
    arity: 1,
    dtype: floatRule,
    grad: ([a], _z, gz) => [neg(mul(gz, sin(a!)))],
  }),
  // d tanh(a) = (1 - tanh²(a)) da
  tanh: elemDef({
    name: 'tanh',
    impl: { float: Math.tanh },
    scalar: 'tanh',
    pp: 'function',
    arity: 1,
    dtype: floatRule,
    grad: (_i, z, gz) => [mul(gz, sub(1, mul(z, z)))],
  }),
  // sgn is piecewise constant: zero gradient
  sgn: elemDef({
    name: 'sgn',
    impl: { float: S.sgn, bigint: B.bigSgn },
    scalar: 'sgn',
    pp: 'function',
    arity: 1,
    dtype: promoteRule,
    grad: none,
  }),
  // d cast(a) = cast(da) back to a's dtype (reduceToInput does the cast)
  cast: elemDef({
    name: 'cast',
    impl: { float: (a) => a, complex: (a) => a },
    scalar: 'cast',
    pp: ([a], node) => `${node.outputs[0]!.dtype}(${a})`,
    arity: 1,
    dtype: (_i, p) => p.dtype!,
    grad: (_i, _z, gz) => [gz],
  }),
};

const opCache = new Map<string, Op<ElemwiseParams>>();
function elemOp(def: OpDef<ElemwiseParams>, params: ElemwiseParams = {}): Op<ElemwiseParams> {
  const k = `${def.name}:${params.dtype ?? ''}`;
  let op = opCache.get(k);
  if (!op) {
    op = new Op(def, params);
    opCache.set(k, op);
  }
  return op;
}

/** Pads each operand on the left with broadcastable dimensions up to the highest rank. */
export function padToRank(vars: readonly TensorVariable[]): TensorVariable[] {
  const ndim = Math.max(...vars.map((v) => v.ndim));
  return vars.map((v) => {
    if (v.ndim === ndim) return v;
    const order: (number | 'x')[] = [];
    for (let i = 0; i < ndim - v.ndim; i++) order.push('x');
    for (let i = 0; i < v.ndim; i++) order.push(i);
    return dimshuffle(v, order);
  });
}

/**
 * A weak float literal meeting a float32 computation becomes a float32 constant (as numpy's NEP 50 converts
 * a Python float to the array's dtype), so a float32 graph holds no float64 node: `fvector.mul(0.1)`.
 */
function narrowWeakFloats(vars: TensorVariable[]): TensorVariable[] {
  const target = promoteInputs(vars);
  if (target !== 'float32' && target !== 'complex64') return vars;
  const narrow = target === 'float32' ? 'float32' : 'complex64';
  return vars.map((v) => {
    if (!(v instanceof TensorConstant) || !v.weak || (v.dtype !== 'float64' && v.dtype !== 'complex128')) return v;
    return makeConstant(v.value.astype(v.dtype === 'float64' ? 'float32' : narrow), true);
  });
}

/** Applies an elementwise primitive to tensor-like operands. */
export function elemwise(
  name: ElemwiseName,
  operands: readonly TensorLike[],
  params: ElemwiseParams = {},
): TensorVariable {
  return applyElemwise(ELEMWISE_DEFS[name], operands, params);
}

/** Applies any elementwise op definition (primitive or extended) to tensor-like operands. */
export function applyElemwise(
  def: OpDef<ElemwiseParams>,
  operands: readonly TensorLike[],
  params: ElemwiseParams = {},
): TensorVariable {
  let vars = operands.map((x, i) => asTensorVariable(x, `Elemwise{${def.name}} input ${i}`));
  if (vars.length > 1) vars = narrowWeakFloats(vars);
  const node = applyOp(elemOp(def, params), padToRank(vars));
  return node.outputs[0]!;
}

/** `a + b (+ c …)`. */
export const add = (a: TensorLike, b: TensorLike, ...more: TensorLike[]): TensorVariable =>
  elemwise('add', [a, b, ...more]);
/** `a - b`. */
export const sub = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('sub', [a, b]);
/** `a * b (* c …)`. */
export const mul = (a: TensorLike, b: TensorLike, ...more: TensorLike[]): TensorVariable =>
  elemwise('mul', [a, b, ...more]);
/** `a / b`, true division (integers give floats). */
export const trueDiv = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('true_div', [a, b]);
/** `a // b`, floor division. */
export const intDiv = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('int_div', [a, b]);
/** `a % b`, with the sign of the divisor (Python's). */
export const mod = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('mod', [a, b]);
/** `a ** b`. */
export const pow = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('pow', [a, b]);
/** Elementwise maximum. */
export const maximum = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('maximum', [a, b]);
/** Elementwise minimum. */
export const minimum = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('minimum', [a, b]);
/** `a < b`. */
export const lt = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('lt', [a, b]);
/** `a <= b`. */
export const le = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('le', [a, b]);
/** `a > b`. */
export const gt = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('gt', [a, b]);
/** `a >= b`. */
export const ge = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('ge', [a, b]);
/** `a == b`, elementwise. */
export const eq = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('eq', [a, b]);
/** `a != b`, elementwise. */
export const neq = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('neq', [a, b]);
/** `b` broadcast to the shape of `a` (Theano's `second`, alias `fill`). */
export const second = (a: TensorLike, b: TensorLike): TensorVariable => elemwise('second', [a, b]);
/** `-a`. */
export const neg = (a: TensorLike): TensorVariable => elemwise('neg', [a]);
/** `|a|`. */
export const abs = (a: TensorLike): TensorVariable => elemwise('abs', [a]);
/** `exp(a)`. */
export const exp = (a: TensorLike): TensorVariable => elemwise('exp', [a]);
/** Natural logarithm. */
export const log = (a: TensorLike): TensorVariable => elemwise('log', [a]);
/** Square root. */
export const sqrt = (a: TensorLike): TensorVariable => elemwise('sqrt', [a]);
/** Sine. */
export const sin = (a: TensorLike): TensorVariable => elemwise('sin', [a]);
/** Cosine. */
export const cos = (a: TensorLike): TensorVariable => elemwise('cos', [a]);
/** Hyperbolic tangent. */
export const tanh = (a: TensorLike): TensorVariable => elemwise('tanh', [a]);
/** Sign: -1, 0 or 1. */
export const sgn = (a: TensorLike): TensorVariable => elemwise('sgn', [a]);

/** `a` converted to `dtype` (no node when it already has it). */
export function cast(a: TensorLike, dtype: DType): TensorVariable {
  const v = asTensorVariable(a, 'cast');
  if (!isDType(dtype)) {
    throw new TypeError(`cast: unknown dtype ${JSON.stringify(dtype)} for ${v} (the dtypes are ${DTYPES.join(', ')})`);
  }
  if (v.dtype === dtype) return v;
  return elemwise('cast', [v], { dtype });
}

/** Zeros with the shape and dtype of `a` (`T.zeros_like`). */
export function zerosLike(a: TensorLike, dtype?: DType): TensorVariable {
  const v = asTensorVariable(a, 'zerosLike');
  return second(v, constant(0, { dtype: dtype ?? v.dtype }));
}

/** Ones with the shape and dtype of `a` (`T.ones_like`). */
export function onesLike(a: TensorLike, dtype?: DType): TensorVariable {
  const v = asTensorVariable(a, 'onesLike');
  return second(v, constant(1, { dtype: dtype ?? v.dtype }));
}

/** The dtype an elementwise op on these operands would produce (numpy promotion, JS numbers weak). */
export function resultDType(...operands: TensorLike[]): DType {
  return promoteInputs(operands.map((x) => asTensorVariable(x)));
}

setDimProduct((a, b) => mul(a, b));
