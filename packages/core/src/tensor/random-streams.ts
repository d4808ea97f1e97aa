/**
 * `theano.RandomStreams(seed)` (also `theano.tensor.sharedRandomstreams.RandomStreams` and
 * `theano.sandbox.rngMrg.MRGRandomStreams`: one class here). Every draw method makes a new stream: a shared
 * variable `rv.rng` holding a Philox4x32-10 generator state (int64: its key and block counter in 16-bit
 * halves), whose `defaultUpdate` is the state after the draw, so each call of a compiled function advances
 * it (Theano's default updates; `theano.function(..., { noDefaultUpdates: true })` keeps it). Each stream's
 * key comes from the seed and the stream's index. The draws are graphs of
 * ordinary ops over one primitive, `PhiloxRandom` (raw 32-bit words or uniform floats, see
 * `perform/philox.ts`), so the same seed gives the same numbers on every backend that runs it.
 *
 * Constant arguments are checked when the draw is built (negative sizes, low > high, probabilities outside
 * [0, 1], pvals not summing to 1); symbolic ones are not (as Theano), except sizes, checked at run time.
 * Gradients: the random numbers are constants to autodiff; a float draw's affine part (`low`, `high`,
 * `avg`, `std`) is differentiable, as in Theano's MRG streams (the reparameterized draw); discrete draws
 * have no gradient (comparisons of the random numbers with `p`: zero, as Theano's).
 */
import { shared } from '../compile/shared.js';
import { config } from '../config.js';
import { type DType, isDType, isFloatDType, isIntDType } from '../dtype.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { isWeak, type SharedVariable, TensorConstant, type TensorLike, TensorVariable } from '../graph/variable.js';
import { NDArray } from '../ndarray.js';
import { arange } from '../ops/creation.js';
import * as ew from '../ops/elemwise.js';
import { and_ } from '../ops/extended.js';
import { philoxRandom } from '../ops/random.js';
import { max, sum } from '../ops/reduce.js';
import { cumOp, prodOp } from '../ops/reduce-more.js';
import { dimshuffle, makeVector, reshape, shape, shapeI } from '../ops/shape.js';
import { join } from '../ops/shape-join.js';
import { argsortOf } from '../ops/sort.js';
import { type PhiloxDType, streamState } from '../perform/philox.js';
import { readArgs } from './args.js';
import { get, slice } from './family-indexing.js';

/** A draw: a tensor variable with its generator state and the update that advances it. */
export type RandomVariable = TensorVariable & {
  /** The shared variable holding the generator state this draw reads (Theano's `rv.rng`). */
  readonly rng: SharedVariable;
  /** `[rng, newState]`: the update a compiled function applies by default (Theano's `rv.update`). */
  readonly update: readonly [SharedVariable, TensorVariable];
};

/** A size argument: numbers and int scalar variables, an int vector variable, or one number. */
export type SizeLike = number | readonly (number | TensorVariable)[] | TensorVariable | NDArray | null | undefined;

const TWO32 = 4294967296;
/** How far probabilities may sum from 1 (float32 sums of a few values are off by ~1e-7). */
const SUM_TOLERANCE = 1e-5;

/** The values of a constant (through the DimShuffles that pad a weak constant), or null. */
function constValues(v: TensorVariable): Float64Array | null {
  let x = v;
  while (x.owner && x.owner.op.kind === 'dimshuffle') x = x.owner.inputs[0]!;
  return x instanceof TensorConstant ? x.value.toFloat64() : null;
}

/**
 * The argument as a tensor variable, or a TypeError naming the method and the argument. JS numbers and
 * arrays become constants of `dtype` where given (a float32 draw's parameters stay float32).
 */
function tensorArg(method: string, what: string, v: unknown, dtype?: DType): TensorVariable {
  if (v instanceof TensorVariable) return v;
  if (dtype && (typeof v === 'number' || Array.isArray(v))) return constant(v as number[], { dtype });
  if (typeof v === 'number' || Array.isArray(v) || v instanceof NDArray || ArrayBuffer.isView(v)) {
    return asTensorVariable(v as TensorLike, `${method}: ${what}`);
  }
  throw new TypeError(`${method}: ${what} must be a number, an array or a tensor variable, got ${String(v)}`);
}

