/**
 * `TensorType(dtype, broadcastable)`: the type of a symbolic tensor. A type also carries a static shape,
 * known sizes or null per dimension (a broadcastable dimension is one of static size 1), so that shape
 * errors that the types show are raised when the graph is built.
 */
import type { DType } from './dtype.js';
import { isDType } from './dtype.js';
import { TensorVariable } from './graph/variable.js';

/** A static shape: a size where it is known, null where it is not. */
export type StaticShape = readonly (number | null)[];

const NAMED_PATTERNS: Record<string, string> = {
  '': 'scalar',
  F: 'vector',
  FT: 'col',
  TF: 'row',
  FF: 'matrix',
};

/** The type of a symbolic tensor: a dtype and, per dimension, whether it broadcasts (has size 1). */
export class TensorType {
  /** The element type. */
  readonly dtype: DType;
  /** The static size of each dimension, null where unknown. */
  readonly shape: StaticShape;
  /** Per dimension: true where the size is 1 and the dimension broadcasts. */
  readonly broadcastable: readonly boolean[];
  /** A string identifying the type: equal types have equal keys. */
  readonly key: string;

  /**
   * `new TensorType('float64', [false, true])`. A third argument gives static sizes where known
   * (each must agree with `broadcastable`: size 1 exactly where broadcastable).
   */
  constructor(dtype: DType, broadcastable: readonly boolean[], shape?: StaticShape) {
    if (!isDType(dtype)) {
      throw new TypeError(`TensorType: unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(broadcastable) || broadcastable.some((b) => typeof b !== 'boolean')) {
      throw new TypeError(
        `TensorType: broadcastable must be an array of booleans, got ${JSON.stringify(broadcastable)}`,
      );
    }
    let s: (number | null)[];
    if (shape === undefined) {
      s = broadcastable.map((b) => (b ? 1 : null));
    } else {
      if (shape.length !== broadcastable.length) {
        throw new TypeError(
          `TensorType: shape ${JSON.stringify(shape)} and broadcastable ${JSON.stringify(broadcastable)} differ in length`,
        );
      }
      s = shape.map((d, i) => {
        if (d !== null && (!Number.isInteger(d) || d < 0)) {
          throw new TypeError(`TensorType: static size ${d} at dimension ${i} is not a non-negative integer`);
        }
        if (broadcastable[i] && d !== null && d !== 1) {
          throw new TypeError(`TensorType: dimension ${i} is broadcastable but has static size ${d}`);
        }
        return broadcastable[i] ? 1 : d;
      });
    }
    this.dtype = dtype;
    this.shape = Object.freeze(s);
    this.broadcastable = Object.freeze(s.map((d) => d === 1));
    this.key = `${dtype}[${s.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
    Object.freeze(this);
  }

  /** A type from a static shape (size 1 dimensions broadcast). */
  static fromShape(dtype: DType, shape: StaticShape): TensorType {
    return new TensorType(
      dtype,
      shape.map((d) => d === 1),
      shape,
    );
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.broadcastable.length;
  }

  /** The same type with another dtype. */
  withDType(dtype: DType): TensorType {
    return dtype === this.dtype ? this : new TensorType(dtype, this.broadcastable, this.shape);
  }

  /** True when both types are the same (dtype and static shape). */
  equals(other: TensorType): boolean {
    return this.key === other.key;
  }

  /**
   * True when a value of `other` type can stand where this type is expected: same dtype and ndim, and
   * every static size of this type is matched.
   */
  accepts(other: TensorType): boolean {
    if (other.dtype !== this.dtype || other.ndim !== this.ndim) return false;
    return this.shape.every((d, i) => d === null || other.shape[i] === d);
  }

  /** A new symbolic variable of this type. */
  make(name?: string | null): TensorVariable {
    return new TensorVariable(this, null, 0, name ?? null);
  }

  /** The broadcast pattern in words: scalar, vector, matrix, row, col, 3D, … or Python's tuple. */
  patternName(): string {
    const code = this.broadcastable.map((b) => (b ? 'T' : 'F')).join('');
    const named = NAMED_PATTERNS[code];
    if (named !== undefined) return named;
    if (this.broadcastable.some((b) => b)) {
      const items = this.broadcastable.map((b) => (b ? 'True' : 'False'));
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    return `${this.ndim}D`;
  }

  /** Theano's form: `TensorType(float64, matrix)`. */
  toString(): string {
    return `TensorType(${this.dtype}, ${this.patternName()})`;
  }
}
