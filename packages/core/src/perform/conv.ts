/**
 * 2-D convolution on values (NCHW images, filters (out channels, in channels / groups, rows, cols)), with
 * direct loops in doubles: the forward convolution and its two gradients, the one with respect to the
 * image (a transposed convolution) and the one with respect to the filters.
 */
import type { DType } from '../dtype.js';
import { fromFloat64, type NDArray } from '../ndarray.js';

/** How a convolution pads its image: explicit (rows, cols) zeros on each side, or Theano's 'full' / 'half'. */
export type ConvBorder = 'full' | 'half' | readonly [number, number];

/** The parameters shared by the convolution and its gradients. */
export interface ConvGeometryParams {
  /** The zero padding of the image (each side). */
  readonly border: ConvBorder;
  /** The strides (rows, cols). */
  readonly subsample: readonly [number, number];
  /** The filter dilation (rows, cols). */
  readonly dilation: readonly [number, number];
  /** The number of channel groups. */
  readonly groups: number;
  /** True: a convolution (the filters flipped, as Theano); false: a cross-correlation. */
  readonly filterFlip: boolean;
}

/** The padding (rows, cols) of `border` for filters of `kh × kw` with `dilation`. */
export function convPads(
  border: ConvBorder,
  kh: number,
  kw: number,
  dilation: readonly [number, number],
): [number, number] {
  const dk = [(kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1] as const;
  if (border === 'full') return [dk[0] - 1, dk[1] - 1];
  if (border === 'half') return [Math.floor(dk[0] / 2), Math.floor(dk[1] / 2)];
  return [border[0], border[1]];
}

/** The output size along one axis: `floor((size + 2·pad - dilated kernel) / stride) + 1`. */
export function convOutSize(size: number, k: number, pad: number, stride: number, dilation: number): number {
  return Math.floor((size + 2 * pad - ((k - 1) * dilation + 1)) / stride) + 1;
}

/** Every size a convolution's loops need. */
interface Geometry {
  n: number;
  c: number;
  h: number;
  w: number;
  o: number;
  cg: number;
  kh: number;
  kw: number;
  oh: number;
  ow: number;
  pads: [number, number];
}

/**
 * The geometry of a convolution of an image `n × c × h × w` by filters `o × cg × kh × kw`; throws naming
 * `label` when the channels do not match or the dilated filters are larger than the padded image.
 */
export function convGeometry(
  label: string,
  image: readonly number[],
  filters: readonly number[],
  p: ConvGeometryParams,
): Geometry {
  const [n, c, h, w] = image as [number, number, number, number];
  const [o, cg, kh, kw] = filters as [number, number, number, number];
  if (cg * p.groups !== c) {
    throw new Error(
      `${label}: the image has ${c} channels, the filters expect ${cg} per group × ${p.groups} group(s) = ${cg * p.groups}`,
    );
  }
  if (o % p.groups !== 0) {
    throw new Error(`${label}: ${p.groups} groups do not divide the filters' ${o} output channels`);
  }
  const pads = convPads(p.border, kh, kw, p.dilation);
  const oh = convOutSize(h, kh, pads[0], p.subsample[0], p.dilation[0]);
  const ow = convOutSize(w, kw, pads[1], p.subsample[1], p.dilation[1]);
  if (oh < 0 || ow < 0) {
    throw new Error(
      `${label}: the dilated filters (${(kh - 1) * p.dilation[0] + 1} × ${(kw - 1) * p.dilation[1] + 1}) are larger than the padded image (${h + 2 * pads[0]} × ${w + 2 * pads[1]})`,
    );
  }
  return { n, c, h, w, o, cg, kh, kw, oh, ow, pads };
}

/**
 * Calls `f(xi, wi, zi)` for every product of the convolution: image element `xi` times filter element `wi`
 * (flat indices; the filter index already flipped when `filterFlip`) contributes to output element `zi`.
 */
function eachProduct(g: Geometry, p: ConvGeometryParams, f: (xi: number, wi: number, zi: number) => void): void {
  const { n, c, h, w, o, cg, kh, kw, oh, ow, pads } = g;
  const [s0, s1] = p.subsample;
  const [d0, d1] = p.dilation;
  const og = o / p.groups;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < o; oc++) {
      const c0 = Math.floor(oc / og) * cg;
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const zi = ((b * o + oc) * oh + y) * ow + x;
          for (let ci = 0; ci < cg; ci++) {
            const xbase = (b * c + c0 + ci) * h;
            const wbase = (oc * cg + ci) * kh;
            for (let a = 0; a < kh; a++) {
              const i = y * s0 + a * d0 - pads[0];
              if (i < 0 || i >= h) continue;
              const ka = p.filterFlip ? kh - 1 - a : a;
              for (let e = 0; e < kw; e++) {
                const j = x * s1 + e * d1 - pads[1];
                if (j < 0 || j >= w) continue;
                const ke = p.filterFlip ? kw - 1 - e : e;
                f((xbase + i) * w + j, (wbase + ka) * kw + ke, zi);
              }
            }
          }
        }
      }
    }
  }
}

