/**
 * Bad-input cases about the API: options, updates and givens, disposed functions, axes, indices, reshapes,
 * conv/pool options, scan arguments and gradients.
 */
import type { TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type BadInputCase, caseList } from './bad-input-case.js';

const T = theano.tensor;
const { cases, bad } = caseList();

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
bad(
  'option.backend-function',
  'TypeError',
  /backend: expected the name of a registered backend .* got a function \(name 'factory'\) without a compile method/,
  () => {
    const x = T.dvector('x');
    const factory = () => 1;
    return theano.function([x], x, { backend: factory as never });
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

/** The cases about the API. */
export const API_CASES: readonly BadInputCase[] = cases;
