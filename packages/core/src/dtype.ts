/**
 * dtypes and their promotion rules (numpy's, as Theano uses them), with JS numbers as "weak" constants.
 */

/** Every dtype a tensor can have. `bool` is what comparisons return (as in Theano 1.0 and PyTensor). */
export type DType = 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'complex64' | 'complex128';

/** All dtypes, in promotion order within each kind. */
export const DTYPES: readonly DType[] = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'float32',
  'float64',
  'complex64',
  'complex128',
];

/** The kind of a dtype, ordered: bool < int < float < complex. */
export type DTypeKind = 'bool' | 'int' | 'float' | 'complex';

const KIND_RANK: Record<DTypeKind, number> = { bool: 0, int: 1, float: 2, complex: 3 };

/** The kind of a dtype. */
export function dtypeKind(d: DType): DTypeKind {
  switch (d) {
    case 'bool':
      return 'bool';
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 'int';
    case 'float32':
    case 'float64':
      return 'float';
    case 'complex64':
    case 'complex128':
      return 'complex';
    default:
      return d satisfies never;
  }
}

/** True for a dtype name this library knows. */
export function isDType(s: unknown): s is DType {
  return typeof s === 'string' && (DTYPES as readonly string[]).includes(s);
}

/** Whether `d` is a signed or unsigned integer dtype (not bool). */
export const isIntDType = (d: DType): boolean => dtypeKind(d) === 'int';
/** Whether `d` is `float32` or `float64`. */
export const isFloatDType = (d: DType): boolean => dtypeKind(d) === 'float';
/** Whether `d` is `complex64` or `complex128`. */
export const isComplexDType = (d: DType): boolean => dtypeKind(d) === 'complex';
/** bool and the integers: the dtypes whose values are exact integers. */
export const isDiscreteDType = (d: DType): boolean => d === 'bool' || dtypeKind(d) === 'int';

/** Size in bytes of one element. */
export function dtypeBytes(d: DType): number {
  switch (d) {
    case 'bool':
    case 'int8':
      return 1;
    case 'int16':
      return 2;
    case 'int32':
    case 'float32':
      return 4;
    case 'int64':
    case 'float64':
    case 'complex64':
      return 8;
    case 'complex128':
      return 16;
    default:
      return d satisfies never;
  }
}

// numpy's result_type for two dtypes (np.zeros((), a) + np.zeros((), b)).
const INT_BITS: Partial<Record<DType, number>> = { int8: 8, int16: 16, int32: 32, int64: 64 };

/** numpy's promotion of two dtypes (`np.result_type(a, b)` for arrays). */
export function promote2(a: DType, b: DType): DType {
  if (a === b) return a;
  const ka = dtypeKind(a);
  const kb = dtypeKind(b);
  if (ka === 'bool') return b;
  if (kb === 'bool') return a;
  if (ka === 'int' && kb === 'int') return (INT_BITS[a] ?? 0) >= (INT_BITS[b] ?? 0) ? a : b;
  // Mixed: the result's "float precision" must hold both operands.
  const need = (d: DType): number => {
    switch (dtypeKind(d)) {
      case 'int':
        return (INT_BITS[d] ?? 64) <= 16 ? 32 : 64; // int8/16 fit float32; int32/64 need float64
      case 'float':
        return d === 'float32' ? 32 : 64;
      case 'complex':
        return d === 'complex64' ? 32 : 64;
      default:
        return 0;
    }
  };
  const bits = Math.max(need(a), need(b));
  const complex = ka === 'complex' || kb === 'complex';
  if (complex) return bits <= 32 ? 'complex64' : 'complex128';
  return bits <= 32 ? 'float32' : 'float64';
}

/** numpy's promotion of any number of dtypes. */
export function promoteTypes(...ds: DType[]): DType {
  if (ds.length === 0) throw new TypeError('promoteTypes: expected at least one dtype, got none');
  return ds.reduce(promote2);
}

/**
 * Promotion with weak operands (JS numbers): a weak dtype only counts where its kind is higher than the
 * strong result's (an int literal never upcasts a float32 tensor; a float literal makes an int tensor float),
 * or where an integer literal does not fit an integer result.
 */
export function promoteWeak(strong: DType[], weak: DType[]): DType {
  if (strong.length === 0) return promoteTypes(...weak);
  let r = promoteTypes(...strong);
  for (const w of weak) {
    const kw = dtypeKind(w);
    const kr = dtypeKind(r);
    // An integer literal has the smallest int dtype that holds it: against an int tensor it widens the result
    // only when it does not fit (int8 tensor + 1000 → int16, as Theano), so no literal wraps around silently.
    if (KIND_RANK[kw] > KIND_RANK[kr] || (kw === 'int' && kr === 'int')) r = promote2(r, w);
  }
  return r;
}

/** Theano's `upgrade_to_float`: the float dtype a transcendental op returns for an integer input. */
export function upgradeToFloat(d: DType): DType {
  switch (d) {
    case 'bool':
    case 'int8':
    case 'int16':
      return 'float32';
    case 'int32':
    case 'int64':
      return 'float64';
    default:
      return d;
  }
}

/** The real dtype of the same precision (complex64 → float32; others unchanged). */
export function realDType(d: DType): DType {
  if (d === 'complex64') return 'float32';
  if (d === 'complex128') return 'float64';
  return d;
}

/** Range of each integer dtype, as JS numbers (int64 is limited to what a double holds exactly). */
export const INT_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  bool: [0, 1],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63 - 1024], // the largest double below 2^63
};

/** Whether casting every value of dtype `from` to `to` is exact (numpy's `can_cast(from, to, 'safe')`). */
export function canCastSafely(from: DType, to: DType): boolean {
  if (from === to) return true;
  return promote2(from, to) === to;
}
