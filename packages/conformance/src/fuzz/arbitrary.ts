/**
 * fast-check arbitraries of graph descriptions: `graphArb()` picks an output shape (rank 0 to 3, dims 0 to
 * 4: sizes 0 and 1 included) and builds a random well-typed tree down from it, each child's shape derived
 * from its parent's (broadcasting, reductions, shape ops, dot, indexing). Inputs draw their values from a
 * pool that mixes small numbers with each dtype's special values (±0, ±inf, NaN, the largest and smallest
 * normals, the smallest subnormal, the integer extremes). Everything is built from fast-check combinators,
 * so a failure shrinks to a smaller tree, smaller shapes and plainer values.
 */
import fc from 'fast-check';
import type { BasicIndex, Desc, FuzzDType, GraphDesc } from './desc.js';
import { FUZZ_DTYPES } from './desc.js';

/** The unary elementwise ops of core's scalar table the fuzzer applies (as `T[name]`). */
export const UNARY_OPS: readonly string[] = [
  'neg',
  'abs',
  'exp',
  'log',
  'sqrt',
  'sin',
  'cos',
  'tanh',
  'sgn',
  'sqr',
  'log1p',
  'expm1',
  'softplus',
  'sigmoid',
  'erf',
  'log2',
  'log10',
  'exp2',
  'inv',
  'deg2rad',
  'rad2deg',
  'floor',
  'ceil',
  'trunc',
  'isnan',
  'isinf',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'arcsinh',
  'arccosh',
  'arctanh',
  'erfc',
  'invert',
];

/**
 * The binary elementwise ops the fuzzer applies. `pow` is applied to floats only (the builder casts
 * integers): numpy rejects integers to negative integer powers, and theano-ts's backends each pick a value.
 */
export const BINARY_OPS: readonly string[] = [
  'add',
  'sub',
  'mul',
  'true_div',
  'int_div',
  'mod',
  'pow',
  'maximum',
  'minimum',
  'lt',
  'le',
  'gt',
  'ge',
  'eq',
  'neq',
  'arctan2',
  'hypot',
  'and_',
  'or_',
  'xor',
];

const PERIODIC: ReadonlySet<string> = new Set(['sin', 'cos', 'tan']);

/** Options of the generator. */
export interface GraphArbOptions {
  /** The deepest a tree goes (default 4). */
  readonly maxDepth?: number;
  /** The largest magnitude an integer input holds, per dtype (a backend's `numerics.exactIntegers`). */
  readonly exactIntegers?: Readonly<Partial<Record<string, number>>>;
  /**
   * Leave out these ops: names of `UNARY_OPS`, `BINARY_OPS` and reductions, node kinds (`'dot'`, `'take'`),
   * `'number'` (JS numbers as operands), or `'number-OP'` (no JS number as an operand of OP).
   */
  readonly excludeOps?: readonly string[];
  /**
   * The dtypes of inputs and of casts (default `FUZZ_DTYPES`). A set without float64 (a backend without it,
   * as webgl) also makes the builder's repairs cast to float32 (`GraphDesc.floatX`).
   */
  readonly dtypes?: readonly FuzzDType[];
  /**
   * No subnormal input values (a backend's `numerics.flushesSubnormals`: the GPU reads an input subnormal as
   * a zero, so `log(-1e-45)` is -inf there and NaN on ref; the outputs' flushing is the comparison's).
   */
  readonly noSubnormals?: boolean;
}

const F32_MAX = 3.4028234663852886e38;
const F32_TINY = 1.1754943508222875e-38;
const F32_SUB = 1.401298464324817e-45;

const INT_RANGE: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  bool: [0, 1],
};

/**
 * The values an input of `dtype` holds. `huge`: whether the largest finite values (and integer extremes) may
 * appear. Inside a sum, product, mean or dot they may not: whether `MAX + MAX - MAX` overflows depends on the order and the
 * precision a backend accumulates in (ref accumulates float32 in float64, onnxruntime in float32), which
 * numpy leaves unspecified too.
 */
