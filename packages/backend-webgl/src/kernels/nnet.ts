/**
 * `Softmax{axis}` and `LogSoftmax{axis}` on tfjs-webgl: softmax with tfjs's `Softmax` kernel (which works on the
 * last axis; another axis is swapped there and back), log-softmax as `(x - max) - log(sum(exp(x - max)))`:
 * along a short last axis in one packed shader of ours, elsewhere with tfjs's reductions and elementwise
 * kernels. Keeping them whole keeps their gradients small (core differentiates the ops, not their expansion).
 */
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import { LOG_SOFTMAX, SOFTMAX } from '@theano-ts/core';
import { gpuDType, kernel, type Tensor } from '../gpu.js';
import { glslHelpersFor } from './glsl-math.js';
import type { WebGLKernel } from './types.js';

/** The permutation that swaps `axis` with the last dimension (its own inverse). */
function swapToLast(nd: number, axis: number): number[] {
  const perm = Array.from({ length: nd }, (_, d) => d);
  perm[axis] = nd - 1;
  perm[nd - 1] = axis;
  return perm;
}

// softmax(x)_k = exp(x_k - max) / Σ exp(x_j - max) along the axis
const softmax: WebGLKernel = (a) => {
  const { axis } = SOFTMAX.match(a.node)!;
  const x = a.tensor(0, gpuDType(a.outDtype));
  const nd = x.shape.length;
  if (axis === nd - 1) return [kernel('Softmax', { logits: x }, { dim: -1 })];
  const perm = swapToLast(nd, axis);
  const r = kernel('Softmax', { logits: kernel('Transpose', { x }, { perm }) }, { dim: -1 });
  return [kernel('Transpose', { x: r }, { perm })];
};

/** The longest last axis `packedLogSoftmax` handles (each texel reads its two rows whole, twice). */
const PACKED_LOG_SOFTMAX_MAX = 128;

/** The coordinate fields of tfjs's output coordinates (`ivec2` … `ivec4`), by dimension. */
const FIELDS = ['x', 'y', 'z', 'w'];

/**
 * The shader of `packedLogSoftmax` for an input of `shape` (rank 2 to 4): a texel holds a 2×2 block of the
 * last two dimensions, so it computes the maximum and the sum of exponentials of two rows (core's
 * semantics: a NaN maximum propagates, an all -inf row takes 0 as its maximum), then its four values as
 * `(x - max) - log(sum)`, with the padding past an odd dimension set to zero (see composite.ts).
 */
function logSoftmaxShader(shape: readonly number[]): string {
  const rank = shape.length;
  const rows = shape[rank - 2]!;
  const n = shape[rank - 1]!;
  const lead = FIELDS.slice(0, rank - 2)
    .map((f) => `c.${f}, `)
    .join('');
  const row = `c.${FIELDS[rank - 2]}`;
  const col = `c.${FIELDS[rank - 1]}`;
  const body = `void main() {
  ivec${rank} c = getOutputCoords();
  float m0 = -TH_INF;
  float m1 = -TH_INF;
  for (int k = 0; k < ${n}; k += 2) {
    vec4 t = getX(${lead}${row}, k);
    m0 = thMax(m0, t.x);
    m1 = thMax(m1, t.z);
    if (k + 1 < ${n}) {
      m0 = thMax(m0, t.y);
      m1 = thMax(m1, t.w);
    }
  }
  if (m0 == -TH_INF) m0 = 0.0;
  if (m1 == -TH_INF) m1 = 0.0;
  float s0 = 0.0;
  float s1 = 0.0;
  for (int k = 0; k < ${n}; k += 2) {
    vec4 t = getX(${lead}${row}, k);
    s0 += thExp(t.x - m0);
    s1 += thExp(t.z - m1);
    if (k + 1 < ${n}) {
      s0 += thExp(t.y - m0);
      s1 += thExp(t.w - m1);
    }
  }
  float l0 = thLog(s0);
  float l1 = thLog(s1);
  vec4 v = getX(${lead}${row}, ${col});
  vec4 r = vec4((v.x - m0) - l0, (v.y - m0) - l0, (v.z - m1) - l1, (v.w - m1) - l1);
  if (${col} + 1 >= ${n}) { r.y = 0.0; r.w = 0.0; }
  if (${row} + 1 >= ${rows}) { r.z = 0.0; r.w = 0.0; }
  setOutput(r);
}
`;
  return `${glslHelpersFor(body)}\n${body}`;
}

const logSoftmaxCodes = new Map<string, string>();

/** `logSoftmaxShader(shape)`, made once per shape. */
function logSoftmaxCode(shape: readonly number[]): string {
  const key = shape.join(',');
  let code = logSoftmaxCodes.get(key);
  if (code === undefined) {
    code = logSoftmaxShader(shape);
    logSoftmaxCodes.set(key, code);
  }
  return code;
}

/**
 * Log-softmax along the last axis of a float32 tensor of rank 2 to 4 whose last axis is at most
 * `PACKED_LOG_SOFTMAX_MAX` long, as one shader on tfjs's packed layout (the layout of the matmuls and
 * elementwise shaders around it: no conversions), or null for any other input.
 */
function packedLogSoftmax(x: Tensor, axis: number): Tensor | null {
  const rank = x.shape.length;
  const n = x.shape[rank - 1] ?? 0;
  if (rank < 2 || rank > 4 || axis !== rank - 1 || n === 0 || n > PACKED_LOG_SOFTMAX_MAX) return null;
  if (x.dtype !== 'float32' || x.size === 0 || !tf.env().getBool('WEBGL_PACK')) return null;
  const program: GPGPUProgram = {
    variableNames: ['x'],
    outputShape: [...x.shape],
    userCode: logSoftmaxCode(x.shape),
    packedInputs: true,
    packedOutput: true,
  };
  const info = (tf.backend() as MathBackendWebGL).compileAndRun(program, [x], 'float32');
  return tf.engine().makeTensorFromTensorInfo(info);
}

// logsoftmax(x) = (x - max) - log Σ exp(x - max) along the axis
const logSoftmax: WebGLKernel = (a) => {
  const { axis } = LOG_SOFTMAX.match(a.node)!;
  const x = a.tensor(0, gpuDType(a.outDtype));
  const packed = packedLogSoftmax(x, axis);
  if (packed) return [packed];
  const m: Tensor = kernel('Max', { x }, { reductionIndices: [axis], keepDims: true });
  const y = kernel('Sub', { a: x, b: m });
  const s = kernel('Sum', { x: kernel('Exp', { x: y }) }, { axis: [axis], keepDims: true });
  return [kernel('Sub', { a: y, b: kernel('Log', { x: s }) })];
};

/** The nnet kernels. */
export const NNET_KERNELS = { softmax, log_softmax: logSoftmax } as const;
