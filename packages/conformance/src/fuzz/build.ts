/**
 * Turns a graph description into a theano-ts graph (its inputs, its output, the values to call it with) and,
 * from the same walk, into TypeScript a user can paste to reproduce it. Where an op rejects its operands'
 * dtypes, or where numpy leaves the result undefined, the builder repairs the operands, and the code shows
 * the repair:
 * - bitwise ops (`and_`, `or_`, `xor`, `invert`) on floats take `T.gt(x, 0)` (floats have no bitwise form);
 * - `pow` takes floats (numpy rejects integers to negative integer powers; each backend picks a value);
 * - a float cast to an integer dtype casts to float64 instead (numpy leaves NaN, ±inf and out-of-range
 *   float-to-int casts undefined: C's behaviour);
 * - a sum of integers or bools accumulates in int32 (`{ dtype: 'int32' }`) and a product of them is taken in
 *   float64, so no int64 arises (ref's int64 is not yet exact beyond 2^53: issue 12, point 3);
 * - any other op that rejects an integer operand takes it cast to float64.
 * Where the description's `floatX` is float32 (a backend without float64), these repairs cast to float32.
 */
import type { DType, NDArray, TensorVariable } from '@theano-ts/core';
import { typedArrayFor } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { BasicIndex, Desc, FuzzDType, GraphDesc } from './desc.js';

const T = theano.tensor;

/** A built graph. */
export interface BuiltGraph {
  readonly inputs: TensorVariable[];
  readonly output: TensorVariable;
  /** The values to call it with, one per input. */
  readonly values: NDArray[];
  /** The input declarations, one line each. */
  readonly declarations: string[];
  /** The output expression, as code. */
  readonly expr: string;
  /** The call's arguments, as code. */
  readonly args: string[];
  /** The dtypes of every value of the graph (inputs, intermediates, output). */
  readonly dtypes: ReadonlySet<DType>;
}

const isFloat = (d: DType) => d === 'float32' || d === 'float64';

