/**
 * Type constructors: `T.scalar/vector/matrix/row/col/tensor3/tensor4(name?, dtype?)`, the 56 prefixed ones
 * (`T.bscalar` … `T.ztensor4`: b w i l d f c z = int8 int16 int32 int64 float64 float32 complex64 complex128)
 * and their plurals (`T.vectors('x', 'y')`, `T.fmatrices(3)`).
 */
import { config } from '../config.js';
import { type DType, isDType } from '../dtype.js';
import type { TensorVariable } from '../graph/variable.js';
import { TensorType } from '../type.js';

/** The broadcast pattern of each kind. */
const KINDS = {
  scalar: [],
  vector: [false],
  matrix: [false, false],
  row: [true, false],
  col: [false, true],
  tensor3: [false, false, false],
  tensor4: [false, false, false, false],
} as const satisfies Record<string, readonly boolean[]>;

/** A kind of tensor: scalar, vector, matrix, row, col, tensor3, tensor4. */
export type TensorKind = keyof typeof KINDS;

/** The dtype prefixes. */
const PREFIXES = {
  b: 'int8',
  w: 'int16',
  i: 'int32',
  l: 'int64',
  d: 'float64',
  f: 'float32',
  c: 'complex64',
  z: 'complex128',
} as const satisfies Record<string, DType>;

/** One of b w i l d f c z. */
export type DTypePrefix = keyof typeof PREFIXES;

/** A constructor: `(name?, dtype?) => variable`. */
export type TensorConstructor = (name?: string | null, dtype?: DType) => TensorVariable;
/** A prefixed constructor: `(name?) => variable`. */
export type PrefixedConstructor = (name?: string | null) => TensorVariable;
/** A plural constructor: names, or a count of unnamed variables. */
export type PluralConstructor = (...namesOrCount: [number] | string[]) => TensorVariable[];

/** A variable of `kind`; errors name the constructor called (`label`: `matrix`, `dmatrix`, …). */
function make(kind: TensorKind, name: string | null | undefined, dtype: DType, label: string = kind): TensorVariable {
  if (!isDType(dtype)) throw new TypeError(`T.${label}: unknown dtype ${JSON.stringify(dtype)}`);
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw new TypeError(`T.${label}: the name must be a string, got ${typeof name}`);
  }
  return new TensorType(dtype, KINDS[kind]).make(name ?? null);
}

function plural(label: string, one: (name: string | null) => TensorVariable): PluralConstructor {
  return (...args) => {
    if (args.length === 1 && typeof args[0] === 'number') {
      const n = args[0];
      if (!Number.isInteger(n) || n < 0) throw new TypeError(`T.${label}: expected a count ≥ 0, got ${n}`);
      return Array.from({ length: n }, () => one(null));
    }
    return (args as unknown[]).map((a, i) => {
      if (typeof a !== 'string')
        throw new TypeError(`T.${label}: argument ${i} must be a name (string), got ${typeof a}`);
      return one(a);
    });
  };
}

type Base = { [K in TensorKind]: TensorConstructor };
type BasePlural = { [K in TensorKind as K extends 'matrix' ? 'matrices' : `${K}s`]: PluralConstructor };
type Prefixed = { [K in `${DTypePrefix}${TensorKind}`]: PrefixedConstructor };
type PrefixedPlural = {
  [K in `${DTypePrefix}${TensorKind}` as K extends `${infer P}matrix` ? `${P}matrices` : `${K}s`]: PluralConstructor;
};

/** Every constructor, keyed by its Theano name. */
export type Constructors = Base & BasePlural & Prefixed & PrefixedPlural;

function build(): Constructors {
  const out: Record<string, unknown> = {};
  const pl = (k: string) => (k.endsWith('matrix') ? `${k.slice(0, -6)}matrices` : `${k}s`);
  for (const kind of Object.keys(KINDS) as TensorKind[]) {
    const one = (name?: string | null, dtype?: DType) => make(kind, name, dtype ?? config.floatX);
    out[kind] = one;
    out[pl(kind)] = plural(pl(kind), (n) => one(n));
    for (const [p, dtype] of Object.entries(PREFIXES)) {
      const name = `${p}${kind}`;
      const pre = (n?: string | null) => make(kind, n, dtype, name);
      out[name] = pre;
      out[pl(name)] = plural(pl(name), (n) => pre(n));
    }
  }
  return out as Constructors;
}

/** All type constructors (`scalar`, `dvector`, `fmatrices`, …). */
export const constructors: Constructors = build();

/** `T.tensor(dtype, broadcastable, name?)`: a variable of any rank. */
export function tensor(dtype: DType, broadcastable: readonly boolean[], name?: string): TensorVariable {
  return new TensorType(dtype, broadcastable).make(name ?? null);
}
