/**
 * NDArray: the concrete n-dimensional array that flows in and out of compiled functions (numpy's ndarray,
 * reduced to what theano-ts needs). Storage is one C-contiguous (row-major) typed array per array; complex
 * dtypes store interleaved (re, im) pairs. Also the constructors (`array`, `zeros`, `arange`, …), dtype casts
 * with numpy's `astype` rules, and shape helpers. Printing lives in `ndarray-format.ts`.
 */
import { config } from './config.js';
import type { DType } from './dtype.js';
import { isComplexDType } from './dtype.js';
import { formatNDArray } from './ndarray-format.js';

/** The typed arrays that back an NDArray (see `typedArrayFor` for which dtype uses which). */
export type TypedArray = Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/** Nested JS arrays of scalars, as `array()` accepts and `toArray()` returns. */
export type NestedArray = number | boolean | bigint | readonly NestedArray[];

/** Anything `array()` turns into an NDArray. */
export type ArrayLikeValue = NDArray | TypedArray | NestedArray;

/** A complex number, as `itemComplex()` returns it. */
export interface Complex {
  /** The real part. */
  re: number;
  /** The imaginary part. */
  im: number;
}

/** The typed arrays whose elements are JS numbers (every storage type but BigInt64Array). */
type NumberTypedArray = Exclude<TypedArray, BigInt64Array>;

/**
 * Zero-filled storage for `size` elements of `dtype`: bool → Uint8Array (0/1), int8 → Int8Array,
 * int16 → Int16Array, int32 → Int32Array, int64 → BigInt64Array, float32 → Float32Array,
 * float64 → Float64Array, complex64 → Float32Array and complex128 → Float64Array of length 2*size
 * (interleaved re, im).
 */
export function typedArrayFor(dtype: DType, size: number): TypedArray {
  try {
    return allocate(dtype, size);
  } catch (e) {
    if (e instanceof RangeError) throw new AllocationError(dtype, size);
    throw e;
  }
}

/**
 * A RangeError for storage too large to allocate (`typedArrayFor`): the element count, the dtype and the bytes
 * it would take. Whoever knows the op or the function catches it and names them (`zeros: shape (1e12,) …`).
 */
export class AllocationError extends RangeError {
  /** The number of elements asked for. */
  readonly size: number;
  constructor(dtype: DType, size: number) {
    const bytes = size * (isComplexDType(dtype) ? 2 : 1) * BYTES[dtype];
    super(
      `cannot allocate ${size} elements of ${dtype} (${formatBytes(bytes)}): the size exceeds what can be allocated`,
    );
    this.name = 'AllocationError';
    this.size = size;
  }
}

const BYTES: Readonly<Record<DType, number>> = {
  bool: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  float32: 4,
  float64: 8,
  complex64: 4,
  complex128: 8,
};

function formatBytes(b: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let k = 0;
  while (b >= 1000 && k < units.length - 1) {
    b /= 1000;
    k++;
  }
  return `${k === 0 ? b : b.toPrecision(3)} ${units[k]}`;
}

function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'bool':
      return new Uint8Array(size);
    case 'int8':
      return new Int8Array(size);
    case 'int16':
      return new Int16Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'int64':
      return new BigInt64Array(size);
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'complex64':
      return new Float32Array(2 * size);
    case 'complex128':
      return new Float64Array(2 * size);
    default:
      return dtype satisfies never;
  }
}

/** The storage class of each dtype (checked on every NDArray made: a lookup, no allocation). */
const STORAGE: Readonly<Record<DType, unknown>> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
  float64: Float64Array,
  complex64: Float32Array,
  complex128: Float64Array,
};

/** The real dtype a typed array stores (Uint8Array → bool, Float32Array → float32, …); never complex. */
export function dtypeOfTypedArray(a: TypedArray): DType {
  if (a instanceof Uint8Array) return 'bool';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  throw new TypeError(
    `unsupported typed array ${describe(a)}: the typed arrays accepted are ${ACCEPTED_TYPED_ARRAYS}; ` +
      'convert it first (for example Float64Array.from(a))',
  );
}

/** The typed arrays that hold values, with the dtype each gives (for error messages). */
const ACCEPTED_TYPED_ARRAYS =
  'Uint8Array (bool), Int8Array (int8), Int16Array (int16), Int32Array (int32), BigInt64Array (int64), ' +
  'Float32Array (float32), Float64Array (float64)';