function valueArb(dtype: FuzzDType, huge: boolean, exact: number, noSub: boolean): fc.Arbitrary<number> {
  if (dtype === 'bool') return fc.constantFrom(0, 1);
  if (dtype !== 'float32' && dtype !== 'float64') {
    const [lo, hi] = INT_RANGE[dtype]!;
    // inside a sum or dot, integers stay within ±1000: a cast to float32 sums 2^31-sized terms in float32 on
    // onnxruntime and in float64 on ref, and their cancellation (2^32 + 1 - 2^32) is 0 in one, 1 in the other
    const bound = huge ? exact : Math.min(exact, 1000);
    const l = Math.max(lo, -bound);
    const h = Math.min(hi, bound);
    return fc.oneof(
      { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 6 },
      { arbitrary: fc.constantFrom(l, h, l + 1, h - 1), weight: 1 },
      { arbitrary: fc.integer({ min: l, max: h }), weight: 1 },
    );
  }
  const f32 = dtype === 'float32';
  const round = (x: number) => (f32 ? Math.fround(x) : x);
  const tiny = f32 ? F32_TINY : 2.2250738585072014e-308;
  const special = [0, -0, Number.NaN, Infinity, -Infinity, tiny];
  if (!noSub) special.push(f32 ? -F32_SUB : -Number.MIN_VALUE);
  special.push(0.5, -1, 1e-30);
  if (huge) special.push(f32 ? F32_MAX : Number.MAX_VALUE, f32 ? -F32_MAX : -Number.MAX_VALUE, f32 ? 1e30 : 1e300);
  return fc.oneof(
    { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 4 },
    {
      arbitrary: fc
        .double({ min: -10, max: 10, noNaN: true })
        .map(round)
        .map((x) => (noSub && Math.abs(x) < tiny ? x * 0 : x)),
      weight: 6,
    },
    { arbitrary: fc.constantFrom(...special), weight: 2 },
  );
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

interface Ctx {
  readonly maxDepth: number;
  readonly exact: Readonly<Partial<Record<string, number>>>;
  readonly exclude: ReadonlySet<string>;
  readonly dtypes: readonly FuzzDType[];
  readonly noSub: boolean;
}

/** An input leaf of this shape. */
function leafArb(shape: readonly number[], huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  return fc.constantFrom(...ctx.dtypes).chain((dtype) =>
    fc
      .array(valueArb(dtype, huge, ctx.exact[dtype] ?? Number.POSITIVE_INFINITY, ctx.noSub), {
        minLength: size(shape),
        maxLength: size(shape),
      })
      .map((values): Desc => ({ k: 'input', dtype, shape: [...shape], values })),
  );
}

// mostly small (0 to 3, 1 most often), sometimes up to 9 (onnxruntime's vectorized kernels take longer rows)
const dimArb = fc.oneof(
  { arbitrary: fc.constant(1), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 6 },
  { arbitrary: fc.integer({ min: 4, max: 9 }), weight: 1 },
);
const posDimArb = fc.integer({ min: 1, max: 3 });

/** A child broadcast to `shape`: some dims dropped (then restored by `dimshuffle('x')`, or implicitly on the left). */
function broadcastChild(
  shape: readonly number[],
  depth: number,
  huge: boolean,
  ctx: Ctx,
  op?: string,
): fc.Arbitrary<Desc> {
  const child = broadcastVariable(shape, depth, huge, ctx);
  if (ctx.exclude.has('number') || ctx.exclude.has(`number-${op}`)) return child;
  return fc.oneof(
    { arbitrary: child, weight: 5 },
    { arbitrary: op === 'pow' ? exponentArb : numberArb(ctx), weight: 1 },
  );
}

/**
 * Exponents: no 0.5. Theano's local_pow_specialize (FAST_RUN) turns `x ** 0.5` into `sqrt(x)`, which differs
 * from pow at -0 (sqrt gives -0) and -inf (NaN where pow gives inf): Theano's own behaviour, kept.
 */
const exponentArb: fc.Arbitrary<Desc> = fc
  .constantFrom(1, 0, -1, 2, 3, -0.5, 0.1, Number.NaN, Infinity)
  .map((value): Desc => ({ k: 'number', value }));

const NUMBERS = [1, 0, -0, -1, 2, 0.5, -3, 0.1, 1e-3, 100, 2 ** 31, Number.NaN, Infinity, -Infinity];

/**
 * JS numbers given as operands (weak constants: they take the other operand's dtype where they fit). 2^31 is
 * an int64 constant: a backend exact for int64 only below `exactIntegers.int64` (webgl stores int64 in
 * int32 and rejects it) gets no integer beyond that.
 */
function numberArb(ctx: Ctx): fc.Arbitrary<Desc> {
  const limit = ctx.exact.int64 ?? Number.POSITIVE_INFINITY;
  return fc
    .constantFrom(...NUMBERS.filter((v) => !Number.isInteger(v) || Math.abs(v) <= limit))
    .map((value): Desc => ({ k: 'number', value }));
}

function broadcastVariable(shape: readonly number[], depth: number, huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  if (shape.length === 0) return nodeArb(shape, depth, huge, ctx);
  return fc
    .record({
      drop: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      implicit: fc.boolean(),
    })
    .chain(({ drop, implicit }) => {
      const kept = shape.filter((_, i) => !drop[i]);
      if (kept.length === shape.length) return nodeArb(shape, depth, huge, ctx);
      const lead = drop.indexOf(false) === -1 ? shape.length : drop.indexOf(false);
      const prefixOnly = drop.slice(lead).every((d) => !d);
      if (implicit && prefixOnly) return nodeArb(kept, depth, huge, ctx); // Theano pads the left
      let j = 0;
      const pattern = drop.map((d) => (d ? ('x' as const) : j++));
      return nodeArb(kept, depth, huge, ctx).map((x): Desc => ({ k: 'dimshuffle', pattern, x }));
    });
}

function pick<T>(xs: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...xs);
}

