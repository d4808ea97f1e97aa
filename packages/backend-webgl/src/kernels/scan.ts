/**
 * `scan` loops on the host, as `map` does: each step runs the inner graph on GPU rows of the sequences, the
 * values read at the recurrent outputs' taps and the non-sequences (which stay on the GPU across steps);
 * the buffers are the initial rows followed by the new values (`Concat` of a `Pack`), the outputs not fed
 * back are `Pack`ed, and `theano.until`'s condition is read back after each step.
 */
import { SCAN, scanLabel, shapeToString, tapLength } from '@theano-ts/core';
import {
  download,
  filled,
  gpuDType,
  identity,
  isTensor,
  kernel,
  reshapeTo,
  type Tensor,
  upload,
  type Value,
} from '../gpu.js';
import type { InnerRun, WebGLKernel } from './types.js';
import { sameShape } from './util.js';

/** Row `t` of `x` (first axis). */
function rowOf(x: Tensor, t: number): Tensor {
  const rest = x.shape.slice(1);
  const s = kernel('Slice', { x }, { begin: [t, ...rest.map(() => 0)], size: [1, ...rest] });
  return reshapeTo(s, rest);
}

// buffers = [init ++ new values per recurrent output], then the stacked outputs not fed back
const scan: WebGLKernel = (a) => {
  const p = SCAN.match(a.node)!;
  const label = scanLabel(p);
  const { nSeqs, taps, nNitSot, inner } = p;
  const nRec = taps.length;
  const n = a.host(0).item();
  if (!Number.isInteger(n) || n < 0) throw new Error(`${label}: nSteps must be a non-negative integer, got ${n}`);
  const ins = a.node.inputs;
  const seqs = Array.from({ length: nSeqs }, (_, k) => a.tensor(1 + k, gpuDType(ins[1 + k]!.dtype)));
  seqs.forEach((s, k) => {
    if (s.shape[0]! < n) throw new Error(`${label}: sequence ${k} has ${s.shape[0]} rows, fewer than the ${n} steps`);
  });
  const outG = a.node.outputs.map((o) => gpuDType(o.dtype));
  const inits = taps.map((tj, j) => {
    const init = a.tensor(1 + nSeqs + j, outG[j]!);
    const L = tapLength(tj);
    if (init.shape[0] !== L) {
      throw new Error(
        `${label}: the initial state of output ${j} has ${init.shape[0]} rows, its taps [${tj.join(', ')}] need ${L}`,
      );
    }
    return init;
  });
  const rows: Tensor[][] = inits.map((init) => Array.from({ length: init.shape[0]! }, (_, i) => rowOf(init, i)));
  const nits: Tensor[][] = Array.from({ length: nNitSot }, () => []);
  const nonSeqs = a.values.slice(1 + nSeqs + nRec);
  const runs: InnerRun[] = [];
  const asTensor = (v: Value, g: ReturnType<typeof gpuDType>, what: string): Tensor => {
    const t = isTensor(v) ? v : upload(v, g, what);
    return t.dtype === g ? t : kernel('Cast', { x: t }, { dtype: g });
  };
  try {
    for (let t = 0; t < n; t++) {
      const args: Value[] = seqs.map((s) => rowOf(s, t));
      taps.forEach((tj, j) => {
        const L = tapLength(tj);
        for (const tap of tj) args.push(rows[j]![t + L + tap]!);
      });
      const run = a.runInner(inner, [...args, ...nonSeqs]);
      runs.push(run);
      for (let j = 0; j < nRec; j++) {
        const y = asTensor(run.values[j]!, outG[j]!, `${label} step ${t}`);
        const want = inits[j]!.shape.slice(1);
        if (!sameShape(y.shape, want)) {
          throw new Error(
            `${label}: step ${t} gave output ${j} the shape ${shapeToString(y.shape)}, its initial state has ${shapeToString(want)}`,
          );
        }
        rows[j]!.push(y);
      }
      for (let i = 0; i < nNitSot; i++) {
        const z = asTensor(run.values[nRec + i]!, outG[nRec + i]!, `${label} step ${t}`);
        const first = nits[i]![0];
        if (first && !sameShape(first.shape, z.shape)) {
          throw new Error(
            `${label}: step ${t} gave output ${nRec + i} the shape ${shapeToString(z.shape)}, step 0 ${shapeToString(first.shape)}`,
          );
        }
        nits[i]!.push(z);
      }
      if (p.until) {
        const c = run.values[run.values.length - 1]!;
        const stop = (isTensor(c) ? download(c, 'float64') : c).item() !== 0;
        if (stop) break;
      }
    }
    const buffers = inits.map((init, j) => {
      // an output without history (lastOnly): its last L values
      if (p.lastOnly?.[j]) return kernel('Pack', rows[j]!.slice(rows[j]!.length - init.shape[0]!), { axis: 0 });
      const fresh = rows[j]!.slice(init.shape[0]!);
      if (fresh.length === 0) return identity(init);
      return kernel('Concat', [init, kernel('Pack', fresh, { axis: 0 })], { axis: 0 });
    });
    const stacked = nits.map((zs, i) => {
      if (zs.length) return kernel('Pack', zs, { axis: 0 });
      const shape = inner.outputs[nRec + i]!.type.shape.map((d) => d ?? 0);
      return filled([0, ...shape], 0, outG[nRec + i]!);
    });
    return [...buffers, ...stacked];
  } finally {
    for (const r of runs) r.dispose();
  }
};

/** The scan kernel. */
export const SCAN_KERNELS = { scan } as const;
