/**
 * The bad-input catalogue: calls a user gets wrong (wrong arity, rank, shape, dtype, garbage values, huge
 * sizes, bad options, updates and givens, disposed functions, axes, indices, reshapes, conv/pool options,
 * scan arguments), each with the error class it must raise and a pattern its message must match: the
 * pattern names the culprit (the function or op, and the argument). `runBadInput` runs one case on a
 * backend and also checks that no shared variable changed: every function a case compiles updates a
 * watched shared variable, and the shared variables a case makes are compared with their values before.
 */
import type {
  ArrayLikeValue,
  Backend,
  FunctionOptions,
  In,
  NDArray,
  SharedVariable,
  TensorVariable,
  TheanoFunction,
} from '@theano-ts/core';
import * as theano from 'theano-ts';

const T = theano.tensor;

/**
 * The error classes a bad input raises (core has no ValueError: a wrong value found at run time is an Error;
 * `T.grad` raises Theano's DisconnectedInputError).
 */
export type BadInputErrorClass = 'TypeError' | 'RangeError' | 'Error' | 'DisconnectedInputError';

/** What a case runs with. */
export interface BadInputContext {
  /** The backend every function of the case is compiled on. */
  readonly backend: Backend;
  /** The case's id (its functions' name, so messages can name it). */
  readonly caseId: string;
  /** `theano.shared(value, name)`, watched: the case fails if its value changes. */
  shared(value: ArrayLikeValue, name: string): SharedVariable;
  /**
   * `theano.function` on the case's backend, named after the case; unless `opts.updates` is given it also
   * updates a watched shared variable (w ← w + 1), so a call that throws must leave it unchanged.
   */
  fn(
    inputs: readonly (TensorVariable | In)[],
    outputs: TensorVariable,
    opts?: FunctionOptions,
  ): TheanoFunction<NDArray>;
  /** Takes the watched variables' values again (after calls that were meant to succeed and update them). */
  resnapshot(): void;
}

/** One bad input. */
export interface BadInputCase {
  /** A stable identifier, `group.what`. */
  readonly id: string;
  /** The kind of mistake. */
  readonly group: string;
  /** The class of the error (its constructor's name, exactly). */
  readonly error: BadInputErrorClass;
  /** What the message must say: the culprit (function or op and argument), what was expected or given. */
  readonly message: RegExp;
  /** Makes the mistake (may return a promise); must throw. */
  run(ctx: BadInputContext): unknown;
}

const CASES: BadInputCase[] = [];

function bad(id: string, error: BadInputErrorClass, message: RegExp, run: (ctx: BadInputContext) => unknown): void {
  CASES.push({ id, group: id.split('.')[0]!, error, message, run });
}

/** A nested array `depth` levels deep around one number (built without recursion). */
function deepArray(depth: number): unknown {
  let a: unknown = 1;
  for (let i = 0; i < depth; i++) a = [a];
  return a;
}

const TYPES = {
  scalar: () => T.dscalar('x'),
  vector: () => T.dvector('x'),
  matrix: () => T.dmatrix('x'),
  tensor3: () => T.dtensor3('x'),
  row: () => T.drow('x'),
  col: () => T.dcol('x'),
} as const;
const VALUES_BY_RANK: readonly [number, unknown][] = [
  [0, 2],
  [1, [1, 2]],
  [2, [[1, 2]]],
  [3, [[[1, 2]]]],
];

// ------------------------------------------------------------------------------------------- arity
for (const n of [1, 2, 3]) {
  const make = () => Array.from({ length: n }, (_, i) => T.dvector(`v${i}`));
  const sum = (vs: TensorVariable[]) => vs.slice(1).reduce((a, b) => a.add(b), vs[0]!);
  bad(
    `arity.too-many-${n}`,
    'TypeError',
    new RegExp(`"arity\\.too-many-${n}" takes ${n} arguments? .*got ${n + 1}`),
    (c) => {
      const vs = make();
      return c.fn(vs, sum(vs))(...Array.from({ length: n + 1 }, () => [1]));
    },
  );
  bad(`arity.none-${n}`, 'TypeError', new RegExp(`"arity\\.none-${n}": missing argument "v0" \\(input 0`), (c) => {
    const vs = make();
    return c.fn(vs, sum(vs))();
  });
  bad(
    `arity.undefined-last-${n}`,
    'TypeError',
    new RegExp(`argument ${n - 1} \\("v${n - 1}".*\\) is undefined`),
    (c) => {
      const vs = make();
      const args: unknown[] = Array.from({ length: n }, () => [1]);
      args[n - 1] = undefined;
      return c.fn(vs, sum(vs))(...args);
    },
  );
}
bad('arity.missing-second', 'TypeError', /missing argument "v1" \(input 1, TensorType\(float64, vector\)\)/, (c) => {
  const [a, b] = [T.dvector('v0'), T.dvector('v1')];
  return c.fn([a, b], a.add(b))([1]);
});
bad('arity.undefined-first', 'TypeError', /argument 0 \("v0", TensorType\(float64, vector\)\) is undefined/, (c) => {
  const [a, b] = [T.dvector('v0'), T.dvector('v1')];
  return c.fn([a, b], a.add(b))(undefined, [1]);
});
bad('arity.callsync-too-many', 'TypeError', /takes 1 argument .*got 2/, (c) => {
  const x = T.dvector('x');
  const f = c.fn([x], x.mul(2));
  return c.backend.capabilities.sync ? f.callSync([1], [2]) : f([1], [2]);
});
bad('arity.with-default-too-many', 'TypeError', /takes 1 to 2 arguments .*got 3/, (c) => {
  const [a, b] = [T.dvector('a'), T.dvector('b')];
  return c.fn([a, theano.Param(b, { default: theano.zeros([1]) })], a.add(b))([1], [1], [1]);
});

// -------------------------------------------------------------------------------------------- rank
for (const [tname, make] of Object.entries(TYPES)) {
  for (const [rank, value] of VALUES_BY_RANK) {
    const want = make().ndim;
    if (rank === want) continue;
    bad(
      `rank.${tname}-given-${rank}d`,
      'TypeError',
      new RegExp(
        `input 0 \\("x"\\) expects TensorType\\(float64, ${tname === 'tensor3' ? '3D' : tname}\\).*got an? .*${rank} dimension`,
      ),
      (c) => {
        const x = make();
        return c.fn([x], x.mul(2))(value);
      },
    );
  }
}