/** The storage class a dtype needs, by name (for error messages). */
function storageName(dtype: DType): string {
  return typedArrayFor(dtype, 0).constructor.name;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** Number of elements of a shape (1 for `()`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** C-order (row-major) strides of a shape, in elements: `(2, 3, 4)` → `[12, 4, 1]`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** A shape written as numpy writes a tuple: `()`, `(3,)`, `(2, 3)`. */
export function shapeToString(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

function checkShape(where: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${where}: expected a shape (array of sizes), got ${describe(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new TypeError(`${where}: shape entries must be non-negative integers, got [${shape.join(', ')}]`);
    }
  }
  return [...shape];
}

function normShape(where: string, shape: readonly number[] | number): number[] {
  return checkShape(where, typeof shape === 'number' ? [shape] : shape);
}

// ---------------------------------------------------------------------------------------------------------
// Element casts (numpy's astype rules)

const INT_BITS: Partial<Record<DType, number>> = { int8: 8, int16: 16, int32: 32 };

/** Rounds a BigInt to the nearest float32 (ties to even), without going through a double first. */
function bigintToFloat32(v: bigint): number {
  const neg = v < 0n;
  const a = neg ? -v : v;
  if (a <= 9007199254740992n) return Math.fround(Number(v));
  const shift = BigInt(a.toString(2).length - 24);
  let q = a >> shift;
  const rem = a - (q << shift);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const r = Math.fround(Number(q << shift));
  return neg ? -r : r;
}

/** Stores the real value `v` as element `i` of `out` (storage for `dtype`): truncation, wrapping, v != 0. */
function storeReal(out: TypedArray, dtype: DType, i: number, v: number): void {
  switch (dtype) {
    case 'bool':
      (out as Uint8Array)[i] = v !== 0 ? 1 : 0; // NaN counts as true, as in numpy
      return;
    case 'int64':
      (out as BigInt64Array)[i] = Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n; // the store wraps mod 2^64
      return;
    case 'complex64':
    case 'complex128':
      (out as NumberTypedArray)[2 * i] = v;
      (out as NumberTypedArray)[2 * i + 1] = 0;
      return;
    default:
      // Int8/16/32Array stores truncate toward zero and wrap (NaN, ±inf → 0); float stores round.
      (out as NumberTypedArray)[i] = v;
  }
}

/** Stores the integer `v` as element `i` of `out` (storage for `dtype`), wrapping for narrower ints. */
function storeBigInt(out: TypedArray, dtype: DType, i: number, v: bigint): void {
  switch (dtype) {
    case 'bool':
      (out as Uint8Array)[i] = v !== 0n ? 1 : 0;
      return;
    case 'int64':
      (out as BigInt64Array)[i] = v;
      return;
    case 'int8':
    case 'int16':
    case 'int32':
      (out as NumberTypedArray)[i] = Number(BigInt.asIntN(INT_BITS[dtype]!, v));
      return;
    case 'float32':
      (out as Float32Array)[i] = bigintToFloat32(v);
      return;
    case 'float64':
      (out as Float64Array)[i] = Number(v);
      return;
    case 'complex64':
      (out as Float32Array)[2 * i] = bigintToFloat32(v);
      return;
    case 'complex128':
      (out as Float64Array)[2 * i] = Number(v);
      return;
    default:
      dtype satisfies never;
  }
}

/** Stores the complex value (re, im) as element `i` of `out`: real dtypes drop `im`, bool tests both. */
function storeComplex(out: TypedArray, dtype: DType, i: number, re: number, im: number): void {
  if (dtype === 'complex64' || dtype === 'complex128') {
    (out as NumberTypedArray)[2 * i] = re;
    (out as NumberTypedArray)[2 * i + 1] = im;
  } else if (dtype === 'bool') {
    (out as Uint8Array)[i] = re !== 0 || im !== 0 ? 1 : 0;
  } else {
    storeReal(out, dtype, i, re);
  }
}

/** Casts `size` elements of `src` (storage of `from`) into new storage for `to`. */
function castData(src: TypedArray, from: DType, to: DType, size: number): TypedArray {
  const out = typedArrayFor(to, size);
  if (from === to) {
    (out as { set(a: ArrayLike<number | bigint>): void }).set(src);
    return out;
  }
  if (src instanceof BigInt64Array) {
    for (let i = 0; i < size; i++) storeBigInt(out, to, i, src[i]!);
  } else if (isComplexDType(from)) {
    for (let i = 0; i < size; i++) storeComplex(out, to, i, src[2 * i]!, src[2 * i + 1]!);
  } else {
    for (let i = 0; i < size; i++) storeReal(out, to, i, src[i]!);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

/** An n-dimensional array: C-contiguous storage of one dtype, with a shape. */
export class NDArray {
  /** The size of each axis (row-major; `[]` for a 0-d array). */
  readonly shape: readonly number[];
  /** The element type. */
  readonly dtype: DType;
  /** The storage (see `typedArrayFor`); bool storage holds 0/1, complex storage interleaves (re, im). */
  readonly data: TypedArray;

  /**
   * Wraps `data` (not copied) as an array of `shape`; `dtype` defaults to the storage's own dtype and must be
   * given for complex. Throws a TypeError if the storage type or length does not fit the dtype and shape.
   */
  constructor(data: TypedArray, shape: readonly number[], dtype?: DType) {
    const dt = dtype ?? dtypeOfTypedArray(data);
    const sh = checkShape('NDArray', shape);
    if (data.constructor !== STORAGE[dt]) {
      throw new TypeError(`NDArray: dtype ${dt} needs ${storageName(dt)} storage, got ${describe(data)}`);
    }
    const size = shapeSize(sh);
    const len = isComplexDType(dt) ? 2 * size : size;
    if (data.length !== len) {
      const what = isComplexDType(dt) ? `${len} (2 per complex element)` : `${len}`;
      throw new TypeError(
        `NDArray: shape ${shapeToString(sh)} of ${dt} needs storage of length ${what}, got length ${data.length}`,
      );
    }
    this.shape = Object.freeze(sh);
    this.dtype = dt;
    this.data = data;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /** The only element of a 0-d or size-1 array as a JS number (bool → 0/1, int64 → Number); not complex. */
  item(): number {
    if (isComplexDType(this.dtype)) {
      throw new TypeError(`item: the array is ${this.dtype}; use itemComplex() to read a complex element`);
    }
    this.#checkSizeOne('item');
    return this.#real(0);
  }

  /** The only element of a 0-d or size-1 array as a complex number (im 0 for real dtypes). */
  itemComplex(): Complex {
    this.#checkSizeOne('itemComplex');
    if (isComplexDType(this.dtype)) return { re: this.data[0] as number, im: this.data[1] as number };
    return { re: this.#real(0), im: 0 };
  }

  /** The element at a multi-index (one index per axis; negative counts from the end); real dtypes only. */
  at(...index: number[]): number {
    if (isComplexDType(this.dtype)) {
      throw new TypeError(`at: the array is ${this.dtype}; use toArray() or itemComplex() for complex elements`);
    }
    if (index.length !== this.ndim) {
      throw new TypeError(
        `at: expected ${this.ndim} indices for shape ${shapeToString(this.shape)}, got ${index.length}`,
      );
    }
    let flat = 0;
    const strides = stridesOf(this.shape);
    for (let ax = 0; ax < index.length; ax++) {
      const n = this.shape[ax]!;
      let k = index[ax]!;
      if (!Number.isInteger(k)) throw new TypeError(`at: indices must be integers, got ${k}`);
      if (k < -n || k >= n) throw new RangeError(`at: index ${k} is out of bounds for axis ${ax} with size ${n}`);
      if (k < 0) k += n;
      flat += k * strides[ax]!;
    }
    return this.#real(flat);
  }

  /**
   * The elements as nested JS arrays: numbers for ints and floats (int64 via Number), booleans for bool,
   * `[re, im]` pairs for complex; a 0-d array gives its scalar.
   */
  toArray(): NestedArray {
    const complex = isComplexDType(this.dtype);
    const leaf = (i: number): NestedArray => {
      if (complex) return [this.data[2 * i] as number, this.data[2 * i + 1] as number];
      if (this.dtype === 'bool') return this.data[i] !== 0;
      return this.#real(i);
    };
    const strides = stridesOf(this.shape);
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.ndim) return leaf(offset);
      const out: NestedArray[] = [];
      for (let k = 0; k < this.shape[axis]!; k++) out.push(build(axis + 1, offset + k * strides[axis]!));
      return out;
    };
    return build(0, 0);
  }

  /** numpy 2's `str(arr)` with default print options. */
  toString(): string {
    return formatNDArray(this);
  }

  /** A copy with its own storage. */
  copy(): NDArray {
    return new NDArray(this.data.slice(), this.shape, this.dtype);
  }

  /**
   * A copy cast to `dtype` with numpy's `astype` rules: float → int truncates toward zero; values out of an
   * integer dtype's range wrap like C two's complement (also for floats, after truncation); NaN and ±inf
   * become 0 in integer dtypes (numpy leaves that platform-defined); anything → bool is `v != 0` (NaN → true;
   * complex: re or im nonzero); real → complex sets im to 0; complex → real drops im.
   */
  astype(dtype: DType): NDArray {
    return new NDArray(castData(this.data, this.dtype, dtype, this.size), this.shape, dtype);
  }

  /** The same data under another shape (one entry may be -1: inferred). Shares storage with this array. */
  reshape(shape: readonly number[]): NDArray {
    if (!Array.isArray(shape)) throw new TypeError(`reshape: expected a shape, got ${describe(shape)}`);
    const size = this.size;
    const bad = (): TypeError =>
      new TypeError(
        `reshape: cannot reshape array of size ${size} and shape ${shapeToString(this.shape)} into shape ${shapeToString(shape)}`,
      );
    let unknown = -1;
    let known = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (d === -1) {
        if (unknown >= 0)
          throw new TypeError(`reshape: can only specify one unknown dimension (-1), got ${shapeToString(shape)}`);
        unknown = i;
      } else if (!Number.isInteger(d) || d < 0) {
        throw new TypeError(`reshape: shape entries must be non-negative integers or -1, got ${shapeToString(shape)}`);
      } else {
        known *= d;
      }
    }
    const out = [...shape];
    if (unknown >= 0) {
      if (known === 0 || size % known !== 0) throw bad();
      out[unknown] = size / known;
    } else if (known !== size) {
      throw bad();
    }
    return new NDArray(this.data, out, this.dtype);
  }

  /**
   * The element values as doubles (complex: interleaved re, im). A float64 or complex128 array returns its
   * own storage (not a copy: do not write to it); other dtypes return a new array.
   */
  toFloat64(): Float64Array {
    if (this.data instanceof Float64Array) return this.data;
    const n = this.data.length;
    const out = new Float64Array(n);
    if (this.data instanceof BigInt64Array) {
      for (let i = 0; i < n; i++) out[i] = Number(this.data[i]!);
    } else {
      out.set(this.data);
    }
    return out;
  }

  /** True if `other` has the same dtype, shape and values (NaN equals NaN; 0 equals -0). */
  equals(other: NDArray): boolean {
    if (!(other instanceof NDArray) || other.dtype !== this.dtype || other.ndim !== this.ndim) return false;
    for (let i = 0; i < this.ndim; i++) if (other.shape[i] !== this.shape[i]) return false;
    const a = this.data;
    const b = other.data;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
    }
    return true;
  }

  /** Element `i` of a real array as a JS number. */
  #real(i: number): number {
    return Number(this.data[i]!);
  }

  #checkSizeOne(where: string): void {
    if (this.size !== 1) {
      throw new TypeError(
        `${where}: can only convert an array of size 1 to a scalar, got size ${this.size} (shape ${shapeToString(this.shape)})`,
      );
    }
  }
}

/**
 * An array of `dtype` from doubles, each cast with `astype`'s rules; for complex dtypes `values` holds
 * interleaved (re, im) pairs.
 */
export function fromFloat64(values: ArrayLike<number>, shape: readonly number[], dtype: DType): NDArray {
  const sh = checkShape('fromFloat64', shape);
  const size = shapeSize(sh);
  const complex = isComplexDType(dtype);
  const need = complex ? 2 * size : size;
  if (values.length !== need) {
    throw new TypeError(
      `fromFloat64: shape ${shapeToString(sh)} of ${dtype} needs ${need} values${complex ? ' (interleaved re, im)' : ''}, got ${values.length}`,
    );
  }
  const src = Float64Array.from(values);
  return new NDArray(castData(src, complex ? 'complex128' : 'float64', dtype, size), sh, dtype);
}

type Leaf = number | boolean | bigint;

/** The most dimensions a nested JS array may have (numpy's limit is 32 or 64): deeper is an error, not a stack overflow. */
export const MAX_NDIM = 64;

/**
 * Throws a TypeError naming `where` when `value` nests arrays more than `MAX_NDIM` levels deep (checked
 * without recursion, so a 200 000-deep array is an error, not a stack overflow).
 */
export function checkNestingDepth(where: string, value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (!Array.isArray(v)) continue;
    if (depth === MAX_NDIM) {
      throw new TypeError(
        `${where}: nested arrays more than ${MAX_NDIM} levels deep: at most ${MAX_NDIM} dimensions are supported`,
      );
    }
    for (const x of v) if (Array.isArray(x)) stack.push([x, depth + 1]);
  }
}