/** `conv2d(x, w)`: the output `n × o × oh × ow`. */
export function conv2d(x: NDArray, w: NDArray, p: ConvGeometryParams, dtype: DType): NDArray {
  const g = convGeometry('conv2d', x.shape, w.shape, p);
  const xv = x.toFloat64();
  const wv = w.toFloat64();
  const z = new Float64Array(g.n * g.o * g.oh * g.ow);
  eachProduct(g, p, (xi, wi, zi) => {
    z[zi]! += xv[xi]! * wv[wi]!;
  });
  return fromFloat64(z, [g.n, g.o, g.oh, g.ow], dtype);
}

function checkTopShape(label: string, gz: NDArray, g: Geometry): void {
  const want = [g.n, g.o, g.oh, g.ow];
  if (gz.ndim !== 4 || gz.shape.some((d, k) => d !== want[k])) {
    throw new Error(`${label}: the output gradient has shape (${gz.shape.join(', ')}), expected (${want.join(', ')})`);
  }
}

/**
 * The gradient of `conv2d` with respect to its image of `rows × cols` (Theano's `AbstractConv2d_gradInputs`,
 * also the transposed convolution): `gz` (n × o × oh × ow) spread back through the filters `w`.
 */
export function conv2dGradInputs(
  w: NDArray,
  gz: NDArray,
  rows: number,
  cols: number,
  p: ConvGeometryParams,
  dtype: DType,
): NDArray {
  const label = 'conv2dGradInputs';
  if (gz.ndim !== 4) throw new Error(`${label}: the output gradient must be 4-d, got shape (${gz.shape.join(', ')})`);
  const image = [gz.shape[0]!, w.shape[1]! * p.groups, rows, cols];
  const g = convGeometry(label, image, w.shape, p);
  checkTopShape(label, gz, g);
  const wv = w.toFloat64();
  const zv = gz.toFloat64();
  const gx = new Float64Array(g.n * g.c * g.h * g.w);
  eachProduct(g, p, (xi, wi, zi) => {
    gx[xi]! += zv[zi]! * wv[wi]!;
  });
  return fromFloat64(gx, image, dtype);
}

/**
 * The gradient of `conv2d` with respect to its filters of `rows × cols` (Theano's `AbstractConv2d_gradWeights`):
 * each filter element's sum of image elements times the output gradient `gz` they met.
 */
export function conv2dGradWeights(
  x: NDArray,
  gz: NDArray,
  rows: number,
  cols: number,
  p: ConvGeometryParams,
  dtype: DType,
): NDArray {
  const label = 'conv2dGradWeights';
  if (gz.ndim !== 4) throw new Error(`${label}: the output gradient must be 4-d, got shape (${gz.shape.join(', ')})`);
  const filters = [gz.shape[1]!, x.shape[1]! / p.groups, rows, cols];
  if (!Number.isInteger(filters[1])) {
    throw new Error(`${label}: ${p.groups} groups do not divide the image's ${x.shape[1]} channels`);
  }
  const g = convGeometry(label, x.shape, filters, p);
  checkTopShape(label, gz, g);
  const xv = x.toFloat64();
  const zv = gz.toFloat64();
  const gw = new Float64Array(g.o * g.cg * g.kh * g.kw);
  eachProduct(g, p, (xi, wi, zi) => {
    gw[wi]! += zv[zi]! * xv[xi]!;
  });
  return fromFloat64(gw, filters, dtype);
}
