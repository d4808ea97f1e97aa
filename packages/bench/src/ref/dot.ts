/**
 * Matrix products on the reference backend: `T.dot` of two n×n matrices (float64 and float32, n = 256 and
 * 512) compiled with `theano.function(…, { backend: 'ref' })` and called with pre-made `NDArray`s, against a
 * plain triple loop over the same typed arrays in this process (i, j, then k innermost, one double sum per
 * output, stored in the result's dtype), and core's own definition of `dot` (`performLinalg.dot`, what
 * the backend ran before its blocked product). Prints median times and `loop/theano` (> 1: theano-ts is
 * faster); the target is ≥ 5× the triple loop.
 */
import { fromFloat64, type NDArray, performLinalg } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { machineLoad } from '../common/env.js';

const T = theano.tensor;

type Storage = Float64Array | Float32Array;

/** The plain triple loop: out[i, j] = Σ_k a[i, k]·b[k, j], summed in a double, stored as out's dtype. */
function tripleLoop(a: Storage, b: Storage, n: number, out: Storage): Storage {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * b[k * n + j]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median ms per call of each peer: `rounds` rounds, in each every peer in turn (the first rotating) gets a
 * garbage collection where exposed, one untimed call and `samples` timed ones.
 */
function timePeers(peers: readonly (() => unknown)[], rounds: number, samples: number): number[] {
  const times: number[][] = peers.map(() => []);
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let r = 0; r < rounds; r++) {
    for (let q = 0; q < peers.length; q++) {
      const p = (q + r) % peers.length;
      gc?.();
      peers[p]!();
      for (let s = 0; s < samples; s++) {
        const t0 = performance.now();
        peers[p]!();
        times[p]!.push(performance.now() - t0);
      }
    }
  }
  return times.map(median);
}

/** The largest |x − y| / max(|y|, 1) over the elements. */
function maxRelDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!) / Math.max(Math.abs(y[i]!), 1));
  return d;
}

/** A row of the table: the case's median times and ratios. */
export interface DotRow {
  readonly label: string;
  readonly theanoMs: number;
  readonly loopMs: number;
  readonly coreMs: number;
  readonly diff: number;
}

/** Runs the comparison and prints the table; returns its rows. */
export function runDot(): DotRow[] {
  console.log(`\nMatrix product T.dot(A, B), n×n, reference backend (median ms; ${machineLoad()})`);
  console.log(
    '  case                 theano-ts ref   triple loop   core perform   loop/theano   core/theano   max rel diff',
  );
  const rows: DotRow[] = [];
  for (const dtype of ['float64', 'float32'] as const) {
    const x = T.matrix('x', dtype);
    const y = T.matrix('y', dtype);
    const f = theano.function([x, y], T.dot(x, y), { backend: 'ref' });
    for (const n of [256, 512]) {
      let seed = 12345 + n;
      const next = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648 - 0.5;
      };
      const A: NDArray = fromFloat64(Array.from({ length: n * n }, next), [n, n], dtype);
      const B: NDArray = fromFloat64(Array.from({ length: n * n }, next), [n, n], dtype);
      const a = A.data as Storage;
      const b = B.data as Storage;
      const fresh = () => (dtype === 'float64' ? new Float64Array(n * n) : new Float32Array(n * n));
      const got = (f.callSync(A, B) as NDArray).toFloat64();
      const want = Float64Array.from(tripleLoop(a, b, n, fresh()));
      const diff = maxRelDiff(got, want);
      const [theanoMs, loopMs, coreMs] = timePeers(
        [() => f.callSync(A, B), () => tripleLoop(a, b, n, fresh()), () => performLinalg.dot(A, B, dtype)],
        n >= 512 ? 3 : 5,
        n >= 512 ? 2 : 5,
      ) as [number, number, number];
      const label = `dot ${n}² ${dtype}`;
      rows.push({ label, theanoMs, loopMs, coreMs, diff });
      console.log(
        `  ${label.padEnd(19)}  ${theanoMs.toFixed(2).padStart(13)}  ${loopMs.toFixed(2).padStart(12)}  ${coreMs.toFixed(2).padStart(13)}  ${(loopMs / theanoMs).toFixed(2).padStart(11)}x  ${(coreMs / theanoMs).toFixed(2).padStart(11)}x  ${diff.toExponential(1).padStart(12)}`,
      );
    }
  }
  const worst = Math.min(...rows.map((r) => r.loopMs / r.theanoMs));
  console.log(
    `  target: theano-ts ref dot ≥ 5× a plain triple loop: ${worst >= 5 ? 'met' : 'NOT met'} (lowest ${worst.toFixed(2)}x)`,
  );
  console.log(`  (${machineLoad()})`);
  return rows;
}