/** Shape of a nested JS array, checking that it is rectangular and that its leaves are scalars. */
function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let probe: NestedArray = data;
  while (Array.isArray(probe)) {
    const arr = probe as readonly NestedArray[];
    if (shape.length === MAX_NDIM) {
      throw new TypeError(
        `array: nested arrays more than ${MAX_NDIM} levels deep: at most ${MAX_NDIM} dimensions are supported`,
      );
    }
    shape.push(arr.length);
    if (arr.length === 0) break;
    probe = arr[0]!;
  }
  const path: number[] = [];
  const where = (): string => (path.length ? ` at index [${path.join(', ')}]` : '');
  const check = (v: NestedArray, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) {
        throw new TypeError(
          `array: ragged nested sequence: expected a scalar${where()}, got a list of length ${v.length}`,
        );
      }
      if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'bigint') {
        throw new TypeError(`array: elements must be numbers, booleans or bigints, got ${describe(v)}${where()}`);
      }
      return;
    }
    if (!Array.isArray(v)) {
      throw new TypeError(
        `array: ragged nested sequence: expected a list of length ${shape[depth]}${where()}, got ${describe(v)}`,
      );
    }
    const arr = v as readonly NestedArray[];
    if (arr.length !== shape[depth]) {
      throw new TypeError(
        `array: ragged nested sequence: expected a list of length ${shape[depth]}${where()}, got length ${arr.length}`,
      );
    }
    for (let k = 0; k < arr.length; k++) {
      path.push(k);
      check(arr[k]!, depth + 1);
      path.pop();
    }
  };
  check(data, 0);
  return shape;
}