/** A reduction whose result has `shape`. */
function reduceArb(shape: readonly number[], depth: number, ctx: Ctx): fc.Arbitrary<Desc> {
  const ones = shape.flatMap((d, i) => (d === 1 ? [i] : []));
  return fc
    .record({
      op: pick((['sum', 'prod', 'max', 'min', 'mean'] as const).filter((o) => !ctx.exclude.has(o))),
      keep: ones.length ? fc.boolean() : fc.constant(false),
      all: fc.boolean(),
      nInsert: fc.integer({ min: 1, max: Math.max(1, 3 - shape.length) }),
      pos: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
      sizes: fc.array(dimArb, { minLength: 3, maxLength: 3 }),
    })
    .chain(({ op, keep, all, nInsert, pos, sizes }) => {
      // max and min have no identity: numpy rejects them over an empty axis
      const sz = sizes.map((s) => (op === 'max' || op === 'min' ? Math.max(1, s) : s));
      let child: number[];
      let axes: number[] | null;
      if (keep) {
        const chosen = ones.filter((_, i) => pos[i % 3]! % 2 === 0 || i === 0);
        child = shape.map((d, i) => (chosen.includes(i) ? sz[i % 3]! : d));
        axes = chosen;
      } else if (shape.length === 0 && all) {
        child = sz.slice(0, nInsert);
        axes = null;
      } else {
        child = [...shape];
        axes = [];
        for (let n = 0; n < nInsert && child.length < 3; n++) {
          const at = pos[n]! % (child.length + 1);
          child.splice(at, 0, sz[n]!);
          axes = axes.map((a) => (a >= at ? a + 1 : a));
          axes.push(at);
        }
        axes.sort((a, b) => a - b);
      }
      const ax = axes;
      return nodeArb(child, depth, false, ctx).map((x): Desc => ({ k: 'reduce', op, axes: ax, keepdims: keep, x }));
    });
}

/** A dimshuffle (a permutation, with broadcastable dims inserted where `shape` has 1s). */
function dimshuffleArb(shape: readonly number[], depth: number, huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  return fc
    .record({
      xs: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      perm: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    })
    .chain(({ xs, perm }) => {
      const isX = shape.map((d, i) => d === 1 && xs[i]!);
      const keptPos = shape.flatMap((_, i) => (isX[i] ? [] : [i]));
      // a permutation of 0..k-1 from the random keys
      const k = keptPos.length;
      const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => (perm[a] ?? 0) - (perm[b] ?? 0) || a - b);
      const child = new Array<number>(k);
      const pattern: (number | 'x')[] = shape.map(() => 'x');
      keptPos.forEach((p, j) => {
        const src = order[j]!;
        pattern[p] = src;
        child[src] = shape[p]!;
      });
      return nodeArb(child, depth, huge, ctx).map((x): Desc => ({ k: 'dimshuffle', pattern, x }));
    });
}

