/**
 * `PhiloxRandom` → ONNX: Philox4x32-10 computed in the graph with int64 arithmetic, word for word core's
 * definition (`philox.philox4x32`): 32-bit words live in int64 tensors, one lane per block; each 32×32-bit
 * product is split at 16 bits (M·x = (M·xh div 2^16)·2^32 + t, t = M·xl + (M·xh mod 2^16)·2^16 < 2^49, so
 * nothing overflows), xor is `BitwiseXor`, sums are masked to 32 bits. The words become the draw as in
 * core (the top 24 bits times 2^-24 for float32, 27 + 26 bits times 2^-53 for float64, the word itself for
 * int64), so every backend gives the same numbers. The state holds the words in 16-bit halves. A negative size
 * is a check read after the run.
 */
import { PHILOX_RANDOM, type PrimitiveName, philox } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import type { Lowering } from './common.js';

const MASK32 = 0xffffffff;
const TWO16 = 65536;
const TWO32 = 4294967296;

/** `[hi, lo]` of the 64-bit product `m · x` (x: int64 lanes holding 32-bit words). */
function mulhilo(g: GraphBuilder, m: number, x: Val): [Val, Val] {
  const c = (v: number) => g.scalar(v, 'int64');
  const a = g.op('Mul', [g.op('BitwiseAnd', [x, c(TWO16 - 1)], 'int64'), c(m)], 'int64');
  const b = g.op('Mul', [g.op('Div', [x, c(TWO16)], 'int64'), c(m)], 'int64');
  const t = g.op('Add', [a, g.op('Mul', [g.op('BitwiseAnd', [b, c(TWO16 - 1)], 'int64'), c(TWO16)], 'int64')], 'int64');
  const lo = g.op('BitwiseAnd', [t, c(MASK32)], 'int64');
  const hi = g.op('Add', [g.op('Div', [b, c(TWO16)], 'int64'), g.op('Div', [t, c(TWO32)], 'int64')], 'int64');
  return [hi, lo];
}

/** Element `i` of a 1-d int64 value, as a 0-d value. */
function at(g: GraphBuilder, v: Val, i: number): Val {
  return g.op('Gather', [v, g.scalar(i, 'int64')], 'int64', { axis: 0 });
}

/** `(a + b) mod 2^32` for words (b a 0-d or same-shaped int64 value). */
function add32(g: GraphBuilder, a: Val, b: Val): Val {
  return g.op('BitwiseAnd', [g.op('Add', [a, b], 'int64'), g.scalar(MASK32, 'int64')], 'int64');
}

