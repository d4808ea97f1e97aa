/**
 * Code generation for fused elementwise nodes (`Composite`): the inner graph becomes one JavaScript loop that
 * computes every output element in a single pass, with no temporary arrays. Each inner node calls its op's
 * scalar function from core's table (`F[k]`, the same function the unfused kernel runs), values are read
 * from the input arrays, and identifiers are generated (`v0`, `t3`); no op name, variable name, constant or
 * user string ever becomes code. Each inner result is coerced to its node's dtype exactly as a typed-array
 * store does (Math.fround for float32, two's-complement wrap for ints, `!== 0` for bool), so the loop
 * computes bit for bit what the unfused nodes compute. A graph the generator cannot express (complex values,
 * a constant inside, an int64 result, or an integer op that core computes exactly on BigInts because an input
 * is int64) falls back to interpretation (`null`), which runs core's exact kernels. An int64 input may still
 * feed a float op or a cast to float64 or bool in the loop: its double is the exactly rounded value. A cast
 * of an int64 input to float32 is generated only where every int64 input's values lie within ±2^53 (checked
 * when the node runs, a loop of its own): their doubles are then exact, and `Math.fround` rounds once, as
 * core's cast does (the mean's `float32(n)` of a batch size, say).
 *
 * Compiling a loop needs `new Function`, which a page served with a Content-Security-Policy lacking
 * `'unsafe-eval'` (`script-src 'self'`) refuses with an EvalError. The first fused node run asks once whether
 * code generation is allowed (a trivial `new Function` in a try/catch, remembered); where it is not, every
 * composite node is interpreted, which computes the same values, only slower. `setCodegen('off')` forces
 * that path (tests; a page that wants no eval attempt at all, not even the one probe its CSP reports).
 */
import {
  type Apply,
  broadcastShapes,
  COMPOSITE,
  type DType,
  elemwiseDefOf,
  expandValues,
  type FunctionGraph,
  NDArray,
  type scalar,
  scalarFnFor,
  type TensorVariable,
  typedArrayFor,
  usesBigInt,
} from '@theano-ts/core';

type ScalarFn = scalar.ScalarFn;

/** `expr` coerced to `dtype` exactly as storing into that dtype's typed array does (null: not generated). */
function coerce(expr: string, dtype: DType): string | null {
  switch (dtype) {
    case 'float64':
      return expr;
    case 'float32':
      return `Math.fround(${expr})`;
    case 'int32':
      return `((${expr}) | 0)`;
    case 'int16':
      return `(((${expr}) << 16) >> 16)`;
    case 'int8':
      return `(((${expr}) << 24) >> 24)`;
    case 'bool':
      return `((${expr}) !== 0 ? 1 : 0)`; // NaN is true, as numpy's astype(bool)
    default:
      return null;
  }
}