function flattenNested(data: NestedArray, out: Leaf[]): void {
  if (Array.isArray(data)) for (const v of data as readonly NestedArray[]) flattenNested(v, out);
  else out.push(data as Leaf);
}

/**
 * A new array from nested JS arrays, a typed array or an NDArray (always a copy).
 * - nested numbers/booleans/bigints: dtype defaults to bool if every element is a boolean, int64 if every
 *   element is a bigint (or boolean), else `config.floatX`; values are cast with `astype`'s rules; ragged
 *   nesting is a TypeError that says so. For int64, a JS number beyond 2^53 in absolute value is a
 *   TypeError (doubles have already rounded it): pass such values as bigints.
 * - a typed array: a 1-D array of its own dtype (see `dtypeOfTypedArray`; Uint8Array bytes read as bool),
 *   or its values cast to `dtype` when given.
 * - an NDArray: a copy, cast to `dtype` when given.
 */
export function array(data: ArrayLikeValue, dtype?: DType): NDArray {
  if (data instanceof NDArray) return dtype ? data.astype(dtype) : data.copy();
  if (ArrayBuffer.isView(data)) {
    const own = dtypeOfTypedArray(data as TypedArray);
    const src = data as TypedArray;
    const to = dtype ?? own;
    if (own === 'bool' && to === 'bool') {
      const out = new Uint8Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
      return new NDArray(out, [src.length], 'bool');
    }
    // A Uint8Array cast to another dtype is read by its byte values.
    return new NDArray(castData(src, own === 'bool' ? 'int32' : own, to, src.length), [src.length], to);
  }
  const shape = nestedShape(data);
  const leaves: Leaf[] = [];
  flattenNested(data, leaves);
  let dt = dtype;
  if (!dt) {
    const allBool = leaves.length > 0 && leaves.every((v) => typeof v === 'boolean');
    const intOnly = leaves.some((v) => typeof v === 'bigint') && leaves.every((v) => typeof v !== 'number');
    dt = allBool ? 'bool' : intOnly ? 'int64' : config.floatX;
  }
  const out = typedArrayFor(dt, leaves.length);
  if (dt === 'int64') for (let i = 0; i < leaves.length; i++) checkExactNumber('array', leaves[i]!, i);
  for (let i = 0; i < leaves.length; i++) {
    const v = leaves[i]!;
    if (typeof v === 'bigint') storeBigInt(out, dt, i, v);
    else storeReal(out, dt, i, typeof v === 'boolean' ? Number(v) : v);
  }
  return new NDArray(out, shape, dt);
}

