/**
 * Bad-input cases about values: wrong arity, rank, shape, dtype, garbage values and sizes too large to
 * allocate, passed to compiled functions, constructors and shared variables.
 */
import type { TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type BadInputCase, caseList, deepArray } from './bad-input-case.js';

const T = theano.tensor;
const { cases, bad } = caseList();

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
// webgl stores int64 as int32 on the GPU, so it refuses the size before allocating
bad(
  'size.scan-step',
  'RangeError',
  /(Alloc|Scan\{scan_fn\}): inputs .*: cannot allocate|of Scan\{scan_fn\} holds 1000000000000000 .* outside the int32 range/,
  (c) => {
    const ks = T.lvector('ks');
    const [out] = theano.scan({ fn: (k: TensorVariable) => T.zeros([k]).sum(), sequences: [ks] }) as unknown as [
      TensorVariable,
    ];
    return c.fn([ks], out)([2, 1e15]);
  },
);
bad('size.alloc-negative', 'Error', /Alloc: shape\[0\] must be a non-negative integer, got -3/, (c) => {
  const n = T.lscalar('n');
  return c.fn([n], T.zeros([n]))(-3);
});
// webgl builds the identity elementwise (row index == column index), so that node is the one that fails
bad(
  'size.eye-huge',
  'RangeError',
  /(Eye\{dtype='float64'\}|Elemwise\{Composite\{.*eq.*\}\}): inputs .*cannot allocate/,
  (c) => {
    const n = T.lscalar('n');
    return c.fn([n], T.eye(n))(1e7);
  },
);

/** The cases about values. */
export const VALUE_CASES: readonly BadInputCase[] = cases;
