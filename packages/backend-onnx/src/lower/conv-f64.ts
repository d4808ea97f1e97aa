/**
 * The convolutions in float64, where onnxruntime has no `Conv` / `ConvTranspose` kernel: by patches. The
 * padded image's windows are gathered (`Gather` of the row positions y·s + a·d, then of the col positions)
 * into `P[n, c, y, a, x, b]`, and each op is one `Einsum` with the filters or the output gradient (per group,
 * the channels split into (groups, channels per group)):
 * - forward: `z[n,o,y,x] = Σ P[n,c,y,a,x,b] · w[o,c,a,b]`;
 * - filter gradient: `gw[o,c,a,b] = Σ gz[n,o,y,x] · P[n,c,y,a,x,b]`;
 * - image gradient: `dP = Σ_o gz[n,o,y,x] · w[o,c,a,b]`, added back to the positions it was gathered from with
 *   `ScatterElements` (reduction add), cols then rows, and cut out of the padding.
 * Every size is read at run time (`Shape`), so unknown static shapes are fine.
 */
import type { ConvParams } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';

const I64 = 'int64';

/** Elements [a, b) of an int64 vector. */
const part = (g: GraphBuilder, v: Val, a: number, b: number): Val => g.op('Slice', [v, g.ints([a]), g.ints([b])], I64);

/** Element k of an int64 vector, as a 0-d value. */
const at = (g: GraphBuilder, v: Val, k: number): Val => g.op('Squeeze', [part(g, v, k, k + 1), g.ints([0])], I64);

/** `[0, n)` as an int64 vector. */
const iota = (g: GraphBuilder, n: Val): Val => g.op('Range', [g.scalar(0, I64), n, g.scalar(1, I64)], I64);

/** The window positions `y·s + a·d` (out × k) along one axis. */
function windows(g: GraphBuilder, out: Val, k: Val, s: number, d: number): Val {
  const ys = g.op('Unsqueeze', [g.op('Mul', [iota(g, out), g.scalar(s, I64)], I64), g.ints([1])], I64);
  const as = g.op('Unsqueeze', [g.op('Mul', [iota(g, k), g.scalar(d, I64)], I64), g.ints([0])], I64);
  return g.op('Add', [ys, as], I64);
}

/** The geometry of one convolution: the padded image, its windows, the sizes. */
interface Patches {
  /** The windows: (N, C, OH, kh, OW, kw). */
  readonly p: Val;
  /** Row and col window positions: (OH, kh), (OW, kw). */
  readonly rows: Val;
  readonly cols: Val;
  /** Hp, Wp as 0-d int64. */
  readonly hp: Val;
  readonly wp: Val;
}

/** The windows of the padded image `xp` for a kernel of `k` (int64 (2,)). */
function patches(g: GraphBuilder, xp: Val, k: Val, p: Readonly<ConvParams>): Patches {
  const shape = g.shapeOf(xp);
  const hp = at(g, shape, 2);
  const wp = at(g, shape, 3);
  const kh = at(g, k, 0);
  const kw = at(g, k, 1);
  const [s0, s1] = p.subsample;
  const [d0, d1] = p.dilation;
  // out = (padded - ((k - 1)·d + 1)) // s + 1
  const out = (size: Val, kk: Val, s: number, d: number) => {
    const dk = g.op(
      'Add',
      [g.op('Mul', [g.op('Sub', [kk, g.scalar(1, I64)], I64), g.scalar(d, I64)], I64), g.scalar(1, I64)],
      I64,
    );
    return g.op('Add', [g.op('Div', [g.op('Sub', [size, dk], I64), g.scalar(s, I64)], I64), g.scalar(1, I64)], I64);
  };
  const rows = windows(g, out(hp, kh, s0, d0), kh, s0, d0);
  const cols = windows(g, out(wp, kw, s1, d1), kw, s1, d1);
  const p1 = g.op('Gather', [xp, rows], xp.dtype, { axis: 2 }); // (N, C, OH, kh, Wp)
  return { p: g.op('Gather', [p1, cols], xp.dtype, { axis: 4 }), rows, cols, hp, wp }; // (N, C, OH, kh, OW, kw)
}

/** `v` with axis `axis` split into (groups, rest). */
function splitAxis(g: GraphBuilder, v: Val, nd: number, axis: number, groups: number): Val {
  const s = g.shapeOf(v);
  const parts = [
    axis > 0 ? part(g, s, 0, axis) : null,
    g.ints([groups, -1]),
    axis + 1 < nd ? part(g, s, axis + 1, nd) : null,
  ];
  const shape = g.op(
    'Concat',
    parts.filter((x): x is Val => x !== null),
    I64,
    { axis: 0 },
  );
  return g.op('Reshape', [v, shape], v.dtype);
}