/**
 * Throws if `v` is a JS number beyond 2^53 in absolute value meant for int64: doubles have already rounded
 * it (2^53 + 1 reads as 2^53), so only a bigint can carry such a value exactly. NaN and ±Infinity are no
 * integer at all (numpy raises for them too).
 */
function checkExactNumber(where: string, v: Leaf, index: number | null): void {
  if (typeof v !== 'number' || (Number.isFinite(v) && Math.abs(v) <= 2 ** 53)) return;
  const at = index === null ? '' : ` (element ${index})`;
  if (!Number.isFinite(v)) {
    throw new TypeError(`${where}: int64 value ${v}${at} cannot be converted to an integer`);
  }
  const big = ` (${BigInt(Math.trunc(v))}n if that is the value meant)`;
  throw new TypeError(
    `${where}: int64 value ${v}${at} is a JS number beyond 2^53 in absolute value, where doubles have already ` +
      `rounded it; pass it as a bigint${big} or in a BigInt64Array`,
  );
}

/** An array of zeros (dtype defaults to `config.floatX`). */
export function zeros(shape: readonly number[] | number, dtype?: DType): NDArray {
  const sh = normShape('zeros', shape);
  const dt = dtype ?? config.floatX;
  return new NDArray(storageFor('zeros', dt, sh), sh, dt);
}