/** `PhiloxRandom{dtype}`: `(state, size) → (newState, draws)`. */
const philoxRandom: Lowering = (g, node, [state, size0]) => {
  const { dtype, method } = PHILOX_RANDOM.match(node)!;
  const nd = node.inputs[1]!.type.shape[0]!;
  const c = (v: number) => g.scalar(v, 'int64');
  const size = g.cast(size0!, 'int64');
  if (nd > 0) {
    g.addCheck({
      outputs: [size],
      rowLengths: [nd],
      validate: ([row]) =>
        row!.some((d) => d < 0) ? `${method}: size must hold non-negative integers, got [${row!.join(', ')}]` : null,
    });
  }
  // negative sizes count as 0 here (the check above reports them)
  const dims = nd > 0 ? g.op('Max', [size, c(0)], 'int64') : size;
  const count = nd > 0 ? g.op('ReduceProd', [dims], 'int64', { keepdims: 0 }) : c(1);
  const per = philox.wordsPerDraw(dtype);
  const nWords = g.op('Mul', [count, c(per)], 'int64');
  const blocks = g.op('Div', [g.op('Add', [nWords, c(3)], 'int64'), c(4)], 'int64');
  // the words from their 16-bit halves
  const [k0, k1, c0, c1] = [0, 1, 2, 3].map((i) =>
    g.op('Add', [at(g, state!, 2 * i), g.op('Mul', [at(g, state!, 2 * i + 1), c(TWO16)], 'int64')], 'int64'),
  ) as [Val, Val, Val, Val];
  // block i enciphers the counter (c0, c1) + i
  const lane = g.op('Range', [c(0), blocks, c(1)], 'int64');
  const lo = g.op('Add', [c0, lane], 'int64');
  let x0 = g.op('BitwiseAnd', [lo, c(MASK32)], 'int64');
  let x1 = add32(g, c1, g.op('Div', [lo, c(TWO32)], 'int64'));
  let x2 = g.op('Mul', [lane, c(0)], 'int64');
  let x3 = x2;
  for (let r = 0; r < philox.PHILOX_ROUNDS; r++) {
    const kr0 = r === 0 ? k0 : add32(g, k0, c((r * philox.PHILOX_W0) % TWO32));
    const kr1 = r === 0 ? k1 : add32(g, k1, c((r * philox.PHILOX_W1) % TWO32));
    const [hi0, lo0] = mulhilo(g, philox.PHILOX_M0, x0);
    const [hi1, lo1] = mulhilo(g, philox.PHILOX_M1, x2);
    const y0 = g.op('BitwiseXor', [g.op('BitwiseXor', [hi1, x1], 'int64'), kr0], 'int64');
    const y2 = g.op('BitwiseXor', [g.op('BitwiseXor', [hi0, x3], 'int64'), kr1], 'int64');
    x0 = y0;
    x1 = lo1;
    x2 = y2;
    x3 = lo0;
  }
  // the words block by block: [x0 x1 x2 x3] of each lane, flattened, the first nWords of them
  const cols = [x0, x1, x2, x3].map((x) => g.op('Unsqueeze', [x, g.ints([1])], 'int64'));
  const flat = g.op('Reshape', [g.op('Concat', cols, 'int64', { axis: 1 }), g.ints([-1])], 'int64');
  const words = g.op(
    'Slice',
    [flat, g.ints([0]), g.op('Unsqueeze', [nWords, g.ints([0])], 'int64'), g.ints([0])],
    'int64',
  );
  // the state after the draw: the counter advanced by the blocks used
  const next = g.op('Add', [c0, blocks], 'int64');
  const scalars = [
    k0,
    k1,
    g.op('BitwiseAnd', [next, c(MASK32)], 'int64'),
    add32(g, c1, g.op('Div', [next, c(TWO32)], 'int64')),
  ];
  const halves = scalars.flatMap((w) => [
    g.op('BitwiseAnd', [w, c(TWO16 - 1)], 'int64'),
    g.op('Div', [w, c(TWO16)], 'int64'),
  ]);
  const newState = g.op(
    'Concat',
    halves.map((s) => g.op('Unsqueeze', [s, g.ints([0])], 'int64')),
    'int64',
    { axis: 0 },
  );
  let draws: Val;
  if (dtype === 'int64') {
    draws = words;
  } else if (dtype === 'float32') {
    const top = g.cast(g.op('Div', [words, c(256)], 'int64'), 'float32');
    draws = g.op('Mul', [top, g.scalar(2 ** -24, 'float32')], 'float32');
  } else {
    const pairs = g.op('Reshape', [words, g.ints([-1, 2])], 'int64');
    const a = g.op('Div', [g.op('Gather', [pairs, c(0)], 'int64', { axis: 1 }), c(32)], 'int64');
    const b = g.op('Div', [g.op('Gather', [pairs, c(1)], 'int64', { axis: 1 }), c(64)], 'int64');
    const bits = g.op('Add', [g.op('Mul', [a, c(67108864)], 'int64'), b], 'int64');
    draws = g.op('Mul', [g.cast(bits, 'float64'), g.scalar(2 ** -53, 'float64')], 'float64');
  }
  return [newState, g.op('Reshape', [draws, dims], dtype)];
};

/** The random family's lowering. */
export const RANDOM_LOWERINGS: { readonly [P in Extract<PrimitiveName, 'philox_random'>]: Lowering } = {
  philox_random: philoxRandom,
};