/** `v` with axes `axis` and `axis + 1` merged. */
function mergeAxes(g: GraphBuilder, v: Val, nd: number, axis: number): Val {
  const s = g.shapeOf(v);
  const parts = [axis > 0 ? part(g, s, 0, axis) : null, g.ints([-1]), axis + 2 < nd ? part(g, s, axis + 2, nd) : null];
  const shape = g.op(
    'Concat',
    parts.filter((x): x is Val => x !== null),
    I64,
    { axis: 0 },
  );
  return g.op('Reshape', [v, shape], v.dtype);
}

const einsum = (g: GraphBuilder, eq: string, a: Val, b: Val): Val => g.op('Einsum', [a, b], a.dtype, { equation: eq });

/** `conv2d(xp, w)` on the padded image, `w` already a correlation kernel. */
export function convF64(g: GraphBuilder, xp: Val, w: Val, p: Readonly<ConvParams>): Val {
  const k = part(g, g.shapeOf(w), 2, 4);
  const { p: pt } = patches(g, xp, k, p);
  if (p.groups === 1) return einsum(g, 'ncyaxb,ocab->noyx', pt, w);
  const z = einsum(g, 'ngcyaxb,gocab->ngoyx', splitAxis(g, pt, 6, 1, p.groups), splitAxis(g, w, 4, 0, p.groups));
  return mergeAxes(g, z, 5, 1);
}

/** The gradient of the correlation kernel (rows × cols given by `k`, int64 (2,)) from the padded image. */
export function gradWeightsF64(g: GraphBuilder, xp: Val, gz: Val, k: Val, p: Readonly<ConvParams>): Val {
  const { p: pt } = patches(g, xp, k, p);
  if (p.groups === 1) return einsum(g, 'noyx,ncyaxb->ocab', gz, pt);
  const gw = einsum(g, 'ngoyx,ngcyaxb->gocab', splitAxis(g, gz, 4, 1, p.groups), splitAxis(g, pt, 6, 1, p.groups));
  return mergeAxes(g, gw, 5, 0);
}

/**
 * The gradient with respect to the padded image (of `padded`: int64 (2,) rows and cols), `w` a correlation
 * kernel. The caller cuts it out of the padding.
 */
export function gradInputsF64(g: GraphBuilder, w: Val, gz: Val, padded: Val, p: Readonly<ConvParams>): Val {
  const zero = g.scalar(0, gz.dtype);
  const ws = g.shapeOf(w);
  const k = part(g, ws, 2, 4);
  // the windows of a zero image of the padded size: their positions (the values are not used)
  const n = part(g, g.shapeOf(gz), 0, 1);
  const c = g.op('Mul', [part(g, ws, 1, 2), g.ints([p.groups])], I64);
  const img = g.op('Expand', [zero, g.op('Concat', [n, c, padded], I64, { axis: 0 })], gz.dtype);
  const { rows, cols } = patches(g, img, k, p);
  let dp: Val;
  if (p.groups === 1) dp = einsum(g, 'noyx,ocab->ncyaxb', gz, w);
  else {
    const d = einsum(g, 'ngoyx,gocab->ngcyaxb', splitAxis(g, gz, 4, 1, p.groups), splitAxis(g, w, 4, 0, p.groups));
    dp = mergeAxes(g, d, 7, 1);
  }
  // cols: (N, C, OH, kh, OW·kw) added into (N, C, OH, kh, Wp)
  const flatCols = mergeAxes(g, dp, 6, 4);
  const s1 = g.shapeOf(flatCols);
  const colIdx = g.op('Expand', [g.op('Reshape', [cols, g.ints([-1])], I64), s1], I64);
  const wp = part(g, padded, 1, 2);
  const into1 = g.op('Expand', [zero, g.op('Concat', [part(g, s1, 0, 4), wp], I64, { axis: 0 })], gz.dtype);
  const t1 = g.op('ScatterElements', [into1, colIdx, flatCols], gz.dtype, { axis: 4, reduction: 'add' });
  // rows: (N, C, OH·kh, Wp) added into (N, C, Hp, Wp)
  const flatRows = mergeAxes(g, t1, 5, 2);
  const s2 = g.shapeOf(flatRows);
  const rowIdx = g.op('Expand', [g.op('Reshape', [rows, g.ints([-1, 1])], I64), s2], I64);
  const into2 = g.op('Expand', [zero, g.op('Concat', [part(g, s2, 0, 2), padded], I64, { axis: 0 })], gz.dtype);
  return g.op('ScatterElements', [into2, rowIdx, flatRows], gz.dtype, { axis: 2, reduction: 'add' });
}