/** `typedArrayFor` for the function `fn`, whose allocation error names it and the shape. */
function storageFor(fn: string, dtype: DType, shape: readonly number[]): TypedArray {
  try {
    return typedArrayFor(dtype, shapeSize(shape));
  } catch (e) {
    if (e instanceof AllocationError) {
      throw new RangeError(`${fn}: shape ${shapeToString(shape)} of ${dtype}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

/** An array of ones (dtype defaults to `config.floatX`). */
export function ones(shape: readonly number[] | number, dtype?: DType): NDArray {
  return full(shape, 1, dtype);
}

/** An array filled with `value`, cast with `astype`'s rules (dtype defaults to `config.floatX`, not inferred). */
export function full(shape: readonly number[] | number, value: number, dtype?: DType): NDArray {
  const sh = normShape('full', shape);
  const dt = dtype ?? config.floatX;
  if (dt === 'int64') checkExactNumber('full', value, null);
  const size = shapeSize(sh);
  const out = storageFor('full', dt, sh);
  if (size > 0) {
    storeReal(out, dt, 0, value);
    if (isComplexDType(dt)) for (let i = 1; i < size; i++) storeReal(out, dt, i, value);
    else (out as { fill(v: number | bigint): unknown }).fill(out[0]!);
  }
  return new NDArray(out, sh, dt);
}

/**
 * Evenly spaced values in [start, stop), numpy's `arange`: `arange(5)` is 0…4; the length is
 * ceil((stop - start) / step). The dtype defaults to int64 when every argument is an integer, else float64
 * (numpy's rule, not floatX; note that a JS `5.0` is the integer 5). As numpy, element i ≥ 2 is
 * `start + i * delta` with `delta = (start + step) - start` computed in the target dtype.
 */
export function arange(start: number, stop?: number, step?: number, dtype?: DType): NDArray {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  step ??= 1;
  for (const [name, v] of [
    ['start', start],
    ['stop', stop],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new TypeError(`arange: ${name} must be a finite number, got ${v}`);
  }
  if (step === 0) throw new TypeError('arange: step must not be zero');
  const dt =
    dtype ?? (Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step) ? 'int64' : 'float64');
  if (dt === 'bool') throw new TypeError('arange: bool dtype is not supported');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = typedArrayFor(dt, n);
  if (dt === 'int64') {
    const o = out as BigInt64Array;
    const s = BigInt(Math.trunc(start));
    const d = BigInt(Math.trunc(start + step)) - s;
    for (let i = 0; i < n; i++) o[i] = s + BigInt(i) * d;
  } else if (dt === 'float32' || dt === 'complex64' || dt === 'float64' || dt === 'complex128') {
    const f = dt === 'float32' || dt === 'complex64' ? Math.fround : (x: number): number => x;
    const s = f(start);
    const b1 = f(start + step);
    const d = f(b1 - s);
    for (let i = 0; i < n; i++) storeReal(out, dt, i, i === 0 ? s : i === 1 ? b1 : f(s + f(i * d)));
  } else {
    const tmp = new Int32Array(2);
    tmp[0] = start;
    tmp[1] = start + step;
    const s = tmp[0]!;
    const d = tmp[1]! - s;
    for (let i = 0; i < n; i++) storeReal(out, dt, i, s + i * d);
  }
  return new NDArray(out, [n], dt);
}