/** A JS literal of a number (`-0`, `NaN`, `Infinity` included). */
export function numLit(x: number): string {
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

function nested(values: readonly number[], shape: readonly number[]): string {
  if (shape.length === 0) return numLit(values[0]!);
  const [n, ...rest] = shape;
  const inner = rest.reduce((a, b) => a * b, 1);
  const parts: string[] = [];
  for (let i = 0; i < n!; i++) parts.push(nested(values.slice(i * inner, (i + 1) * inner), rest));
  return `[${parts.join(', ')}]`;
}

/** `theano.array(...)` of these values, as code (`theano.zeros` for an empty array, whose shape nesting cannot show). */
export function arrayLit(dtype: FuzzDType, shape: readonly number[], values: readonly number[]): string {
  if (values.length === 0) return `theano.zeros([${shape.join(', ')}], '${dtype}')`;
  const v = dtype === 'bool' ? values.map((x) => (x ? 1 : 0)) : values;
  return `theano.array(${nested(v, shape)}, '${dtype}')`;
}

function ndarray(dtype: FuzzDType, shape: readonly number[], values: readonly number[]): NDArray {
  const data = typedArrayFor(dtype, values.length) as Exclude<ReturnType<typeof typedArrayFor>, BigInt64Array>;
  values.forEach((v, i) => {
    data[i] = dtype === 'float32' ? Math.fround(v) : v;
  });
  return new theano.NDArray(data, [...shape], dtype);
}

interface Built {
  readonly v: TensorVariable;
  readonly code: string;
}

const BITWISE = new Set(['and_', 'or_', 'xor', 'invert']);

function indexCode(i: BasicIndex): string {
  switch (i.k) {
    case 'int':
      return String(i.i);
    case 'range':
      return `'${i.start}:${i.stop}'`;
    case 'reverse':
      return `'::-1'`;
    default:
      return i satisfies never;
  }
}

function indexArg(i: BasicIndex): number | string {
  switch (i.k) {
    case 'int':
      return i.i;
    case 'range':
      return `${i.start}:${i.stop}`;
    case 'reverse':
      return '::-1';
    default:
      return i satisfies never;
  }
}

/** The children of an op node, in the order the builder walks them (inputs are numbered in this order). */
function childrenOf(d: Desc): Desc[] {
  switch (d.k) {
    case 'input':
    case 'number':
      return [];
    case 'binary':
    case 'concat':
    case 'dot':
      return [d.a, d.b];
    case 'switch':
      return [d.c, d.a, d.b];
    default:
      return [d.x];
  }
}

/** Builds the graph of a description. */
export function buildGraph(g: GraphDesc): BuiltGraph {
  const inputs: TensorVariable[] = [];
  const values: NDArray[] = [];
  const declarations: string[] = [];
  const args: string[] = [];
  const tfn = (name: string) => (T as unknown as Record<string, (...a: unknown[]) => TensorVariable>)[name]!;

  const floatX = g.floatX ?? 'float64';
  const toFloat = (b: Built): Built => ({ v: T.cast(b.v, floatX), code: `T.cast(${b.code}, '${floatX}')` });
  const toBool = (b: Built): Built => (isFloat(b.v.dtype) ? { v: T.gt(b.v, 0), code: `T.gt(${b.code}, 0)` } : b);

  const walk = (d: Desc): Built => {
    switch (d.k) {
      case 'input': {
        const name = `x${inputs.length}`;
        const v = T.tensor(
          d.dtype,
          d.shape.map(() => false),
          name,
        );
        inputs.push(v);
        values.push(ndarray(d.dtype, d.shape, d.values));
        declarations.push(
          `const ${name} = T.tensor('${d.dtype}', [${d.shape.map(() => 'false').join(', ')}], '${name}');`,
        );
        args.push(arrayLit(d.dtype, d.shape, d.values));
        return { v, code: name };
      }
      case 'number':
        return { v: T.asTensorVariable(d.value), code: numLit(d.value) };
      default: {
        const kids = childrenOf(d).map(walkAll);
        const r = combine(d, kids);
        const f64 = r.v.dtype === 'float64' || r.v.owner?.inputs.some((v) => v.dtype === 'float64');
        if (floatX !== 'float32' || !f64) return r;
        // Theano promotes int32 with float32, a float function (or mean) of int32 or bool, and bool or an
        // integer with a float JS number (`neq(b, 0.5)`) to float64: where float64 is out (floatX float32),
        // the integer and bool operands are cast to float32 first
        return combine(
          d,
          kids.map((k) => (isFloat(k.v.dtype) ? k : toFloat(k))),
        );
      }
    }
  };
  /** An op node of its built children (in `childrenOf`'s order). */
  const combine = (d: Exclude<Desc, { k: 'input' | 'number' }>, kids: readonly Built[]): Built => {
    switch (d.k) {
      case 'unary': {
        let x = kids[0]!;
        if (BITWISE.has(d.op)) x = toBool(x);
        try {
          return { v: tfn(d.op)(x.v), code: `T.${d.op}(${x.code})` };
        } catch {
          x = toFloat(x);
          return { v: tfn(d.op)(x.v), code: `T.${d.op}(${x.code})` };
        }
      }
      case 'binary': {
        let a = kids[0]!;
        let b = kids[1]!;
        if (BITWISE.has(d.op)) {
          a = toBool(a);
          b = toBool(b);
        }
        if (d.op === 'pow' && !isFloat(a.v.dtype) && !isFloat(b.v.dtype)) a = toFloat(a);
        try {
          return { v: tfn(d.op)(a.v, b.v), code: `T.${d.op}(${a.code}, ${b.code})` };
        } catch {
          if (!isFloat(a.v.dtype)) a = toFloat(a);
          if (!isFloat(b.v.dtype)) b = toFloat(b);
          return { v: tfn(d.op)(a.v, b.v), code: `T.${d.op}(${a.code}, ${b.code})` };
        }
      }
      case 'switch': {
        const c = kids[0]!;
        const a = kids[1]!;
        const b = kids[2]!;
        return { v: T.switch(c.v, a.v, b.v), code: `T.switch(${c.code}, ${a.code}, ${b.code})` };
      }
      case 'cast': {
        const x = kids[0]!;
        const to = isFloat(x.v.dtype) && !isFloat(d.dtype) && d.dtype !== 'bool' ? floatX : d.dtype;
        return { v: T.cast(x.v, to), code: `T.cast(${x.code}, '${to}')` };
      }
      case 'reduce': {
        let x = kids[0]!;
        const discrete = !isFloat(x.v.dtype);
        if (d.op === 'prod' && discrete) x = toFloat(x);
        const opts: { axis: number[] | null; keepdims: boolean; dtype?: DType } = {
          axis: d.axes ? [...d.axes] : null,
          keepdims: d.keepdims,
        };
        if (d.op === 'sum' && discrete) opts.dtype = 'int32';
        const o = `{ axis: ${d.axes ? `[${d.axes.join(', ')}]` : 'null'}, keepdims: ${d.keepdims}${opts.dtype ? `, dtype: 'int32'` : ''} }`;
        const method = x.v[d.op] as (o: unknown) => TensorVariable;
        return { v: method.call(x.v, opts), code: `${x.code}.${d.op}(${o})` };
      }
      case 'dimshuffle': {
        const x = kids[0]!;
        return {
          v: x.v.dimshuffle(...d.pattern),
          code: `${x.code}.dimshuffle(${d.pattern.map((p) => (p === 'x' ? `'x'` : String(p))).join(', ')})`,
        };
      }
      case 'reshape': {
        const x = kids[0]!;
        return { v: x.v.reshape([...d.shape]), code: `${x.code}.reshape([${d.shape.join(', ')}])` };
      }
      case 'flatten': {
        const x = kids[0]!;
        return { v: x.v.flatten(d.ndim), code: `${x.code}.flatten(${d.ndim})` };
      }
      case 'concat': {
        const a = kids[0]!;
        const b = kids[1]!;
        return { v: T.concatenate([a.v, b.v], d.axis), code: `T.concatenate([${a.code}, ${b.code}], ${d.axis})` };
      }
      case 'dot': {
        const a = kids[0]!;
        const b = kids[1]!;
        return { v: T.dot(a.v, b.v), code: `T.dot(${a.code}, ${b.code})` };
      }
      case 'index': {
        const x = kids[0]!;
        if (d.idx.length === 0) return x;
        return { v: x.v.get(...d.idx.map(indexArg)), code: `${x.code}.get(${d.idx.map(indexCode).join(', ')})` };
      }
      case 'take': {
        const x = kids[0]!;
        const lead = Array.from({ length: d.axis }, () => ':');
        const idx = theano.array([...d.idx], 'int32');
        return {
          v: x.v.get(...lead, idx),
          code: `${x.code}.get(${[...lead.map(() => `':'`), `theano.array([${d.idx.join(', ')}], 'int32')`].join(', ')})`,
        };
      }
      default:
        return d satisfies never;
    }
  };
  const dtypes = new Set<DType>();
  const walkAll = (d: Desc): Built => {
    const b = walk(d);
    dtypes.add(b.v.dtype);
    return b;
  };
  const out = walkAll(g.out);
  return { inputs, output: out.v, values, declarations, expr: out.code, args, dtypes };
}

/** The code of a target's mode (see `modeOf` in run.ts). */
function modeCode(mode: string): string {
  if (mode === 'None') return `theano.Mode({ optimizer: 'None' })`;
  if (mode === 'FAST_RUN') return `theano.Mode({ optimizer: 'fast_run', excluding: ['stabilize'] })`;
  return `'${mode}'`;
}

/** A graph as a TypeScript program a user can paste (on `backend`, in `mode`). */
export function graphCode(b: BuiltGraph, backend: string, mode: string): string {
  const lines = [
    `import * as theano from 'theano-ts';${backend === 'ref' ? '' : `\nimport '@theano-ts/backend-${backend}';`}`,
    'const T = theano.tensor;',
    ...b.declarations,
    `const f = theano.function([${b.inputs.map((v) => v.name).join(', ')}], ${b.expr}, { backend: '${backend}', mode: ${modeCode(mode)} });`,
    `console.log(String(await f(${b.args.join(', ')})));`,
  ];
  return lines.join('\n');
}