/** A reshape or a flatten whose result has `shape`. */
function reshapeArb(shape: readonly number[], depth: number, huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  const n = size(shape);
  const candidates: number[][] = [[n], [...shape].reverse(), [...shape, 1], [1, ...shape]];
  if (n % 2 === 0 && n > 0) candidates.push([2, n / 2], [n / 2, 1, 2]);
  const reshape = pick(candidates.filter((c) => c.length <= 3)).chain((child) =>
    nodeArb(child, depth, huge, ctx).map((x): Desc => ({ k: 'reshape', shape: [...shape], x })),
  );
  if (shape.length === 0) return reshape;
  const last = shape[shape.length - 1]!;
  const splits: number[][] = [
    [last, 1],
    [1, last],
  ];
  if (last % 2 === 0 && last > 0) splits.push([2, last / 2]);
  if (last === 0) splits.push([3, 0], [0, 2]); // merged trailing sizes holding a 0
  const flatten = pick(splits).chain((sp) =>
    nodeArb([...shape.slice(0, -1), ...sp], depth, huge, ctx).map(
      (x): Desc => ({ k: 'flatten', ndim: shape.length, x }),
    ),
  );
  return fc.oneof(reshape, flatten);
}

/** A concatenation along one axis of `shape`. */
function concatArb(shape: readonly number[], depth: number, huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  return fc.record({ axis: fc.nat({ max: shape.length - 1 }), cut: fc.nat() }).chain(({ axis, cut }) => {
    const p = cut % (shape[axis]! + 1);
    const sa = shape.map((d, i) => (i === axis ? p : d));
    const sb = shape.map((d, i) => (i === axis ? d - p : d));
    return fc
      .tuple(nodeArb(sa, depth, huge, ctx), nodeArb(sb, depth, huge, ctx))
      .map(([a, b]): Desc => ({ k: 'concat', axis, a, b }));
  });
}

/** A dot product whose result has `shape` (rank 0, 1 or 2). */
function dotArb(shape: readonly number[], depth: number, ctx: Ctx): fc.Arbitrary<Desc> {
  return fc.record({ k: dimArb, vm: fc.boolean() }).chain(({ k, vm }) => {
    let sa: number[];
    let sb: number[];
    if (shape.length === 0) [sa, sb] = [[k], [k]];
    else if (shape.length === 1) [sa, sb] = vm ? [[k], [k, shape[0]!]] : [[shape[0]!, k], [k]];
    else
      [sa, sb] = [
        [shape[0]!, k],
        [k, shape[1]!],
      ];
    return fc
      .tuple(nodeArb(sa, depth, false, ctx), nodeArb(sb, depth, false, ctx))
      .map(([a, b]): Desc => ({ k: 'dot', a, b }));
  });
}

/** Basic indexing (integers and slices) whose result has `shape`. */
function indexArb(shape: readonly number[], depth: number, huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  const nInts = Math.min(2, 3 - shape.length);
  return fc
    .record({
      ints: fc.array(fc.record({ at: fc.nat(), d: posDimArb, i: fc.integer({ min: -3, max: 2 }) }), {
        maxLength: nInts,
      }),
      slices: fc.array(fc.record({ kind: fc.nat({ max: 2 }), extra: fc.nat({ max: 2 }), start: fc.nat() }), {
        minLength: shape.length,
        maxLength: shape.length,
      }),
    })
    .chain(({ ints, slices }) => {
      const idx: BasicIndex[] = shape.map((d, i): BasicIndex => {
        const s = slices[i]!;
        if (s.kind === 0) return { k: 'reverse' };
        const start = s.start % (s.extra + 1);
        return { k: 'range', start, stop: start + d };
      });
      const child: number[] = shape.map((d, i) => {
        const s = slices[i]!;
        return s.kind === 0 ? d : d + s.extra;
      });
      for (const { at, d, i } of ints) {
        const p = at % (idx.length + 1);
        idx.splice(p, 0, { k: 'int', i: i < 0 ? Math.max(i, -d) : i % d });
        child.splice(p, 0, d);
      }
      return nodeArb(child, depth, huge, ctx).map((x): Desc => ({ k: 'index', idx, x }));
    });
}

/** Advanced integer indexing of one axis whose result has `shape`. */
function takeArb(shape: readonly number[], depth: number, huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  return fc
    .record({
      axis: fc.nat({ max: shape.length - 1 }),
      d: posDimArb,
      raw: fc.array(fc.integer({ min: -3, max: 2 }), { minLength: 4, maxLength: 4 }),
    })
    .chain(({ axis, d, raw }) => {
      const len = shape[axis]!;
      const idx = Array.from({ length: len }, (_, j) => {
        const v = raw[j % 4]!;
        return v < 0 ? Math.max(v, -d) : v % d;
      });
      const child = shape.map((s, i) => (i === axis ? d : s));
      return nodeArb(child, depth, huge, ctx).map((x): Desc => ({ k: 'take', axis, idx, x }));
    });
}