/** An integer-dtype argument. */
function intArg(method: string, what: string, v: unknown): TensorVariable {
  const t = tensorArg(method, what, v);
  if (!isIntDType(t.dtype)) throw new TypeError(`${method}: ${what} must be an integer, got ${t} (${t.dtype})`);
  const c = constValues(t);
  if (c?.some((x) => !Number.isInteger(x))) {
    throw new TypeError(`${method}: ${what} must hold integers, got [${Array.from(c).join(', ')}]`);
  }
  return t;
}

/** The dtype option, checked against the allowed kinds. */
function dtypeArg(method: string, v: unknown, fallback: DType, allowed: (d: DType) => boolean, what: string): DType {
  const d = v ?? fallback;
  if (!isDType(d) || !allowed(d)) throw new TypeError(`${method}: dtype must be ${what}, got ${JSON.stringify(d)}`);
  return d;
}

/** Throws unless every constant value of `v` lies in [lo, hi]. */
function checkRange(method: string, what: string, v: TensorVariable, lo: number, hi: number): void {
  const c = constValues(v);
  const bad = c ? Array.from(c).find((x) => !(x >= lo && x <= hi)) : undefined;
  if (bad !== undefined) {
    const range = hi === Number.POSITIVE_INFINITY ? `>= ${lo}` : `in [${lo}, ${hi}]`;
    throw new RangeError(`${method}: ${what} must be ${range}, got ${bad}`);
  }
}

/** Throws where constants `a` and `b` (broadcast when one is a scalar) have some a[i] > b[i]. */
function checkOrdered(method: string, an: string, a: TensorVariable, bn: string, b: TensorVariable): void {
  const x = constValues(a);
  const y = constValues(b);
  if (!x || !y || (x.length !== y.length && x.length !== 1 && y.length !== 1)) return;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const xi = x[x.length === 1 ? 0 : i]!;
    const yi = y[y.length === 1 ? 0 : i]!;
    if (xi > yi) throw new RangeError(`${method}: ${an} must not exceed ${bn}, got ${an}=${xi} and ${bn}=${yi}`);
  }
}

/** Throws unless every row (along the last axis) of constant probabilities sums to 1. */
function checkSumsToOne(method: string, what: string, p: TensorVariable): void {
  const c = constValues(p);
  if (!c || p.ndim === 0) return;
  const k = p.type.shape[p.ndim - 1] ?? c.length;
  for (let r = 0; r * k < c.length; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += c[r * k + j]!;
    if (Math.abs(s - 1) > SUM_TOLERANCE) {
      const row = p.ndim > 1 ? ` (row ${r})` : '';
      throw new RangeError(`${method}: ${what}${row} must sum to 1, got a sum of ${s}`);
    }
  }
}

/** The float dtype uniform numbers are drawn in to compare with probabilities `p`. */
function probabilityDType(p: TensorVariable): PhiloxDType {
  if (!isWeak(p) && (p.dtype === 'float32' || p.dtype === 'float64')) return p.dtype;
  return config.floatX;
}

/** `x` with a new last axis of size 1 (`x[..., None]`). */
function lastAxis(x: TensorVariable): TensorVariable {
  return dimshuffle(x, [...Array.from({ length: x.ndim }, (_, i) => i), 'x']);
}

/** `x` with `k` trailing axes of size 1. */
function padRight(x: TensorVariable, k: number): TensorVariable {
  return dimshuffle(x, [...Array.from({ length: x.ndim }, (_, i) => i), ...new Array<'x'>(k).fill('x')]);
}

