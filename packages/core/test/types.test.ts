// Tensor types and their constructors, checked against Theano 1.0 (`theano/tensor/type.py`,
// `theano/tensor/basic.py`): dtype, ndim, broadcastable pattern and `str(type)`; floatX and THEANO_TS_FLAGS.

import { config, type DType, T, TensorType, TensorVariable } from '@theano-ts/core';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => {
  config.floatX = 'float64';
});

/** Each kind's broadcastable pattern and Theano's word for it. */
const KINDS = {
  scalar: { bc: [], word: 'scalar' },
  vector: { bc: [false], word: 'vector' },
  matrix: { bc: [false, false], word: 'matrix' },
  row: { bc: [true, false], word: 'row' },
  col: { bc: [false, true], word: 'col' },
  tensor3: { bc: [false, false, false], word: '3D' },
  tensor4: { bc: [false, false, false, false], word: '4D' },
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

/** Theano's dtype prefixes. */
const PREFIXES: Record<string, DType> = {
  b: 'int8',
  w: 'int16',
  i: 'int32',
  l: 'int64',
  d: 'float64',
  f: 'float32',
  c: 'complex64',
  z: 'complex128',
};

type AnyCtor = (name?: string | null, dtype?: DType) => TensorVariable;
type AnyPlural = (...a: [number] | string[]) => TensorVariable[];
const ctor = (name: string): AnyCtor => (T as unknown as Record<string, AnyCtor>)[name]!;
const plural = (name: string): AnyPlural => (T as unknown as Record<string, AnyPlural>)[name]!;

describe('unprefixed constructors (floatX dtype)', () => {
  it.each(KIND_NAMES)('T.%s()', (kind) => {
    const { bc, word } = KINDS[kind];
    const v = ctor(kind)();
    expect(v).toBeInstanceOf(TensorVariable);
    expect(v.dtype).toBe('float64');
    expect(v.ndim).toBe(bc.length);
    expect(v.broadcastable).toEqual(bc);
    expect(v.name).toBeNull();
    expect(v.owner).toBeNull();
    expect(String(v.type)).toBe(`TensorType(float64, ${word})`);
    expect(String(v)).toBe(`<TensorType(float64, ${word})>`);
  });

  it('take a name and a dtype', () => {
    const m = T.matrix('M', 'int16');
    expect(m.name).toBe('M');
    expect(String(m)).toBe('M');
    expect(m.dtype).toBe('int16');
    expect(String(m.type)).toBe('TensorType(int16, matrix)');
    const t = T.tensor4(null, 'complex64');
    expect(t.name).toBeNull();
    expect(String(t.type)).toBe('TensorType(complex64, 4D)');
    expect(T.row('r', 'bool').broadcastable).toEqual([true, false]);
    expect(String(T.col('c', 'float32').type)).toBe('TensorType(float32, col)');
  });

  it('T.dvector and T.row from the API examples', () => {
    expect(T.dvector('v').type.toString()).toBe('TensorType(float64, vector)');
    expect(T.dvector('v').broadcastable).toEqual([false]);
    expect(T.row().broadcastable).toEqual([true, false]);
    expect(T.col().broadcastable).toEqual([false, true]);
  });

  it('each call makes a new variable', () => {
    const a = T.vector('a');
    const b = T.vector('a');
    expect(a).not.toBe(b);
    expect(a.id).not.toBe(b.id);
    expect(a.type.equals(b.type)).toBe(true);
  });
});

describe('the 56 prefixed constructors', () => {
  const cases: [string, DType, Kind][] = [];
  for (const [p, dtype] of Object.entries(PREFIXES)) for (const k of KIND_NAMES) cases.push([`${p}${k}`, dtype, k]);

  it('there are 8 × 7 = 56 of them, each a function on T', () => {
    expect(cases).toHaveLength(56);
    for (const [name] of cases) expect(typeof ctor(name)).toBe('function');
  });

  it.each(cases)('T.%s is %s', (name, dtype, kind) => {
    const { bc, word } = KINDS[kind];
    const v = ctor(name)('v');
    expect(v.dtype).toBe(dtype);
    expect(v.ndim).toBe(bc.length);
    expect(v.broadcastable).toEqual(bc);
    expect(v.name).toBe('v');
    expect(String(v.type)).toBe(`TensorType(${dtype}, ${word})`);
    const unnamed = ctor(name)();
    expect(String(unnamed)).toBe(`<TensorType(${dtype}, ${word})>`);
  });

  it('a few written out', () => {
    expect(String(T.bscalar().type)).toBe('TensorType(int8, scalar)');
    expect(String(T.wvector().type)).toBe('TensorType(int16, vector)');
    expect(String(T.imatrix().type)).toBe('TensorType(int32, matrix)');
    expect(String(T.lrow().type)).toBe('TensorType(int64, row)');
    expect(String(T.dcol().type)).toBe('TensorType(float64, col)');
    expect(String(T.ftensor3().type)).toBe('TensorType(float32, 3D)');
    expect(String(T.ctensor4().type)).toBe('TensorType(complex64, 4D)');
    expect(String(T.zmatrix().type)).toBe('TensorType(complex128, matrix)');
  });

  it('prefixed constructors ignore floatX', () => {
    config.floatX = 'float32';
    expect(T.dvector().dtype).toBe('float64');
    expect(T.fvector().dtype).toBe('float32');
  });
});

describe('TensorType printing', () => {
  it('names the common patterns', () => {
    expect(String(new TensorType('float64', []))).toBe('TensorType(float64, scalar)');
    expect(String(new TensorType('float64', [false]))).toBe('TensorType(float64, vector)');
    expect(String(new TensorType('float64', [false, false]))).toBe('TensorType(float64, matrix)');
    expect(String(new TensorType('float64', [true, false]))).toBe('TensorType(float64, row)');
    expect(String(new TensorType('float64', [false, true]))).toBe('TensorType(float64, col)');
    expect(String(new TensorType('int32', [false, false, false]))).toBe('TensorType(int32, 3D)');
    expect(String(new TensorType('int32', [false, false, false, false]))).toBe('TensorType(int32, 4D)');
    expect(String(new TensorType('float64', [false, false, false, false, false]))).toBe('TensorType(float64, 5D)');
  });

  it("prints other patterns as Python's tuple", () => {
    expect(String(new TensorType('float64', [true]))).toBe('TensorType(float64, (True,))');
    expect(String(new TensorType('float64', [true, true]))).toBe('TensorType(float64, (True, True))');
    expect(String(new TensorType('float32', [true, false, true]))).toBe('TensorType(float32, (True, False, True))');
    expect(String(new TensorType('int8', [false, false, false, true]))).toBe(
      'TensorType(int8, (False, False, False, True))',
    );
  });

  it('T.TensorType is the class, and make() gives an unnamed or named variable', () => {
    expect(T.TensorType).toBe(TensorType);
    const t = new T.TensorType('float32', [false, true]);
    expect(t.ndim).toBe(2);
    expect(t.dtype).toBe('float32');
    expect(t.broadcastable).toEqual([false, true]);
    const v = t.make('v');
    expect(v.type).toBe(t);
    expect(String(v)).toBe('v');
    expect(String(t.make())).toBe('<TensorType(float32, col)>');
  });

  it('T.tensor(dtype, broadcastable, name) makes a variable of any rank', () => {
    const v = T.tensor('int16', [false, true, false, false, true], 'v');
    expect(v.ndim).toBe(5);
    expect(v.name).toBe('v');
    expect(String(v.type)).toBe('TensorType(int16, (False, True, False, False, True))');
  });
});

describe('type equality', () => {
  it("T.scalar('s', 'int32') has the type of T.iscalar('s') and of TensorType('int32', []).make('s')", () => {
    const a = T.scalar('s', 'int32');
    const b = T.iscalar('s');
    const c = new T.TensorType('int32', []).make('s');
    expect(a.type.equals(b.type)).toBe(true);
    expect(a.type.equals(c.type)).toBe(true);
    expect(b.type.equals(c.type)).toBe(true);
    expect(String(a.type)).toBe('TensorType(int32, scalar)');
    expect(a.name).toBe('s');
    expect(c.name).toBe('s');
    // three distinct variables nonetheless
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('types differ by dtype or pattern', () => {
    expect(T.iscalar().type.equals(T.lscalar().type)).toBe(false);
    expect(T.dvector().type.equals(T.dmatrix().type)).toBe(false);
    expect(T.drow().type.equals(T.dcol().type)).toBe(false);
    expect(T.drow().type.equals(T.dmatrix().type)).toBe(false);
    expect(T.dmatrix().type.equals(new TensorType('float64', [false, false]))).toBe(true);
  });
});

describe('plural constructors', () => {
  it("T.vectors('x', 'y', 'z') names them in order", () => {
    const [x, y, z] = T.vectors('x', 'y', 'z');
    expect([x, y, z].map(String)).toEqual(['x', 'y', 'z']);
    for (const v of [x!, y!, z!]) expect(String(v.type)).toBe('TensorType(float64, vector)');
  });

  it('T.vectors(3) makes three unnamed, distinct variables', () => {
    const vs = T.vectors(3);
    expect(vs).toHaveLength(3);
    expect(new Set(vs).size).toBe(3);
    for (const v of vs) {
      expect(v.name).toBeNull();
      expect(String(v)).toBe('<TensorType(float64, vector)>');
    }
    expect(T.vectors(0)).toEqual([]);
  });

  it('every kind has a plural, with the dtype of its singular', () => {
    const cases: [string, DType, string][] = [
      ['scalars', 'float64', 'scalar'],
      ['vectors', 'float64', 'vector'],
      ['matrices', 'float64', 'matrix'],
      ['rows', 'float64', 'row'],
      ['cols', 'float64', 'col'],
      ['tensor3s', 'float64', '3D'],
      ['tensor4s', 'float64', '4D'],
      ['fmatrices', 'float32', 'matrix'],
      ['dvectors', 'float64', 'vector'],
      ['ivectors', 'int32', 'vector'],
      ['bscalars', 'int8', 'scalar'],
      ['lrows', 'int64', 'row'],
      ['zcols', 'complex128', 'col'],
      ['wtensor3s', 'int16', '3D'],
      ['ctensor4s', 'complex64', '4D'],
    ];
    for (const [name, dtype, word] of cases) {
      const [a, b] = plural(name)('a', 'b');
      expect(String(a), name).toBe('a');
      expect(String(b), name).toBe('b');
      expect(String(a!.type), name).toBe(`TensorType(${dtype}, ${word})`);
      expect(plural(name)(2), name).toHaveLength(2);
    }
  });

  it('typed calls from the API', () => {
    const [A, B] = T.fmatrices(2);
    expect(A!.dtype).toBe('float32');
    expect(B!.ndim).toBe(2);
    expect(A).not.toBe(B);
    const [u, v] = T.dvectors('u', 'v');
    expect(String(u)).toBe('u');
    expect(v!.dtype).toBe('float64');
    const [i] = T.ivectors('i');
    expect(String(i!.type)).toBe('TensorType(int32, vector)');
    expect(T.rows('r')[0]!.broadcastable).toEqual([true, false]);
    expect(T.cols('c')[0]!.broadcastable).toEqual([false, true]);
    expect(T.scalars('s', 't').map((s) => s.ndim)).toEqual([0, 0]);
    expect(T.tensor3s(1)[0]!.ndim).toBe(3);
    expect(T.matrices('m')[0]!.broadcastable).toEqual([false, false]);
  });

  it('follow floatX', () => {
    config.floatX = 'float32';
    expect(T.vectors(2).map((v) => v.dtype)).toEqual(['float32', 'float32']);
    expect(T.matrices('a')[0]!.dtype).toBe('float32');
  });

  it('reject bad arguments', () => {
    expect(() => plural('vectors')(-1)).toThrow(/T\.vectors: expected a count ≥ 0, got -1/);
    expect(() => plural('vectors')(1.5)).toThrow(TypeError);
    expect(() => (T.vectors as unknown as (...a: unknown[]) => unknown)('a', 3)).toThrow(
      /T\.vectors: argument 1 must be a name \(string\), got number/,
    );
    expect(() => (T.fmatrices as unknown as (...a: unknown[]) => unknown)('a', null)).toThrow(
      /T\.fmatrices: argument 1/,
    );
  });
});

describe('floatX', () => {
  it('float64 by default', () => {
    expect(config.floatX).toBe('float64');
    expect(T.scalar().dtype).toBe('float64');
  });

  it('config.floatX = float32 changes the unprefixed constructors', () => {
    const before = config.floatX;
    try {
      config.floatX = 'float32';
      expect(T.scalar().dtype).toBe('float32');
      expect(String(T.scalar('x').type)).toBe('TensorType(float32, scalar)');
      expect(String(T.matrix().type)).toBe('TensorType(float32, matrix)');
      expect(T.tensor4().dtype).toBe('float32');
      // an explicit dtype still wins
      expect(T.vector('v', 'float64').dtype).toBe('float64');
    } finally {
      config.floatX = before;
    }
    expect(T.scalar().dtype).toBe('float64');
  });

  it('only float32 and float64 are accepted', () => {
    expect(() => {
      config.floatX = 'float16' as 'float32';
    }).toThrow(/theano\.config\.floatX: expected 'float32' or 'float64', got "float16"/);
    expect(() => {
      config.floatX = 'int32' as 'float32';
    }).toThrow(TypeError);
    expect(config.floatX).toBe('float64');
  });
});

describe('THEANO_TS_FLAGS and config', () => {
  const snapshot = () => ({
    floatX: config.floatX,
    backend: config.backend,
    mode: config.mode,
    onUnusedInput: config.onUnusedInput,
  });
  const restore = (s: ReturnType<typeof snapshot>) => {
    config.floatX = s.floatX;
    config.backend = s.backend;
    config.mode = s.mode;
    config.onUnusedInput = s.onUnusedInput;
  };

  it("applyFlags('floatX=float32,backend=ref')", () => {
    const s = snapshot();
    try {
      config.applyFlags('floatX=float32,backend=ref');
      expect(config.floatX).toBe('float32');
      expect(config.backend).toBe('ref');
      expect(T.vector().dtype).toBe('float32');
      // spaces and empty items are tolerated; later items win
      config.applyFlags(' floatX = float64 , , mode=FAST_COMPILE, onUnusedInput=ignore,floatX=float32');
      expect(config.floatX).toBe('float32');
      expect(config.mode).toBe('FAST_COMPILE');
      expect(config.onUnusedInput).toBe('ignore');
      config.applyFlags('on_unused_input=warn');
      expect(config.onUnusedInput).toBe('warn');
    } finally {
      restore(s);
    }
  });

  it('errors for an unknown flag, a malformed item and a bad value', () => {
    const s = snapshot();
    try {
      expect(() => config.applyFlags('floatx=float32')).toThrow(
        /THEANO_TS_FLAGS: unknown flag "floatx" \(known: floatX, backend, mode, onUnusedInput\)/,
      );
      expect(() => config.applyFlags('device=cuda')).toThrow(/unknown flag "device"/);
      expect(() => config.applyFlags('floatX')).toThrow(/THEANO_TS_FLAGS: expected key=value, got "floatX"/);
      expect(() => config.applyFlags('floatX=float16')).toThrow(/expected 'float32' or 'float64', got "float16"/);
      expect(() => config.applyFlags('backend=')).toThrow(/theano\.config\.backend: expected a backend name/);
      expect(() => config.applyFlags('onUnusedInput=sometimes')).toThrow(
        /must be raise, warn or ignore, got sometimes/,
      );
    } finally {
      restore(s);
    }
    expect(config.floatX).toBe('float64');
  });

  it('toString prints one setting a line', () => {
    const s = snapshot();
    try {
      restore({ floatX: 'float64', backend: 'ref', mode: 'FAST_RUN', onUnusedInput: 'raise' });
      expect(config.toString()).toBe(
        ['floatX = float64', 'backend = ref', 'mode = FAST_RUN', 'onUnusedInput = raise'].join('\n'),
      );
      config.floatX = 'float32';
      config.backend = 'onnx';
      expect(String(config)).toBe(
        ['floatX = float32', 'backend = onnx', 'mode = FAST_RUN', 'onUnusedInput = raise'].join('\n'),
      );
    } finally {
      restore(s);
    }
  });
});

describe('errors', () => {
  it('a bad dtype names the constructor and the dtype', () => {
    expect(() => T.scalar('x', 'float16' as DType)).toThrow(/T\.scalar: unknown dtype "float16"/);
    expect(() => T.matrix(null, 'uint8' as DType)).toThrow(/T\.matrix: unknown dtype "uint8"/);
    expect(() => new TensorType('float128' as DType, [])).toThrow(/TensorType: unknown dtype "float128"/);
  });

  it('a bad name', () => {
    expect(() => (T.vector as unknown as (n: unknown) => unknown)(3)).toThrow(
      /T\.vector: the name must be a string, got number/,
    );
    expect(() => (T.dmatrix as unknown as (n: unknown) => unknown)({})).toThrow(
      /T\.dmatrix: the name must be a string, got object/,
    );
  });

  it('a bad broadcastable pattern or static shape', () => {
    expect(() => new TensorType('float64', [1, 0] as unknown as boolean[])).toThrow(
      /broadcastable must be an array of booleans/,
    );
    expect(() => new TensorType('float64', 'ft' as unknown as boolean[])).toThrow(TypeError);
    expect(() => new TensorType('float64', [true], [3])).toThrow(/dimension 0 is broadcastable but has static size 3/);
    expect(() => new TensorType('float64', [false], [2, 3])).toThrow(/differ in length/);
    expect(() => new TensorType('float64', [false], [-1])).toThrow(/not a non-negative integer/);
  });
});