function nodeArb(shape: readonly number[], depth: number, huge: boolean, ctx: Ctx): fc.Arbitrary<Desc> {
  const leaf = leafArb(shape, huge, ctx);
  if (depth >= ctx.maxDepth) return leaf;
  const d = depth + 1;
  const allow = (name: string) => !ctx.exclude.has(name);
  const unary = UNARY_OPS.filter(allow);
  const binary = BINARY_OPS.filter(allow);
  const options: fc.WeightedArbitrary<Desc>[] = [{ arbitrary: leaf, weight: depth === 0 ? 1 : 3 + 2 * depth }];
  // every option builds its children's arbitraries only when chosen (chain): built eagerly, each level would
  // build all of its options' subtrees, exponentially
  if (unary.length)
    options.push({
      // sin, cos and tan take inputs only: their condition number is unbounded near their zeros and poles, so
      // a computed argument's last-ulp difference between backends (within their bounds) could grow past any
      // tolerance (tan(cosh(-9.96)) on onnx differed in the 12th digit)
      arbitrary: pick(unary).chain((op) =>
        (PERIODIC.has(op) ? leafArb(shape, huge, ctx) : nodeArb(shape, d, huge, ctx)).map(
          (x): Desc => ({ k: 'unary', op, x }),
        ),
      ),
      weight: 3,
    });
  if (binary.length)
    options.push({
      // one operand has the whole shape (two broadcast ones could miss a dim of size 0 or 2)
      arbitrary: fc
        .tuple(pick(binary), fc.boolean())
        .chain(([op, swap]) =>
          fc
            .tuple(nodeArb(shape, d, huge, ctx), broadcastChild(shape, d, huge, ctx, op))
            .map(([a, b]): Desc => (swap ? { k: 'binary', op, a: b, b: a } : { k: 'binary', op, a, b })),
        ),
      weight: 4,
    });
  if (allow('switch'))
    options.push({
      arbitrary: fc
        .constant(null)
        .chain(() =>
          fc
            .tuple(
              broadcastChild(shape, d, huge, ctx),
              nodeArb(shape, d, huge, ctx),
              broadcastChild(shape, d, huge, ctx),
            )
            .map(([c, a, b]): Desc => ({ k: 'switch', c, a, b })),
        ),
      weight: 1,
    });
  if (allow('cast'))
    options.push({
      arbitrary: pick(ctx.dtypes).chain((dtype) =>
        nodeArb(shape, d, huge, ctx).map((x): Desc => ({ k: 'cast', dtype, x })),
      ),
      weight: 1,
    });
  if (allow('reduce') && shape.length < 3) options.push({ arbitrary: reduceArb(shape, d, ctx), weight: 2 });
  if (allow('dimshuffle') && shape.length > 0)
    options.push({ arbitrary: dimshuffleArb(shape, d, huge, ctx), weight: 1 });
  if (allow('reshape')) options.push({ arbitrary: reshapeArb(shape, d, huge, ctx), weight: 1 });
  if (allow('concat') && shape.length > 0) options.push({ arbitrary: concatArb(shape, d, huge, ctx), weight: 1 });
  if (allow('dot') && shape.length <= 2) options.push({ arbitrary: dotArb(shape, d, ctx), weight: 2 });
  if (allow('index') && shape.length < 3) options.push({ arbitrary: indexArb(shape, d, huge, ctx), weight: 1 });
  if (allow('take') && shape.length > 0) options.push({ arbitrary: takeArb(shape, d, huge, ctx), weight: 1 });
  return fc.oneof(...options);
}

/** An arbitrary of whole graph descriptions (a random output shape, a random tree under it). */
export function graphArb(opts: GraphArbOptions = {}): fc.Arbitrary<GraphDesc> {
  const ctx: Ctx = {
    maxDepth: opts.maxDepth ?? 4,
    exact: opts.exactIntegers ?? {},
    exclude: new Set(opts.excludeOps ?? []),
    dtypes: opts.dtypes?.length ? opts.dtypes : FUZZ_DTYPES,
    noSub: opts.noSubnormals ?? false,
  };
  const floatX = ctx.dtypes.includes('float64') ? undefined : ('float32' as const);
  return fc
    .array(dimArb, { maxLength: 3 })
    .chain((shape) => nodeArb(shape, 0, true, ctx))
    .map((out): GraphDesc => (floatX ? { out, floatX } : { out }));
}