/** An int64 vector of sizes from a size argument; null when none was given. */
function sizeVector(method: string, size: unknown, ndim: unknown): TensorVariable | null {
  if (size === undefined || size === null) return null;
  const bad = (got: string): never => {
    throw new TypeError(
      `${method}: size must be a non-negative integer, an array of them (numbers or int scalar variables) or an int vector variable, got ${got}`,
    );
  };
  const checkNumber = (d: number) => {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${method}: size must hold non-negative integers, got ${JSON.stringify(size)}`);
    }
  };
  if (typeof size === 'number') {
    checkNumber(size);
    return constant([size], { dtype: 'int64' });
  }
  if (size instanceof NDArray) return sizeVector(method, Array.from(size.toFloat64()), ndim);
  if (Array.isArray(size)) {
    if (size.every((d) => typeof d === 'number')) {
      for (const d of size) checkNumber(d);
      return constant(
        new NDArray(
          BigInt64Array.from(size, (d) => BigInt(d)),
          [size.length],
          'int64',
        ),
      );
    }
    const items = size.map((d) => {
      if (typeof d === 'number') {
        checkNumber(d);
        return constant(d, { dtype: 'int64' });
      }
      if (d instanceof TensorVariable && d.ndim === 0 && isIntDType(d.dtype)) return d;
      return bad(`an entry ${String(d)}`);
    });
    return makeVector(items, 'int64');
  }
  if (size instanceof TensorVariable) {
    if (!isIntDType(size.dtype) || size.ndim > 1) return bad(`${size} (${size.type})`);
    if (size.ndim === 0) return makeVector([size], 'int64');
    const c = constValues(size);
    if (c) return sizeVector(method, Array.from(c), ndim);
    const v = size.dtype === 'int64' ? size : ew.cast(size, 'int64');
    const len = v.type.shape[0];
    if (typeof len === 'number') return v;
    if (typeof ndim !== 'number' || !Number.isInteger(ndim) || ndim < 0) {
      throw new TypeError(
        `${method}: the length of size ${size} is not known; give ndim (the number of dimensions of the draw)`,
      );
    }
    return makeVector(
      Array.from({ length: ndim }, (_, i) => get(v, i)),
      'int64',
    );
  }
  return bad(String(size));
}

/** The shape the parameters broadcast to (the default size), as an int64 vector. */
function broadcastSize(params: readonly TensorVariable[]): TensorVariable {
  const nd = Math.max(0, ...params.map((p) => p.ndim));
  if (nd === 0) return constant(new NDArray(new BigInt64Array(0), [0], 'int64'));
  const b = params.length === 1 ? params[0]! : ew.add(params[0]!, params[1]!, ...params.slice(2));
  return shape(b);
}

/** The leading `k` sizes of `x` as an int64 vector. */
function leadingShape(x: TensorVariable, k: number): TensorVariable {
  if (k === 0) return constant(new NDArray(new BigInt64Array(0), [0], 'int64'));
  return makeVector(
    Array.from({ length: k }, (_, i) => shapeI(x, i)),
    'int64',
  );
}

/** `[n, ...size]` (or `[...size, n]` when `last`): `n` an int scalar or number. */
function withExtent(size: TensorVariable, n: TensorVariable | number, last = false): TensorVariable {
  const nv = makeVector([typeof n === 'number' ? constant(n, { dtype: 'int64' }) : ew.cast(n, 'int64')], 'int64');
  if (size.type.shape[0] === 0) return nv;
  return last ? join(0, size, nv) : join(0, nv, size);
}

/** The largest trial count of `n` (a number when `n` is constant). */
function maxCount(n: TensorVariable): TensorVariable | number {
  const c = constValues(n);
  if (c) return c.length ? Math.max(...c) : 0;
  return n.ndim === 0 ? n : max(n);
}

/** One stream while a draw is built: its state variable and the current state in the graph. */
class Chain {
  readonly rng: SharedVariable;
  state: TensorVariable;
  readonly method: string;

  constructor(rng: SharedVariable, method: string) {
    this.rng = rng;
    this.state = rng;
    this.method = method;
  }

  /** Draws numbers of `dtype` with shape `size`, threading the state. */
  draw(size: TensorVariable, dtype: PhiloxDType): TensorVariable {
    const [next, u] = philoxRandom(this.state, size, dtype, this.method);
    this.state = next;
    return u;
  }

  /** Sets the stream's default update and attaches `rng` and `update` to the result. */
  finish(out: TensorVariable): RandomVariable {
    this.rng.defaultUpdate = this.state;
    Object.defineProperty(out, 'rng', { value: this.rng, enumerable: false, configurable: true });
    Object.defineProperty(out, 'update', {
      value: Object.freeze([this.rng, this.state] as const),
      enumerable: false,
      configurable: true,
    });
    return out as RandomVariable;
  }
}

/** `x` as `dtype` (nothing when it already is). */
const asDType = (x: TensorVariable, dtype: DType): TensorVariable => (x.dtype === dtype ? x : ew.cast(x, dtype));

/**
 * Random streams: draw methods building symbolic random variables, all seeded from one seed (Theano's
 * `RandomStreams` / `MRG_RandomStreams`). `new theano.RandomStreams(seed)`; the default seed is 12345
 * (MRG_RandomStreams's). Each method takes Theano's positional arguments or one options object.
 */
export class RandomStreams {
  #seed: number;
  readonly #streams: SharedVariable[] = [];

  /** `new RandomStreams(seed)`: `seed` a non-negative integer below 2^53 (default 12345). */
  constructor(seed = 12345) {
    this.#seed = RandomStreams.#checkSeed('RandomStreams', seed);
  }

  static #checkSeed(who: string, seed: unknown): number {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
      throw new TypeError(`${who}: seed must be a non-negative integer below 2^53, got ${String(seed)}`);
    }
    return seed;
  }

  /** The seed the streams were last seeded with. */
  get defaultSeed(): number {
    return this.#seed;
  }

  /**
   * Reseeds every stream made so far (each from `seed` and its index, as when it was made) and the ones
   * made later. Theano's `srng.seed(seed)`.
   */
  seed(seed: number): void {
    this.#seed = RandomStreams.#checkSeed('RandomStreams.seed', seed);
    this.#streams.forEach((rng, i) => {
      rng.setValue(streamState(this.#seed, i));
    });
  }

  /** `[rng, newState]` of every stream made so far (Theano's `srng.updates()`). */
  updates(): [SharedVariable, TensorVariable][] {
    return this.#streams.flatMap((rng) => (rng.defaultUpdate ? [[rng, rng.defaultUpdate]] : []));
  }

  #stream(method: string): Chain {
    const index = this.#streams.length;
    const rng = shared(streamState(this.#seed, index), { name: `rng${index}` });
    this.#streams.push(rng);
    return new Chain(rng, method);
  }

  /**
   * `uniform(size, low = 0, high = 1, ndim, dtype = floatX)`: floats uniform on [low, high)
   * (`u·(high − low) + low`, u with 53 random bits in float64, 24 in float32).
   */
  uniform(...args: unknown[]): RandomVariable {
    const m = 'RandomStreams.uniform';
    const a = readArgs(m, ['size', 'low', 'high', 'ndim', 'dtype'], args);
    const dtype = dtypeArg(m, a.dtype, config.floatX, isFloatDType, 'float32 or float64') as PhiloxDType;
    const low = tensorArg(m, 'low', a.low ?? 0, dtype);
    const high = tensorArg(m, 'high', a.high ?? 1, dtype);
    checkOrdered(m, 'low', low, 'high', high);
    const size = sizeVector(m, a.size, a.ndim) ?? broadcastSize([low, high]);
    const chain = this.#stream(m);
    const u = chain.draw(size, dtype);
    return chain.finish(asDType(ew.add(ew.mul(u, ew.sub(high, low)), low), dtype));
  }

  /**
   * `normal(size, avg = 0, std = 1, ndim, dtype = floatX)`: `avg + std·z`, z standard normal by Box–Muller
   * (`√(−2 ln(1 − u1))·cos(2π u2)`, two uniform draws per number).
   */
  normal(...args: unknown[]): RandomVariable {
    const m = 'RandomStreams.normal';
    const a = readArgs(m, ['size', 'avg', 'std', 'ndim', 'dtype'], args);
    const dtype = dtypeArg(m, a.dtype, config.floatX, isFloatDType, 'float32 or float64') as PhiloxDType;
    const avg = tensorArg(m, 'avg', a.avg ?? 0, dtype);
    const std = tensorArg(m, 'std', a.std ?? 1, dtype);
    checkRange(m, 'std', std, 0, Number.POSITIVE_INFINITY);
    const size = sizeVector(m, a.size, a.ndim) ?? broadcastSize([avg, std]);
    const chain = this.#stream(m);
    const u1 = chain.draw(size, dtype);
    const u2 = chain.draw(size, dtype);
    const z = ew.mul(ew.sqrt(ew.mul(-2, ew.log(ew.sub(1, u1)))), ew.cos(ew.mul(2 * Math.PI, u2)));
    return chain.finish(asDType(ew.add(ew.mul(z, std), avg), dtype));
  }

  /**
   * `binomial(size, n = 1, p = 0.5, ndim, dtype = 'int64')`: successes in n trials of probability p, the
   * sum of n Bernoulli draws (`u < p`; max(n) uniform numbers per result).
   */
  binomial(...args: unknown[]): RandomVariable {
    const m = 'RandomStreams.binomial';
    const a = readArgs(m, ['size', 'n', 'p', 'ndim', 'dtype'], args);
    const dtype = dtypeArg(m, a.dtype, 'int64', (d) => d !== 'complex64' && d !== 'complex128', 'a real dtype');
    const n = intArg(m, 'n', a.n ?? 1);
    const p = tensorArg(m, 'p', a.p ?? 0.5, config.floatX);
    checkRange(m, 'n', n, 0, Number.POSITIVE_INFINITY);
    checkRange(m, 'p', p, 0, 1);
    const size = sizeVector(m, a.size, a.ndim) ?? broadcastSize([n, p]);
    const nd = size.type.shape[0]!;
    const chain = this.#stream(m);
    const uDType = probabilityDType(p);
    const c = constValues(n);
    if (c?.every((x) => x === 1)) return chain.finish(asDType(ew.lt(chain.draw(size, uDType), p), dtype));
    const trials = maxCount(n);
    const u = chain.draw(withExtent(size, trials), uDType);
    const k = padRight(arange(trials, null, 1, 'int64'), nd);
    const hits = and_(ew.lt(u, p), ew.lt(k, n));
    return chain.finish(asDType(sum(hits, { axis: 0 }), dtype));
  }

  /**
   * `randomInteger(size, low = 0, high = 1, ndim, dtype = 'int64')`: integers uniform on [low, high] (both
   * included, Theano's `random_integers`): `low + w mod (high − low + 1)`, w a 32-bit word (the modulo bias
   * is below (high − low + 1)/2^32).
   */
  randomInteger(...args: unknown[]): RandomVariable {
    const m = 'RandomStreams.randomInteger';
    const a = readArgs(m, ['size', 'low', 'high', 'ndim', 'dtype'], args);
    const dtype = dtypeArg(m, a.dtype, 'int64', isIntDType, 'an integer dtype');
    const low = intArg(m, 'low', a.low ?? 0);
    const high = intArg(m, 'high', a.high ?? 1);
    checkOrdered(m, 'low', low, 'high', high);
    const lo = constValues(low);
    const hi = constValues(high);
    if (lo && hi && Math.max(...hi) - Math.min(...lo) + 1 > TWO32) {
      throw new RangeError(
        `${m}: high - low + 1 must be at most 2^32, got low=${Math.min(...lo)} high=${Math.max(...hi)}`,
      );
    }
    const size = sizeVector(m, a.size, a.ndim) ?? broadcastSize([low, high]);
    const chain = this.#stream(m);
    const w = chain.draw(size, 'int64');
    const lo64 = asDType(low, 'int64');
    const span = ew.add(ew.sub(asDType(high, 'int64'), lo64), 1);
    return chain.finish(asDType(ew.add(lo64, ew.mod(w, span)), dtype));
  }

  /** Theano's name of `randomInteger`. */
  randomIntegers(...args: unknown[]): RandomVariable {
    return this.randomInteger(...args);
  }

  /**
   * `choice(size = [], a = 2, replace = true, p = null, ndim, dtype = 'int64')`: elements of `a` (a 1-d
   * tensor, or `arange(a)` for a number), with probabilities `p` (uniform by default). With replacement:
   * `w mod n`, or the inverse of p's cumulative sum; without: the first entries of an order by random keys
   * (32-bit words, or exponential races `−ln(1 − u)/p` when weighted).
   */
  choice(...args: unknown[]): RandomVariable {
    const m = 'RandomStreams.choice';
    const a = readArgs(m, ['size', 'a', 'replace', 'p', 'ndim', 'dtype'], args);
    const replace = a.replace ?? true;
    if (typeof replace !== 'boolean') throw new TypeError(`${m}: replace must be a boolean, got ${String(replace)}`);
    const size = sizeVector(m, a.size ?? [], a.ndim)!;
    const aArg = a.a ?? 2;
    let values: TensorVariable | null = null;
    let n: TensorVariable;
    let nConst: number | null;
    if (typeof aArg === 'number') {
      if (!Number.isInteger(aArg) || aArg <= 0) {
        throw new RangeError(`${m}: a must be a positive integer or a 1-d tensor, got ${aArg}`);
      }
      n = constant(aArg, { dtype: 'int64' });
      nConst = aArg;
    } else {
      values = tensorArg(m, 'a', aArg);
      if (values.ndim !== 1) throw new TypeError(`${m}: a must be a 1-d tensor, got ${values} (${values.type})`);
      n = shapeI(values, 0);
      nConst = values.type.shape[0] ?? null;
    }
    const dtype = values ? values.dtype : dtypeArg(m, a.dtype, 'int64', isIntDType, 'an integer dtype');
    const p = a.p === undefined || a.p === null ? null : tensorArg(m, 'p', a.p, config.floatX);
    if (p) {
      if (p.ndim !== 1) throw new TypeError(`${m}: p must be a 1-d tensor, got ${p} (${p.type})`);
      checkRange(m, 'p', p, 0, 1);
      checkSumsToOne(m, 'p', p);
      const pn = p.type.shape[0] ?? constValues(p)?.length;
      if (pn !== undefined && pn !== null && nConst !== null && pn !== nConst) {
        throw new TypeError(`${m}: p must have one probability per element of a (${nConst}), got ${pn}`);
      }
    }
    const sc = constValues(size);
    const count = sc ? sc.reduce((x, y) => x * y, 1) : null;
    if (!replace && count !== null) {
      const pc = p ? constValues(p) : null;
      const avail = pc ? pc.filter((x) => x > 0).length : nConst;
      if (avail !== null && count > avail) {
        throw new RangeError(
          `${m}: cannot take ${count} elements without replacement from ${avail} ${pc ? 'with nonzero probability' : 'elements'}`,
        );
      }
    }
    const chain = this.#stream(m);
    let idx: TensorVariable;
    if (replace && !p) {
      idx = ew.mod(chain.draw(size, 'int64'), n);
    } else if (replace) {
      const u = chain.draw(size, probabilityDType(p!));
      const cdf = cumOp(p!, 0, 'add');
      const below = ew.le(cdf, lastAxis(ew.mul(u, sum(p!))));
      idx = ew.minimum(sum(below, { axis: -1 }), ew.sub(n, 1));
    } else {
      const nv = makeVector([n], 'int64');
      const keys = p
        ? ew.trueDiv(ew.neg(ew.log(ew.sub(1, chain.draw(nv, probabilityDType(p))))), p)
        : chain.draw(nv, 'int64');
      const order = argsortOf(keys, 0, 'quicksort', m);
      const k = size.type.shape[0] === 0 ? constant(1, { dtype: 'int64' }) : prodOp(size, null);
      idx = reshape(get(order, slice(0, k)), size);
    }
    const out = values ? get(values, idx) : idx;
    return chain.finish(asDType(out, dtype));
  }

  /**
   * `permutation(size = [], n = 1, ndim, dtype = 'int64')`: permutations of 0…n−1, shape `[...size, n]`:
   * the order of n random 32-bit keys (a stable argsort).
   */
  permutation(...args: unknown[]): RandomVariable {
    const m = 'RandomStreams.permutation';
    const a = readArgs(m, ['size', 'n', 'ndim', 'dtype'], args);
    const dtype = dtypeArg(m, a.dtype, 'int64', isIntDType, 'an integer dtype');
    const n = intArg(m, 'n', a.n ?? 1);
    if (n.ndim !== 0) throw new TypeError(`${m}: n must be an integer scalar, got ${n} (${n.type})`);
    checkRange(m, 'n', n, 0, Number.POSITIVE_INFINITY);
    const size = sizeVector(m, a.size ?? [], a.ndim)!;
    const nd = size.type.shape[0]!;
    const chain = this.#stream(m);
    const nc = constValues(n);
    const keys = chain.draw(withExtent(size, nc ? nc[0]! : n, true), 'int64');
    return chain.finish(asDType(argsortOf(keys, nd, 'quicksort', m), dtype));
  }

  /**
   * `multinomial(size, n = 1, pvals = [0.5, 0.5], ndim, dtype = 'int64')`: counts of n trials over the
   * categories of the last axis of `pvals`, shape `[...size, k]` (default size: pvals' leading shape).
   * Each trial is the inverse of the cumulative probabilities at a uniform number.
   */
  multinomial(...args: unknown[]): RandomVariable {
    const m = 'RandomStreams.multinomial';
    const a = readArgs(m, ['size', 'n', 'pvals', 'ndim', 'dtype'], args);
    const dtype = dtypeArg(m, a.dtype, 'int64', (d) => d !== 'complex64' && d !== 'complex128', 'a real dtype');
    const n = intArg(m, 'n', a.n ?? 1);
    const pvals = tensorArg(m, 'pvals', a.pvals ?? [0.5, 0.5], config.floatX);
    if (pvals.ndim < 1) throw new TypeError(`${m}: pvals must have at least 1 dimension, got ${pvals.type}`);
    checkRange(m, 'n', n, 0, Number.POSITIVE_INFINITY);
    checkRange(m, 'pvals', pvals, 0, 1);
    checkSumsToOne(m, 'pvals', pvals);
    const pd = pvals.ndim;
    const batch = sizeVector(m, a.size, a.ndim) ?? leadingShape(pvals, pd - 1);
    const nb = batch.type.shape[0]!;
    const k = shapeI(pvals, pd - 1);
    const chain = this.#stream(m);
    const trials = maxCount(n);
    const u = chain.draw(withExtent(batch, trials), probabilityDType(pvals)); // [N, ...batch]
    const cdf = cumOp(pvals, pd - 1, 'add');
    const total = sum(pvals, { axis: -1, keepdims: true });
    const below = ew.le(cdf, ew.mul(lastAxis(u), total)); // [N, ...batch, k]
    const cat = ew.minimum(sum(below, { axis: -1 }), ew.sub(k, 1)); // [N, ...batch]
    const onehot = ew.eq(lastAxis(cat), arange(k, null, 1, 'int64'));
    const t = padRight(arange(trials, null, 1, 'int64'), nb + 1);
    const within = ew.lt(t, lastAxis(n)); // [N, 1, …] against n's shape with a last axis

    return chain.finish(asDType(sum(and_(onehot, within), { axis: 0 }), dtype));
  }
}

/** Theano's module paths of the class: `theano.tensor.sharedRandomstreams` and `theano.sandbox.rngMrg`. */
export const sharedRandomstreams = Object.freeze({ RandomStreams });

/** `theano.sandbox`: `rngMrg.MRGRandomStreams` (the same class as `RandomStreams` here). */
export const sandbox = Object.freeze({
  /** `theano.sandbox.rngMrg.MRGRandomStreams`: `RandomStreams`. */
  rngMrg: Object.freeze({ MRGRandomStreams: RandomStreams }),
  /** Theano's spelling, `theano.sandbox.rng_mrg.MRG_RandomStreams`: `RandomStreams`. */
  rng_mrg: Object.freeze({ MRG_RandomStreams: RandomStreams, MRGRandomStreams: RandomStreams }),
});
