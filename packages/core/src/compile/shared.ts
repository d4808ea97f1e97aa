/**
 * `theano.shared(value, name)`: a variable whose value lives between function calls and is read and
 * updated by compiled functions.
 */
import { type DType, isDType } from '../dtype.js';
import { SharedVariable } from '../graph/variable.js';
import { type ArrayLikeValue, array, NDArray } from '../ndarray.js';
import { TensorType } from '../type.js';
import { checkExactInt64, filterValue } from './filter.js';

/** Options of `theano.shared`. */
export interface SharedOptions {
  /** The variable's name. */
  name?: string;
  /** The dtype (default: the value's; floatX for JS numbers). */
  dtype?: DType;
  /** Which dimensions broadcast (default: none, as Theano). */
  broadcastable?: readonly boolean[];
}

/** A shared variable holding a copy of `value`. */
export function shared(value: ArrayLikeValue, nameOrOptions?: string | SharedOptions): SharedVariable {
  const opts: SharedOptions = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : (nameOrOptions ?? {});
  if (opts.dtype !== undefined && !isDType(opts.dtype)) {
    throw new TypeError(`theano.shared: unknown dtype ${JSON.stringify(opts.dtype)}`);
  }
  const where = `theano.shared${opts.name ? ` "${opts.name}"` : ''}`;
  if (opts.dtype === 'int64') checkExactInt64(value, where);
  let nd: NDArray;
  try {
    nd = value instanceof NDArray ? value.astype(opts.dtype ?? value.dtype) : array(value, opts.dtype);
  } catch (e) {
    const t = value === null ? 'null' : typeof value;
    const bad =
      t !== 'number' && t !== 'boolean' && t !== 'bigint' && !Array.isArray(value) && !ArrayBuffer.isView(value);
    throw new TypeError(
      bad
        ? `${where}: expected a number, a nested array, a typed array or an NDArray, got ${t}`
        : `${where}: ${(e as Error).message}`,
    );
  }
  const bcast = opts.broadcastable ?? nd.shape.map(() => false);
  if (bcast.length !== nd.ndim) {
    throw new TypeError(
      `theano.shared: broadcastable has ${bcast.length} entries for a value of ${nd.ndim} dimensions`,
    );
  }
  const type = new TensorType(nd.dtype, bcast);
  const label = `theano.shared${opts.name ? ` "${opts.name}"` : ''}: setValue`;
  const initial = filterValue(nd, type, { label: 'theano.shared' });
  return new SharedVariable(type, initial.copy(), opts.name ?? null, (v, borrow) => {
    const arr = filterValue(v, type, { label, downcastHint: null });
    // only an array given in the variable's dtype comes back sharing its storage
    return borrow || (arr !== v && arr.data !== v) ? arr : arr.copy();
  });
}