// ------------------------------------------------------------------------------------------- shape
bad(
  'shape.row-given-2-rows',
  'TypeError',
  /input 0 \("x"\) expects TensorType\(float64, row\) with size 1 at dimension 0.*got shape \(2, 2\)/,
  (c) => {
    const x = T.drow('x');
    return c.fn(
      [x],
      x.mul(2),
    )([
      [1, 2],
      [3, 4],
    ]);
  },
);
bad(
  'shape.col-given-3-columns',
  'TypeError',
  /input 0 \("x"\) expects TensorType\(float64, col\) with size 1 at dimension 1.*got shape \(2, 3\)/,
  (c) => {
    const x = T.dcol('x');
    return c.fn(
      [x],
      x.mul(2),
    )([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  },
);
bad('shape.add-vectors-2-3', 'Error', /Elemwise\{add.*\(2,\).*\(3,\)/, (c) => {
  const [a, b] = [T.dvector('a'), T.dvector('b')];
  return c.fn([a, b], a.add(b))([1, 2], [1, 2, 3]);
});
bad('shape.mul-matrices', 'Error', /Elemwise\{mul.*\(2, 2\).*\(3, 2\)/, (c) => {
  const [a, b] = [T.dmatrix('a'), T.dmatrix('b')];
  return c.fn([a, b], a.mul(b))(
    [
      [1, 2],
      [3, 4],
    ],
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  );
});
bad(
  'shape.size1-not-broadcastable',
  'Error',
  /add.*input 1 \(b\) has size 1 at dimension 0.*does not allow broadcasting/,
  (c) => {
    const [a, b] = [T.dvector('a'), T.dvector('b')];
    return c.fn([a, b], a.add(b))([1, 2, 3], [1]);
  },
);
bad('shape.dot-mm', 'Error', /dot: shapes \(1, 3\) and \(1, 2\) not aligned/, (c) => {
  const [a, b] = [T.dmatrix('a'), T.dmatrix('b')];
  return c.fn([a, b], a.dot(b))([[1, 2, 3]], [[1, 2]]);
});
bad('shape.dot-mv', 'Error', /dot: shapes \(2, 2\) and \(3,\) not aligned/, (c) => {
  const [a, b] = [T.dmatrix('a'), T.dvector('b')];
  return c.fn([a, b], a.dot(b))(
    [
      [1, 2],
      [3, 4],
    ],
    [1, 2, 3],
  );
});
bad('shape.dot-vv', 'Error', /dot: shapes \(2,\) and \(3,\) not aligned/, (c) => {
  const [a, b] = [T.dvector('a'), T.dvector('b')];
  return c.fn([a, b], a.dot(b))([1, 2], [1, 2, 3]);
});
bad('shape.dot-vm', 'Error', /dot: shapes \(2,\) and \(3, 1\) not aligned/, (c) => {
  const [a, b] = [T.dvector('a'), T.dmatrix('b')];
  return c.fn([a, b], a.dot(b))([1, 2], [[1], [2], [3]]);
});
bad('shape.concatenate', 'Error', /Join.*\(1, 2\).*\(1, 3\)/, (c) => {
  const [a, b] = [T.dmatrix('a'), T.dmatrix('b')];
  return c.fn([a, b], T.concatenate([a, b], 0))([[1, 2]], [[1, 2, 3]]);
});
bad('shape.stack', 'Error', /Join.*\(1, 2\).*\(1, 3\)/, (c) => {
  const [a, b] = [T.dvector('a'), T.dvector('b')];
  return c.fn([a, b], T.stack([a, b]))([1, 2], [1, 2, 3]);
});
bad('shape.set-subtensor', 'Error', /(SetSubtensor|IncSubtensor\{Set).*\(3,\)/, (c) => {
  const [a, b] = [T.dvector('a'), T.dvector('b')];
  return c.fn([a, b], T.setSubtensor(a.get('0:2'), b))([1, 2, 3], [1, 2, 3]);
});
bad('shape.ragged-input', 'TypeError', /input 0 \("x"\).*ragged nested sequence.*index \[1\]/, (c) => {
  const x = T.dmatrix('x');
  return c.fn([x], x.mul(2))([[1, 2], [3]]);
});
bad('shape.ragged-scalar-leaf', 'TypeError', /input 0 \("x"\).*ragged nested sequence/, (c) => {
  const x = T.dmatrix('x');
  return c.fn([x], x.mul(2))([[1, 2], 3]);
});

// ------------------------------------------------------------------------------------------- dtype
const LOSSY: readonly [string, () => TensorVariable, unknown, RegExp][] = [
  ['float-into-int32', () => T.ivector('x'), [1.5], /expects int32 values, but 1\.5 is not an integer/],
  ['float-into-int8', () => T.bvector('x'), [0.25], /expects int8 values, but 0\.25 is not an integer/],
  ['float-into-int64', () => T.lvector('x'), [2.5], /expects int64 values, but 2\.5 is not an integer/],
  ['float-into-int16', () => T.wvector('x'), [-0.5], /expects int16 values, but -0\.5 is not an integer/],
  ['out-of-range-int8', () => T.bvector('x'), [300], /expects int8 values, but 300 is out of range for int8/],
  ['out-of-range-int16', () => T.wvector('x'), [70000], /expects int16 values, but 70000 is out of range/],
  ['out-of-range-int32', () => T.ivector('x'), [2 ** 40], /expects int32 values, but 1099511627776 is out of range/],
  ['nan-into-int', () => T.ivector('x'), [Number.NaN], /expects int32 values, but NaN is not an integer/],
  [
    'inf-into-int',
    () => T.lvector('x'),
    [Number.POSITIVE_INFINITY],
    /expects int64 values, but Infinity is not an integer/,
  ],
  [
    'float64-array-into-float32',
    () => T.fvector('x'),
    new Float64Array([1]),
    /expects TensorType\(float32, vector\), but got float64 data/,
  ],
  [
    'float64-ndarray-into-int32',
    () => T.ivector('x'),
    theano.array([1, 2]),
    /expects TensorType\(int32, vector\), but got float64 data/,
  ],
  [
    'int64-into-int32',
    () => T.ivector('x'),
    new BigInt64Array([1n]),
    /expects TensorType\(int32, vector\), but got int64 data/,
  ],
  [
    'float32-into-int8',
    () => T.bvector('x'),
    new Float32Array([1]),
    /expects TensorType\(int8, vector\), but got float32 data/,
  ],
  [
    'int32-into-float32',
    () => T.fvector('x'),
    new Int32Array([1]),
    /expects TensorType\(float32, vector\), but got int32 data/,
  ],
  [
    'uint32array',
    () => T.dvector('x'),
    new Uint32Array([1]),
    /input 0 \("x"\).*unsupported typed array Uint32Array: the typed arrays accepted are .*Float64Array \(float64\)/,
  ],
  ['uint16array', () => T.dvector('x'), new Uint16Array([1]), /input 0 \("x"\).*unsupported typed array Uint16Array/],
  [
    'uint8clampedarray',
    () => T.dvector('x'),
    new Uint8ClampedArray([1]),
    /input 0 \("x"\).*unsupported typed array Uint8ClampedArray/,
  ],
  [
    'biguint64array',
    () => T.dvector('x'),
    new BigUint64Array([1n]),
    /input 0 \("x"\).*unsupported typed array BigUint64Array/,
  ],
  ['non-boolean-into-bool', () => T.vector('x', 'bool'), [2], /expects bool values, but 2 is not a boolean/],
];
for (const [what, make, value, message] of LOSSY) {
  bad(`dtype.${what}`, 'TypeError', message, (c) => {
    const x = make();
    return c.fn([x], x.mul(2))(value);
  });
}
bad('dtype.unknown-type-dtype', 'TypeError', /T\.vector: unknown dtype "float16"/, () =>
  T.vector('x', 'float16' as never),
);
bad('dtype.astype-unknown', 'TypeError', /cast: unknown dtype "nope" for x/, () =>
  T.dvector('x').astype('nope' as never),
);
bad('dtype.cast-unknown', 'TypeError', /cast: unknown dtype "int3" for x/, () =>
  T.cast(T.dvector('x'), 'int3' as never),
);
bad('dtype.zeros-unknown', 'TypeError', /zeros: unknown dtype float8/, () => T.zeros([2], 'float8'));
bad(
  'dtype.config-floatX',
  'TypeError',
  /theano\.config\.floatX: expected 'float32' or 'float64', got "float16"/,
  () => {
    theano.config.floatX = 'float16' as never;
  },
);

// ----------------------------------------------------------------------------------------- garbage
const GARBAGE: readonly [string, unknown, RegExp][] = [
  ['string', 'abc', /got string/],
  ['null', null, /got null/],
  ['object', { a: 1 }, /got object/],
  ['symbol', Symbol('s'), /got symbol/],
  ['function', () => 1, /got function/],
  ['strings-in-array', ['a', 'b'], /elements must be numbers, booleans or bigints, got string/],
  ['null-in-array', [1, null], /elements must be numbers, booleans or bigints, got null/],
  ['object-in-array', [1, {}], /elements must be numbers, booleans or bigints, got Object/],
  ['undefined-in-array', [1, undefined], /elements must be numbers, booleans or bigints, got undefined/],
  ['dataview', new DataView(new ArrayBuffer(8)), /got a DataView/],
  ['map', new Map(), /got a Map/],
];
for (const [what, value, message] of GARBAGE) {
  bad(`value.${what}`, 'TypeError', new RegExp(`input 0 \\("x"\\).*${message.source}`), (c) => {
    const x = T.dvector('x');
    return c.fn([x], x.mul(2))(value);
  });
}
bad(
  'value.symbolic-variable',
  'TypeError',
  /input 0 \("x"\) expects a value \(TensorType\(float64, vector\)\), got the symbolic variable y/,
  (c) => {
    const x = T.dvector('x');
    return c.fn([x], x.mul(2))(T.dvector('y'));
  },
);
bad('value.deep-nested-input', 'TypeError', /input 0 \("x"\).*more than 64 levels deep/, (c) => {
  const x = T.dvector('x');
  return c.fn([x], x.mul(2))(deepArray(200_000));
});
bad('value.deep-nested-int-input', 'TypeError', /input 0 \("x"\).*more than 64 levels deep/, (c) => {
  const x = T.ivector('x');
  return c.fn([x], x.mul(2))(deepArray(200_000));
});
bad('value.deep-nested-constant', 'TypeError', /constant: nested arrays more than 64 levels deep/, () =>
  T.constant(deepArray(200_000) as never),
);
bad('value.deep-nested-operand', 'TypeError', /more than 64 levels deep/, () =>
  T.dvector('x').add(deepArray(200_000) as never),
);
bad('value.deep-nested-array', 'TypeError', /array: nested arrays more than 64 levels deep/, () =>
  theano.array(deepArray(200_000) as never),
);
bad('value.deep-nested-shared', 'TypeError', /more than 64 levels deep/, () =>
  theano.shared(deepArray(200_000) as never),
);
bad(
  'value.operand-string',
  'TypeError',
  /Elemwise\{add\} input 1: expected a tensor variable or a value .*got the string "a"/,
  () => T.dvector('x').add('a' as never),
);
bad('value.operand-null', 'TypeError', /Elemwise\{add\} input 1: expected a tensor variable or a value, got null/, () =>
  T.dvector('x').add(null as never),
);
bad(
  'value.operand-undefined',
  'TypeError',
  /Elemwise\{mul\} input 1: expected a tensor variable or a value, got undefined/,
  () => T.dvector('x').mul(undefined as never),
);
bad(
  'value.operand-object',
  'TypeError',
  /Elemwise\{sub\} input 1: expected a tensor variable or a value .*got Object/,
  () => T.dvector('x').sub({} as never),
);
bad('value.deep-nested-index', 'TypeError', /get: nested arrays more than 64 levels deep/, () =>
  T.dvector('x').get(deepArray(200_000) as never),
);
bad('value.deep-nested-stacklists', 'TypeError', /stacklists: nested arrays more than 64 levels deep/, () =>
  T.stacklists(deepArray(200_000) as never),
);
bad('value.deep-nested-default', 'TypeError', /theano\.In\(x\): the default value: .*more than 64 levels deep/, () =>
  theano.Param(T.dvector('x'), { default: deepArray(200_000) as never }),
);
bad('value.deep-nested-set-value', 'TypeError', /theano\.shared "w": setValue: .*more than 64 levels deep/, (c) =>
  c.shared([1, 2], 'w').setValue(deepArray(200_000) as never),
);
bad('value.array-ragged', 'TypeError', /array: ragged nested sequence/, () => theano.array([[1, 2], [3]]));
bad('value.array-strings', 'TypeError', /array: elements must be numbers, booleans or bigints, got string/, () =>
  theano.array(['a'] as never),
);
bad(
  'value.shared-string',
  'TypeError',
  /theano\.shared: expected a number, a nested array, a typed array or an NDArray, got string/,
  () => theano.shared('abc' as never),
);
bad('value.shared-undefined', 'TypeError', /theano\.shared: expected .*got undefined/, () =>
  theano.shared(undefined as never),
);
bad('value.set-value-rank', 'TypeError', /w.*expects TensorType\(float64, vector\).*2 dimensions/, (c) => {
  const w = c.shared([1, 2, 3], 'w');
  w.setValue([[1, 2]]);
});
bad('value.set-value-string', 'TypeError', /w.*got string/, (c) => {
  const w = c.shared([1, 2, 3], 'w');
  w.setValue('abc' as never);
});
bad('value.set-value-lossy', 'TypeError', /w.*int32.*1\.5 is not an integer/, (c) => {
  const w = c.shared(theano.array([1, 2], 'int32'), 'w');
  w.setValue([1.5, 2]);
});
bad(
  'value.js-operator-add',
  'TypeError',
  /x is a symbolic variable: JS operators do not apply to it; .*x\.add\(y\)/,
  () => {
    const x = T.dvector('x') as unknown as number;
    return x + 1;
  },
);
bad('value.js-operator-mul', 'TypeError', /x\.mul\(y\) for x \* y/, () => (T.dvector('x') as unknown as number) * 2);
bad('value.js-operator-neg', 'TypeError', /x\.neg\(\) for -x/, () => -(T.dvector('x') as unknown as number));
bad('value.js-operator-lt', 'TypeError', /x\.lt\(y\)/, () => (T.dvector('x') as unknown as number) < 1);
bad('value.js-operator-default-hint', 'TypeError', /x is a symbolic variable: JS operators do not apply to it/, () => {
  const x = T.dvector('x') as unknown as string;
  // biome-ignore lint/style/useTemplate: `x + ''` asks for the 'default' hint (a template literal asks for 'string')
  return x + '';
});

// ------------------------------------------------------------------------------------------- sizes
bad(
  'size.zeros-1e12',
  'RangeError',
  /zeros: shape \(1000000000000,\) of float64: cannot allocate .*exceeds what can be allocated/,
  () => theano.zeros([1e12]),
);
bad('size.ones-1e12', 'RangeError', /full: shape \(1000000, 1000000\) of float64: cannot allocate/, () =>
  theano.ones([1e6, 1e6]),
);
bad('size.full-int8', 'RangeError', /full: shape \(100000, 100000, 1000\) of int8: cannot allocate/, () =>
  theano.full([1e5, 1e5, 1e3], 1, 'int8'),
);
bad('size.zeros-negative', 'TypeError', /zeros: .*-1/, () => theano.zeros([-1]));
bad('size.zeros-fraction', 'TypeError', /zeros: .*1\.5/, () => theano.zeros([1.5]));
bad('size.zeros-nan', 'TypeError', /zeros: .*NaN/, () => theano.zeros([Number.NaN]));
// Sizes computed at run time are far beyond any address space (8e15 bytes and more), so no allocator (nor an
// overcommitting OS) can hand them out and start filling memory.
bad('size.alloc-run', 'RangeError', /Alloc: inputs .*n.*: cannot allocate its output/, (c) => {
  const n = T.lscalar('n');
  return c.fn([n], T.zeros([n]))(1e15);
});
bad(
  'size.broadcast-1e15',
  'RangeError',
  /Elemwise\{.*add.*\}: inputs a of shape \(100000, 1, 1\), b of shape \(1, 100000, 1\), c of shape \(1, 1, 100000\): cannot allocate/,
  async (c) => {
    const a = new T.TensorType('float64', [false, true, true]).make('a');
    const b = new T.TensorType('float64', [true, false, true]).make('b');
    const cc = new T.TensorType('float64', [true, true, false]).make('c');
    const v = (shape: number[]) => new theano.NDArray(new Float64Array(1e5), shape);
    return c.fn([a, b, cc], T.add(a, b, cc))(v([1e5, 1, 1]), v([1, 1e5, 1]), v([1, 1, 1e5]));
  },
);
bad('size.alloc-negative', 'Error', /Alloc: shape\[0\] must be a non-negative integer, got -3/, (c) => {
  const n = T.lscalar('n');
  return c.fn([n], T.zeros([n]))(-3);
});
bad('size.eye-huge', 'RangeError', /Eye\{dtype='float64'\}: inputs .*cannot allocate/, (c) => {
  const n = T.lscalar('n');
  return c.fn([n], T.eye(n))(1e7);
});

// ----------------------------------------------------------------------------------------- options
bad(
  'option.backend-object',
  'TypeError',
  /backend: expected the name of a registered backend \(.*'ref'.*\) or a Backend object \(name, capabilities, compile\), got an object without a string name/,
  () => {
    const x = T.dvector('x');
    return theano.function([x], x, { backend: {} as never });
  },
);
bad('option.backend-number', 'TypeError', /backend: expected the name of a registered backend/, () => {
  const x = T.dvector('x');
  return theano.function([x], x, { backend: 42 as never });
});
bad('option.backend-unknown', 'Error', /Unknown backend "nope": registered backends are .*'ref'/, () => {
  const x = T.dvector('x');
  return theano.function([x], x, { backend: 'nope' });
});
bad('option.mode-unknown', 'TypeError', /theano function "option\.mode-unknown": unknown mode "NOPE"/, (c) => {
  const x = T.dvector('x');
  return c.fn([x], x, { mode: 'NOPE' });
});
bad(
  'option.on-unused-input-bad',
  'TypeError',
  /"option\.on-unused-input-bad": onUnusedInput must be 'raise', 'warn' or 'ignore', got "bogus"/,
  (c) => {
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    return c.fn([x, y], x.mul(2), { onUnusedInput: 'bogus' as never });
  },
);
bad(
  'option.unused-input',
  'TypeError',
  /"option\.unused-input": input 1 \(y\) is not part of the graph computing the outputs/,
  (c) => {
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    return c.fn([x, y], x.mul(2));
  },
);
bad('option.sum-unknown', 'TypeError', /sum: unknown option 'axsi' \(its options are axis/, () =>
  T.dmatrix('x').sum({ axsi: 1 } as never),
);
bad('option.flatten-unknown', 'TypeError', /flatten: unknown option 'nd' \(its options are ndim\)/, () =>
  T.dmatrix('x').flatten({ nd: 1 } as never),
);
bad('option.stack-unknown', 'TypeError', /stack: unknown option 'axes' \(its options are axis\)/, () =>
  T.stack([T.dvector('a'), T.dvector('b')], { axes: 1 } as never),
);
bad('option.max-unknown', 'TypeError', /max: unknown option 'keepdim' \(its options are axis, keepdims\)/, () =>
  T.max(T.dmatrix('x'), { keepdim: true } as never),
);
bad('option.config-backend', 'TypeError', /theano\.config\.backend: expected a backend name/, () => {
  theano.config.backend = '' as never;
});
bad(
  'option.flags-unknown',
  'TypeError',
  /THEANO_TS_FLAGS: unknown flag "floatx" \(known: floatX, backend, mode, onUnusedInput\); did you mean floatX\?/,
  () => theano.config.applyFlags('floatx=float32'),
);
bad('option.flags-malformed', 'TypeError', /THEANO_TS_FLAGS: expected key=value, got "floatX"/, () =>
  theano.config.applyFlags('floatX'),
);
bad('option.flags-bad-value', 'TypeError', /onUnusedInput must be raise, warn or ignore, got loud/, () =>
  theano.config.applyFlags('onUnusedInput=loud'),
);
bad('option.input-not-variable', 'TypeError', /input 0 must be a symbolic variable or theano\.In, got number/, (c) =>
  c.fn([5 as never], T.dvector('x')),
);
bad('option.output-not-variable', 'TypeError', /output 0 must be a symbolic variable, got string/, (c) =>
  c.fn([], 'abc' as never),
);
bad('option.duplicate-input', 'TypeError', /input 1 \(x\) is the same variable as input 0/, (c) => {
  const x = T.dvector('x');
  return c.fn([x, x], x.mul(2));
});
bad('option.constant-input', 'TypeError', /input 0 \(TensorConstant\{\[1 2\]\}\) is a constant/, (c) =>
  c.fn([T.constant([1, 2])], T.dvector('x')),
);
bad(
  'option.missing-input',
  'TypeError',
  /output 0 .* needs the variable y \(TensorType\(float64, vector\)\), which is not among the inputs \[x\]/,
  (c) => {
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    return c.fn([x], x.add(y));
  },
);

// -------------------------------------------------------------------------------- updates / givens
bad('update.not-shared', 'TypeError', /update 0 must update a shared variable, got x/, (c) => {
  const x = T.dvector('x');
  return c.fn([x], x, { updates: [[x as never, x.add(1)]] });
});
bad(
  'update.rank',
  'TypeError',
  /update 0 \(of shared variable w\) must have its type TensorType\(float64, vector\), got TensorType\(float64, scalar\)/,
  (c) => {
    const w = c.shared([1, 2, 3], 'w');
    return c.fn([], w, { updates: [[w, w.sum()]] });
  },
);
bad(
  'update.dtype',
  'TypeError',
  /update 0 \(of shared variable w\) must have its type TensorType\(int32, vector\), got TensorType\(float64, vector\)/,
  (c) => {
    const w = c.shared(theano.array([1, 2], 'int32'), 'w');
    return c.fn([], w, { updates: [[w, w.mul(1.5)]] });
  },
);
bad('update.duplicate', 'TypeError', /shared variable w is updated twice/, (c) => {
  const w = c.shared([1, 2, 3], 'w');
  return c.fn([], w, {
    updates: [
      [w, w.add(1)],
      [w, w.add(2)],
    ],
  });
});
bad('update.not-pairs', 'TypeError', /updates must be a Map or an array of \[variable, value\] pairs/, (c) => {
  const w = c.shared([1, 2, 3], 'w');
  return c.fn([], w, { updates: 5 as never });
});
bad('update.value-string', 'TypeError', /update 0 \(of w\) expects TensorType\(float64, vector\).*got string/, (c) => {
  const w = c.shared([1, 2, 3], 'w');
  return c.fn([], w, { updates: [[w, 'abc' as never]] });
});
bad('update.runtime-failure', 'Error', /dot: shapes/, async (c) => {
  const w = c.shared([1, 2, 3], 'w');
  const [a, b] = [T.dvector('a'), T.dvector('b')];
  const f = c.fn([a, b], a.dot(b), { updates: [[w, w.add(a.dot(b))]] });
  return f([1, 2], [1, 2, 3]);
});
bad(
  'given.type',
  'TypeError',
  /givens replaces x \(TensorType\(float64, vector\)\) with m of another type \(TensorType\(float64, matrix\)\)/,
  (c) => {
    const x = T.dvector('x');
    const m = T.dmatrix('m');
    return c.fn([m], x.mul(2), { givens: [[x, m]] });
  },
);
bad(
  'given.dtype',
  'TypeError',
  /givens replaces x \(TensorType\(float64, vector\)\) with i of another type \(TensorType\(float32, vector\)\)/,
  (c) => {
    const x = T.dvector('x');
    const i = T.fvector('i');
    return c.fn([i], x.mul(2), { givens: [[x, i]] });
  },
);
bad('given.key-not-variable', 'TypeError', /a givens key must be a symbolic variable, got number/, (c) => {
  const x = T.dvector('x');
  return c.fn([x], x.mul(2), { givens: [[5 as never, x]] });
});
bad(
  'given.not-pairs',
  'TypeError',
  /givens must be a Map or an array of \[variable, value\] pairs, got the string "x"/,
  (c) => {
    const x = T.dvector('x');
    return c.fn([x], x.mul(2), { givens: 'x' as never });
  },
);

// ---------------------------------------------------------------------------------------- disposed
bad('disposed.call', 'Error', /theano function "disposed\.call" was disposed/, async (c) => {
  const x = T.dvector('x');
  const f = c.fn([x], x.mul(2));
  await f([1]);
  c.resnapshot();
  f.dispose();
  return f([1]);
});
bad('disposed.before-first-call', 'Error', /theano function "disposed\.before-first-call" was disposed/, async (c) => {
  const x = T.dvector('x');
  const f = c.fn([x], x.mul(2));
  f.dispose();
  return f([1]);
});
bad('disposed.twice', 'Error', /theano function "disposed\.twice" was disposed/, async (c) => {
  const x = T.dvector('x');
  const f = c.fn([x], x.mul(2));
  f.dispose();
  f.dispose();
  return f([1]);
});
bad('disposed.shared-update', 'Error', /theano function "disposed\.shared-update" was disposed/, async (c) => {
  const w = c.shared([1, 2, 3], 'w');
  const f = c.fn([], w, { updates: [[w, w.add(1)]] });
  f.dispose();
  return f();
});

// -------------------------------------------------------------------------------------------- axes
const AXES: readonly [string, () => unknown, RegExp][] = [
  ['sum-2-of-vector', () => T.dvector('x').sum(2), /sum: axis 2 is out of range for a tensor of 1 dimensions/],
  ['sum-neg3-of-matrix', () => T.dmatrix('x').sum(-3), /sum: axis -3 is out of range for a tensor of 2 dimensions/],
  ['max-5', () => T.dmatrix('x').max(5), /max: axis 5 is out of range/],
  ['mean-fraction', () => T.dmatrix('x').mean(1.5), /mean: axis 1\.5 is out of range/],
  ['sum-nan', () => T.dmatrix('x').sum(Number.NaN), /sum: axis NaN is out of range/],
  [
    'sum-string',
    () => T.dmatrix('x').sum('a' as never),
    /sum: axis must be an integer, an array of integers or null, got "a"/,
  ],
  ['argmax-3', () => T.dmatrix('x').argmax(3), /argmax: axis 3 is out of range/],
  ['prod-2', () => T.dvector('x').prod(2), /prod: axis 2 is out of range/],
  ['concatenate-3', () => T.concatenate([T.dmatrix('a'), T.dmatrix('b')], 3), /Join: axis 3 is out of range/],
  ['stack-5', () => T.stack([T.dvector('a'), T.dvector('b')], 5), /stack: axis 5 is out of range/],
  ['sort-4', () => T.dvector('x').sort(4), /sort: axis 4 is out of range/],
  ['cumsum-2', () => T.cumsum(T.dvector('x'), 2), /cumsum: axis 2 is out of range/],
  [
    'dimshuffle-bad',
    () => T.dvector('x').dimshuffle(0, 2),
    /DimShuffle\{0,2\}: dimension 2 is out of range for input x/,
  ],
  [
    'transpose-bad',
    () => T.dmatrix('x').transpose(1, 0, 2),
    /transpose: axes \[1,0,2\] are not a permutation of 2 dimensions of x/,
  ],
  ['swapaxes-bad', () => T.swapaxes(T.dmatrix('x'), 0, 4), /swapaxes: axis 4 is out of range/],
  ['var-3', () => T.dmatrix('x').var(3), /var: axis 3 is out of range/],
  ['softmax-axis', () => T.nnet.softmax(T.dmatrix('x'), 4), /softmax: axis 4 is out of range/],
];
for (const [what, run, message] of AXES) bad(`axis.${what}`, 'TypeError', message, run);

// ----------------------------------------------------------------------------------------- indices
bad('index.out-of-bounds', 'Error', /Subtensor.*: index 5 is out of bounds for (axis 0|an axis) with size 3/, (c) => {
  const x = T.dvector('x');
  return c.fn([x], x.get(5))([1, 2, 3]);
});
bad(
  'index.negative-out-of-bounds',
  'Error',
  /Subtensor.*: index -4 is out of bounds for (axis 0|an axis) with size 3/,
  (c) => {
    const x = T.dvector('x');
    return c.fn([x], x.get(-4))([1, 2, 3]);
  },
);
bad(
  'index.symbolic-out-of-bounds',
  'Error',
  /Subtensor.*: index 7 is out of bounds for (axis 0|an axis) with size 3/,
  (c) => {
    const x = T.dvector('x');
    const i = T.lscalar('i');
    return c.fn([x, i], x.get(i))([1, 2, 3], 7);
  },
);
bad(
  'index.advanced-out-of-bounds',
  'Error',
  /AdvancedSubtensor1?.*: index 9 is out of bounds for (axis 0|an axis) with size 3/,
  (c) => {
    const x = T.dvector('x');
    const i = T.lvector('i');
    return c.fn([x, i], x.get(i))([1, 2, 3], [0, 9]);
  },
);
bad('index.too-many', 'TypeError', /get: too many indices for x: it has 2 dimensions but 3 were indexed/, () =>
  T.dmatrix('x').get(0, 0, 0),
);
bad('index.bad-slice-string', 'TypeError', /get: cannot read the start of the slice 'a:b'/, () =>
  T.dvector('x').get('a:b'),
);
bad('index.fraction', 'TypeError', /get: the index 1\.5 is not an integer/, () => T.dvector('x').get(1.5));
bad(
  'index.float-variable',
  'TypeError',
  /get: an index must be an integer or a boolean mask, got f of dtype float64/,
  () => T.dvector('x').get(T.dvector('f')),
);
bad('index.object', 'TypeError', /get: cannot index with a plain object: an index is an integer, a slice string/, () =>
  T.dvector('x').get({} as never),
);
bad('index.step-zero', 'TypeError', /get: the slice '::0' has step zero/, (c) => {
  const x = T.dvector('x');
  return c.fn([x], x.get('::0'))([1, 2, 3]);
});
bad(
  'index.set-out-of-bounds',
  'Error',
  /SetSubtensor|IncSubtensor\{Set.*: index 5 is out of bounds for (axis 0|an axis) with size 3/,
  (c) => {
    const x = T.dvector('x');
    return c.fn([x], T.setSubtensor(x.get(5), 1))([1, 2, 3]);
  },
);
bad(
  'index.inc-advanced-out-of-bounds',
  'Error',
  /AdvancedIncSubtensor1?.*: index 3 is out of bounds for (axis 0|an axis) with size 3/,
  (c) => {
    const x = T.dvector('x');
    const i = T.lvector('i');
    return c.fn([x, i], T.incSubtensor(x.get(i), 1))([1, 2, 3], [3]);
  },
);
bad(
  'index.take-out-of-bounds',
  'Error',
  /AdvancedSubtensor1?.*: index -5 is out of bounds for (axis 0|an axis) with size 3/,
  (c) => {
    const x = T.dvector('x');
    const i = T.lvector('i');
    return c.fn([x, i], T.take(x, i))([1, 2, 3], [-5]);
  },
);

// ----------------------------------------------------------------------------------------- reshape
bad(
  'reshape.size-mismatch',
  'Error',
  /Reshape.*(size 3 \(shape \(3,\)\) into shape \(4,\)|Input shape:\{3\}, requested shape:\{4\})/,
  (c) => {
    const x = T.dvector('x');
    return c.fn([x], x.reshape([4]))([1, 2, 3]);
  },
);
bad(
  'reshape.matrix-mismatch',
  'Error',
  /Reshape.*(size 6 \(shape \(2, 3\)\) into shape \(4, 2\)|Input shape:\{2,3\}, requested shape:\{4,2\})/,
  (c) => {
    const x = T.dmatrix('x');
    return c.fn(
      [x],
      x.reshape([4, 2]),
    )([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  },
);
bad('reshape.two-minus-one', 'TypeError', /reshape: invalid shape \[-1,-1\] \(integers ≥ 0 and at most one -1\)/, () =>
  T.dvector('x').reshape([-1, -1]),
);
bad('reshape.fraction', 'TypeError', /reshape: invalid shape \[1\.5\]/, () => T.dvector('x').reshape([1.5]));
bad(
  'reshape.string',
  'TypeError',
  /reshape: the new shape must be an array of sizes or an int vector, got the string "abc"/,
  () => T.dvector('x').reshape('abc' as never),
);
bad('reshape.negative', 'TypeError', /reshape: invalid shape \[-2,3\]/, () => T.dvector('x').reshape([-2, 3]));
bad(
  'reshape.symbolic-mismatch',
  'Error',
  /Reshape.*(size 3 \(shape \(3,\)\) into shape \(2, 2\)|Input shape:\{3\}, requested shape:\{2,2\})/,
  (c) => {
    const x = T.dvector('x');
    const n = T.lscalar('n');
    return c.fn([x, n], x.reshape([n, 2]))([1, 2, 3], 2);
  },
);
bad('reshape.flatten-0', 'TypeError', /flatten: ndim must be between 1 and 2 for x, got 0/, () =>
  T.dmatrix('x').flatten(0),
);
bad('reshape.flatten-too-many', 'TypeError', /flatten: ndim must be between 1 and 2 for x, got 3/, () =>
  T.dmatrix('x').flatten(3),
);

// --------------------------------------------------------------------------------------- conv/pool
const x4 = () => T.dtensor4('img');
const w4 = () => T.dtensor4('filt');
bad('conv.input-rank', 'TypeError', /conv2d: input must be 4-d \(batch, channels, rows, cols\), got img/, () =>
  T.nnet.conv2d(T.dmatrix('img'), w4()),
);
bad('conv.filter-rank', 'TypeError', /conv2d: filters must be 4-d .*got filt/, () =>
  T.nnet.conv2d(x4(), T.dmatrix('filt')),
);
bad('conv.border-mode', 'TypeError', /conv2d.*borderMode.*bogus/, () =>
  T.nnet.conv2d(x4(), w4(), { borderMode: 'bogus' as never }),
);
bad('conv.subsample-zero', 'TypeError', /conv2d.*subsample/, () => T.nnet.conv2d(x4(), w4(), { subsample: [0, 0] }));
bad('conv.dilation-zero', 'TypeError', /conv2d.*(filterDilation|dilation)/, () =>
  T.nnet.conv2d(x4(), w4(), { filterDilation: [0, 1] }),
);
bad('conv.groups-zero', 'TypeError', /conv2d.*numGroups/, () => T.nnet.conv2d(x4(), w4(), { numGroups: 0 }));
bad('conv.unknown-option', 'TypeError', /conv2d.*unknown option.*bordermode/i, () =>
  T.nnet.conv2d(x4(), w4(), { bordermode: 'valid' } as never),
);
bad(
  'conv.channels-run',
  'Error',
  /conv2d: the image has 3 channels, the filters expect 2|AbstractConv2d.*img of shape \(1, 3, 4, 4\), filt of shape \(2, 2, 2, 2\)/,
  (c) => {
    const [x, w] = [x4(), w4()];
    return c.fn([x, w], T.nnet.conv2d(x, w))(
      new theano.NDArray(new Float64Array(1 * 3 * 4 * 4), [1, 3, 4, 4]),
      new theano.NDArray(new Float64Array(2 * 2 * 2 * 2), [2, 2, 2, 2]),
    );
  },
);
bad('pool.ws-zero', 'TypeError', /pool2d.*ws/, () => T.signal.pool.pool2d(x4(), { ws: [0, 0] }));
bad('pool.ws-missing', 'TypeError', /pool2d.*ws/, () => T.signal.pool.pool2d(x4(), {} as never));
bad('pool.mode', 'TypeError', /pool2d.*mode.*bogus/, () =>
  T.signal.pool.pool2d(x4(), { ws: [2, 2], mode: 'bogus' as never }),
);
bad('pool.stride-negative', 'TypeError', /pool2d.*stride/, () =>
  T.signal.pool.pool2d(x4(), { ws: [2, 2], stride: [-1, 1] }),
);
bad('pool.pad-too-large', 'TypeError', /pool2d.*pad/, () => T.signal.pool.pool2d(x4(), { ws: [2, 2], pad: [2, 2] }));
bad('pool.input-rank', 'TypeError', /pool2d.*(input|dimension|ndim)/i, () =>
  T.signal.pool.pool2d(T.dvector('img'), { ws: [2, 2] }),
);
bad('pool.unknown-option', 'TypeError', /pool2d.*unknown option.*ignore_border|pool2d.*ignore_border/, () =>
  T.signal.pool.pool2d(x4(), { ws: [2, 2], ignore_border: true } as never),
);

// -------------------------------------------------------------------------------------------- scan
bad('scan.no-fn', 'TypeError', /scan.*fn/, () => theano.scan({ sequences: [T.dvector('s')] } as never));
bad('scan.fn-not-function', 'TypeError', /scan.*fn/, () =>
  theano.scan({ fn: 5, sequences: [T.dvector('s')] } as never),
);
bad('scan.scalar-sequence', 'TypeError', /scan.*sequence/, () =>
  theano.scan({ fn: (a: TensorVariable) => a, sequences: [T.dscalar('s')] }),
);
bad(
  'scan.n-steps-fraction',
  'RangeError',
  /theano\.scan\(scan_fn\): nSteps must be a non-negative integer, got 1\.5/,
  () => theano.scan({ fn: (a: TensorVariable) => a.mul(2), outputsInfo: [T.dscalar('a0')], nSteps: 1.5 }),
);
bad(
  'scan.n-steps-string',
  'TypeError',
  /theano\.scan\(scan_fn\) \(nSteps\): expected a tensor variable or a value .*got the string "abc"/,
  () => theano.scan({ fn: (a: TensorVariable) => a.mul(2), outputsInfo: [T.dscalar('a0')], nSteps: 'abc' as never }),
);
bad('scan.no-steps', 'TypeError', /scan.*(nSteps|sequences)/, () =>
  theano.scan({ fn: (a: TensorVariable) => a.mul(2), outputsInfo: [T.dscalar('a0')] }),
);
bad(
  'scan.fn-returns-string',
  'TypeError',
  /theano\.scan\(scan_fn\) \(output 0 of fn\): expected a tensor variable or a value .*got the string "abc"/,
  () => theano.scan({ fn: () => 'abc' as never, sequences: [T.dvector('s')] }),
);
bad('scan.output-type-mismatch', 'TypeError', /scan.*(initial|output|a0)/i, () =>
  theano.scan({ fn: (a: TensorVariable) => T.stack([a, a]), outputsInfo: [T.dscalar('a0')], nSteps: 3 }),
);
bad('scan.positive-output-tap', 'TypeError', /scan.*tap/i, () =>
  theano.scan({
    fn: (a: TensorVariable) => a.mul(2),
    outputsInfo: [{ initial: T.dvector('a0'), taps: [1] }],
    nSteps: 3,
  }),
);
bad(
  'scan.unknown-option',
  'TypeError',
  /theano\.scan\(scan_fn\): unknown option 'n_steps' \(its options are fn, sequences/,
  () => theano.scan({ fn: (a: TensorVariable) => a.mul(2), outputsInfo: [T.dscalar('a0')], n_steps: 3 } as never),
);
bad('scan.negative-steps-run', 'Error', /Scan\{scan_fn\}: nSteps must be a non-negative integer, got -2/, (c) => {
  const n = T.lscalar('n');
  const a0 = T.dscalar('a0');
  const [out] = theano.scan({ fn: (a: TensorVariable) => a.mul(2), outputsInfo: [a0], nSteps: n }) as unknown as [
    TensorVariable,
  ];
  return c.fn([a0, n], out)(1, -2);
});

// ---------------------------------------------------------------------------------------- gradient
bad(
  'grad.non-scalar-cost',
  'TypeError',
  /T\.grad: cost must be a scalar \(0-d\), got .* of type TensorType\(float64, vector\)/,
  () => {
    const x = T.dvector('x');
    return T.grad(x.mul(2), x);
  },
);
bad('grad.wrt-not-variable', 'TypeError', /T\.grad: wrt 0 must be a symbolic variable, got number/, () =>
  T.grad(T.dvector('x').sum(), 5 as never),
);
bad(
  'grad.disconnected',
  'DisconnectedInputError',
  /T\.grad: the cost does not depend on input 0 \(y, TensorType\(float64, vector\)\)/,
  () => {
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    return T.grad(x.sum(), y);
  },
);
bad(
  'grad.eval-missing',
  'TypeError',
  /eval: .* needs a value for the variable x \(TensorType\(float64, vector\)\)/,
  () => T.dvector('x').mul(2).evalSync([]),
);
bad('linalg.inverse-of-vector', 'TypeError', /MatrixInverse: expected a matrix, got x/, () =>
  T.nlinalg.matrixInverse(T.dvector('x')),
);
bad(
  'linalg.tensordot-axes',
  'TypeError',
  /tensordot: axes must be an integer or a pair of equally long axis lists, got \[\[0,1\],\[0\]\]/,
  () => T.tensordot(T.dmatrix('a'), T.dmatrix('b'), [[0, 1], [0]]),
);
bad('linalg.dot-string', 'TypeError', /dot.*got the string "b"/, () => T.dot(T.dvector('a'), 'b' as never));

/** Every case of the catalogue. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = CASES;

/** How one case went on one backend. */
export interface BadInputResult {
  readonly id: string;
  /** Null when the case passed; else what went wrong (no error, the wrong class or message, a changed variable). */
  readonly failure: string | null;
}

function snapshot(v: SharedVariable): string {
  const a = v.getValue();
  return `${a.dtype}${JSON.stringify(a.shape)}:${Array.from(a.data as ArrayLike<number | bigint>, String).join(',')}`;
}

/** Runs one case on `backend`: it must throw its class with its message, and change no shared variable. */
export async function runBadInput(c: BadInputCase, backend: Backend): Promise<BadInputResult> {
  const watched: [SharedVariable, string][] = [];
  const watch = (v: SharedVariable): SharedVariable => {
    watched.push([v, snapshot(v)]);
    return v;
  };
  const resnapshot = (): void => {
    for (const w of watched) w[1] = snapshot(w[0]);
  };
  const savedFloatX = theano.config.floatX;
  const savedBackend = theano.config.backend;
  const ctx: BadInputContext = {
    backend,
    caseId: c.id,
    resnapshot,
    shared: (value, name) => watch(theano.shared(value, name)),
    fn: (inputs, outputs, opts = {}) => {
      let updates = opts.updates;
      if (updates === undefined) {
        const w = watch(theano.shared([1, 2, 3], 'watched'));
        updates = [[w, w.add(1)]];
      }
      return theano.function(inputs, outputs, { name: c.id, ...opts, updates, backend: opts.backend ?? backend });
    },
  };
  let thrown: unknown = null;
  let threw = false;
  try {
    await c.run(ctx);
  } catch (e) {
    threw = true;
    thrown = e;
  } finally {
    theano.config.floatX = savedFloatX;
    theano.config.backend = savedBackend;
  }
  const fail = (why: string): BadInputResult => ({ id: c.id, failure: why });
  if (!threw) return fail('no error was raised');
  if (!(thrown instanceof Error)) return fail(`threw a non-Error: ${String(thrown)}`);
  const cls = thrown.constructor.name;
  if (cls !== c.error) return fail(`expected a ${c.error}, got ${cls}: ${thrown.message}`);
  if (!c.message.test(thrown.message)) return fail(`the message does not match ${c.message}: ${thrown.message}`);
  for (const [v, before] of watched) {
    const after = snapshot(v);
    if (after !== before) return fail(`shared variable ${v} changed from ${before} to ${after}`);
  }
  return { id: c.id, failure: null };
}