/** The Math functions a scalar entry may be (inlined as `Math.name(x)`). */
const MATH_NAMES = ['abs', 'exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'log1p', 'expm1', 'imul', 'max', 'min'] as const;

const inlined = new WeakMap<ScalarFn, ((args: readonly string[]) => string) | null>();

/**
 * A scalar function of core's table as expression text, generated from the function itself: a `Math`
 * builtin becomes `Math.name(args)`, and a one-expression arrow function over its parameters, operators and
 * number literals (`(a, b) => a + b`) has its parameters replaced by the argument expressions. Anything else
 * (a named function with statements) returns null and is called instead. The text is the function's own
 * source, never user input, and the arguments are generated identifiers.
 */
function inlineText(f: ScalarFn, arity: number): ((args: readonly string[]) => string) | null {
  if (inlined.has(f)) return inlined.get(f)!;
  let r: ((args: readonly string[]) => string) | null = null;
  const math = MATH_NAMES.find((m) => (Math as unknown as Record<string, unknown>)[m] === f);
  if (math) r = (args) => `Math.${math}(${args.join(', ')})`;
  else {
    const m = /^\(?\s*([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s*\)?\s*=>\s*([^{};]+)$/.exec(f.toString().trim());
    const params = m ? [m[1]!, m[2]].filter((p): p is string => p !== undefined) : [];
    if (m && params.length === arity) {
      const body = m[3]!.trim();
      const idents = body.match(/[A-Za-z_$][\w$]*/g) ?? [];
      if (idents.every((id) => params.includes(id))) {
        r = (args) => `(${body.replace(/[A-Za-z_$][\w$]*/g, (id) => `(${args[params.indexOf(id)]})`)})`;
      }
    }
  }
  inlined.set(f, r);
  return r;
}

/**
 * The expression of one inner node: a call of the op's scalar function `F[k]` (core's implementation, chosen
 * for the node's dtypes as the unfused kernel chooses it), folded left to right for n-ary ops.
 */
function expression(node: Apply, a: readonly string[], fns: ScalarFn[], int64Exact: boolean): string | null {
  const def = elemwiseDefOf(node.op.def);
  if (!def) return null;
  const out = node.outputs[0]!.dtype;
  const ins = node.inputs.map((v) => v.dtype);
  if (def.spec.name === 'cast') {
    // an int64 value read as a double is exactly rounded as a float64 (or as a truth value); as a float32
    // only where the double is exact (then Math.fround rounds once)
    if (ins[0] !== 'int64' || out === 'float64' || out === 'bool') return a[0]!;
    return int64Exact && out === 'float32' ? a[0]! : null;
  }
  if (ins.some((d) => d === 'complex64' || d === 'complex128')) return null;
  // integer ops on int64 are computed exactly on BigInts by core's kernel, not in a double loop
  if (def.spec.impl.bigint && usesBigInt(ins, out)) return null;
  const f = scalarFnFor(def.spec.impl, ins, out);
  if (def.spec.arity === 3) {
    // three-argument ops (clip, switch) are called with all three, never folded
    const k3 = fns.length;
    fns.push(f);
    return `f${k3}(${a.join(', ')})`;
  }
  const text = inlineText(f, a.length === 1 ? 1 : 2);
  if (text) {
    if (a.length === 1) return text([a[0]!]);
    let acc = text([a[0]!, a[1]!]);
    for (let i = 2; i < a.length; i++) acc = text([acc, a[i]!]);
    return acc;
  }
  const k = fns.length;
  fns.push(f);
  if (a.length === 1) return `f${k}(${a[0]})`;
  let acc = `f${k}(${a[0]}, ${a[1]})`;
  for (let i = 2; i < a.length; i++) acc = `f${k}(${acc}, ${a[i]})`;
  return acc;
}

/** A generated loop: `(F, inputs, out, n)`; scalar inputs are read at 0, the others at i. */
type Loop = (
  f: readonly ScalarFn[],
  ins: readonly ArrayLike<number>[],
  out: { [i: number]: number },
  n: number,
) => void;

/** A generated loop with the scalar functions it calls. */
interface Generated {
  source: string;
  fns: ScalarFn[];
}

/**
 * The generated source for an inner graph, or null when some node has no template. `scalar[k]` marks the
 * inputs broadcast from a single element.
 */
export function generateSource(
  inner: FunctionGraph,
  scalar: readonly boolean[] = [],
  int64Exact = false,
): string | null {
  return generate(inner, scalar, int64Exact)?.source ?? null;
}

function generate(inner: FunctionGraph, scalar: readonly boolean[], int64Exact: boolean): Generated | null {
  const fns: ScalarFn[] = [];
  const names = new Map<TensorVariable, string>();
  const lines: string[] = [];
  inner.inputs.forEach((v, k) => {
    names.set(v, `v${k}`);
  });
  let t = 0;
  for (const node of inner.nodes) {
    const args: string[] = [];
    for (const v of node.inputs) {
      const n = names.get(v);
      if (n === undefined) return null; // a constant inside the inner graph: not generated
      args.push(n);
    }
    const expr = expression(node, args, fns, int64Exact);
    const dtype = node.outputs[0]!.dtype;
    const c = expr === null ? null : coerce(expr, dtype);
    if (c === null) return null;
    const id = `t${t++}`;
    lines.push(`const ${id} = ${c};`);
    names.set(node.outputs[0]!, id);
  }
  const result = names.get(inner.outputs[0]!);
  if (!result) return null;
  // inputs broadcast from one element are read once, before the loop; the others at i
  // each scalar function is read once, before the loop, so every call site has one constant target
  const loads = [
    ...inner.inputs.map((_, k) => `const a${k} = ins[${k}];`),
    ...fns.map((_, k) => `const f${k} = F[${k}];`),
  ].join('\n');
  const hoisted = inner.inputs.map((_, k) => (scalar[k] ? `const v${k} = a${k}[0];` : '')).join('\n');
  const reads = inner.inputs.map((_, k) => (scalar[k] ? '' : `const v${k} = a${k}[i];`)).join('\n    ');
  const source = `'use strict';\n${loads}\n${hoisted}\nfor (let i = 0; i < n; i++) {\n    ${reads}\n    ${lines.join('\n    ')}\n    out[i] = ${result};\n}`;
  return { source, fns };
}

/** A compiled loop bound to its scalar functions. */
type BoundLoop = (ins: readonly ArrayLike<number>[], out: { [i: number]: number }, n: number) => void;

const cache = new WeakMap<FunctionGraph, Map<string, BoundLoop | null>>();

/** Whether fused loops are compiled: `'auto'` (where the environment allows `new Function`) or `'off'`. */
export type CodegenMode = 'auto' | 'off';

let mode: CodegenMode = 'auto';
/** The probe's answer (undefined: not asked yet). */
let evalAllowed: boolean | undefined;

/**
 * Whether the environment lets code be generated: a trivial `new Function`, tried once and remembered. A page
 * whose Content-Security-Policy has no `'unsafe-eval'` throws an EvalError here (and reports one violation).
 */
function probeEval(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = (new Function('return 1') as () => unknown)() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

/**
 * Sets whether the reference backend compiles fused elementwise loops: `'auto'` (the default) compiles them
 * where the environment allows `new Function`, `'off'` never tries and interprets every fused node (the same
 * values, more slowly). Setting `'auto'` forgets the probe's answer, so it is asked again. `'off'` is how tests run the fallback in Node, and how a page served with a strict
 * Content-Security-Policy avoids even the one probing `new Function` (and the violation report it causes).
 */
export function setCodegen(m: CodegenMode): void {
  if (m !== 'auto' && m !== 'off') {
    throw new TypeError(`setCodegen: expected 'auto' or 'off', got ${JSON.stringify(m)}`);
  }
  mode = m;
  if (m === 'auto') evalAllowed = undefined; // asked again at the next fused node
}

/**
 * Whether fused loops are compiled now: false when `setCodegen('off')` is in force or when the environment
 * refuses `new Function` (a Content-Security-Policy without `'unsafe-eval'`); the first call in `'auto'` mode
 * runs the probe.
 */
export function codegenEnabled(): boolean {
  return mode === 'auto' && probeEval();
}

/**
 * The compiled loop for an inner graph and a pattern of scalar inputs (cached), or null. `int64Exact`: every
 * int64 input's values are within ±2^53 (see the module's description).
 */
export function loopFor(inner: FunctionGraph, scalar: readonly boolean[], int64Exact = false): BoundLoop | null {
  if (!codegenEnabled()) return null;
  let perPattern = cache.get(inner);
  if (!perPattern) {
    perPattern = new Map();
    cache.set(inner, perPattern);
  }
  const key = scalar.map((b) => (b ? '1' : '0')).join('') + (int64Exact ? 'e' : '');
  if (perPattern.has(key)) return perPattern.get(key)!;
  const gen = generate(inner, scalar, int64Exact);
  // the source is generated from indices only (see the header): no user text reaches it
  let loop: BoundLoop | null = null;
  if (gen) {
    const compiled = new Function('F', 'ins', 'out', 'n', gen.source) as Loop;
    const fns = Object.freeze(gen.fns);
    loop = (ins, out, n) => compiled(fns, ins, out, n);
  }
  perPattern.set(key, loop);
  return loop;
}

const P53 = 2n ** 53n;
/** Whether `x`'s values, if int64, all lie within ±2^53 (so their doubles are exact). */
function int64WithinDoubles(x: NDArray): boolean {
  if (!(x.data instanceof BigInt64Array)) return true;
  for (const v of x.data) if (v > P53 || v < -P53) return false;
  return true;
}

/** Input values the loop can index: typed arrays of numbers (int64 converted), or null if complex. */
function readable(x: NDArray): ArrayLike<number> | null {
  if (x.dtype === 'complex64' || x.dtype === 'complex128') return null;
  return x.dtype === 'int64' ? x.toFloat64() : (x.data as ArrayLike<number>);
}

/**
 * Runs a composite node with its generated loop; returns null when the loop cannot be used (the caller then
 * interprets the inner graph). `inplace` lists inputs the plan lets the loop overwrite (plan.ts): the first
 * whose shape is the result's and whose storage is exactly the result's dtype and size receives the result
 * (each element is read before it is written, at the same index), else the result is a new array.
 */
export function runCompositeLoop(node: Apply, ins: readonly NDArray[], inplace?: readonly number[]): NDArray | null {
  const { inner } = COMPOSITE.match(node)!;
  const outShape = broadcastShapes(
    ins.map((x) => x.shape),
    () => `${node.op}`,
  );
  const size = outShape.reduce((a, b) => a * b, 1);
  const arrays: ArrayLike<number>[] = [];
  const scalar: boolean[] = [];
  for (const x of ins) {
    let a = readable(x);
    if (!a) return null;
    if (x.size === 1 && size !== 1) scalar.push(true);
    else {
      scalar.push(false);
      if (x.size !== size || x.shape.length !== outShape.length) a = expandValues(x.toFloat64(), 1, x.shape, outShape);
    }
    arrays.push(a);
  }
  const loop = loopFor(inner, scalar, ins.every(int64WithinDoubles));
  if (!loop) return null;
  const dtype = node.outputs[0]!.dtype;
  const data = (inplace && reusable(ins, inplace, dtype, outShape, size)) ?? typedArrayFor(dtype, size);
  if (data instanceof BigInt64Array) return null;
  loop(arrays, data as unknown as { [i: number]: number }, size);
  return new NDArray(data, outShape, dtype);
}

/** The storage of the first input at `positions` that can hold the result as it is, or null. */
function reusable(
  ins: readonly NDArray[],
  positions: readonly number[],
  dtype: DType,
  shape: readonly number[],
  size: number,
): Float32Array | Float64Array | null {
  for (const p of positions) {
    const x = ins[p]!;
    const d = x.data;
    const fits = dtype === 'float64' ? d instanceof Float64Array : dtype === 'float32' && d instanceof Float32Array;
    if (fits && d.length === size && x.shape.length === shape.length && x.shape.every((n, k) => n === shape[k])) {
      return d as Float32Array | Float64Array;
    }
  }
  return null;
}
