// The browser side of csp.browser.test.ts: a page served with `Content-Security-Policy: script-src 'self'`
// (no 'unsafe-eval') runs the seed's cases on ref and on webgl and leaves in `window.__results` the values,
// whether fused nodes were compiled, and any error. The CSP violations are collected by csp-listen.js, a
// classic script that runs before this module. `?codegen=off` calls setCodegen('off') first. `?matmul=big`
// also runs a product large enough for the WebAssembly matrix kernel, whose compilation the policy refuses;
// `?matmul=off` runs it after setMatmulWasm('off').
import { matmulWasmAvailable, setMatmulWasm } from '@theano-ts/backend-ref';
import { webgl } from '@theano-ts/backend-webgl';
import * as theano from 'theano-ts';

const T = theano.tensor;

/** What one backend computed (plain numbers). */
export interface BackendResults {
  linearMix?: { y: number[]; z: number; yGiven: number[] };
  fused?: { values: number[]; kinds: string[] };
  grad?: { values: number[]; kinds: string[] };
  seedGrad?: number;
  /** `?matmul=…`: the 20×30 · 30×20 product A·B, A[i, p] = i − p, B[p, j] = p + 2j (row-major values). */
  bigDot?: { values: number[]; wasm?: boolean };
  error?: string;
}

/** What the page leaves in `window.__results`. */
export interface CspPageResults {
  ref: BackendResults;
  webgl: BackendResults;
  codegenEnabled: boolean;
  errors: string[];
}

const X = [0.5, -1, 2, 0.125];
const Y = [0.3, 0.7, -0.25, 8];
const A = [
  [1, 2, 3],
  [4, 5, 6],
];

const kindsOf = (f: { maker: { fgraph: theano.FunctionGraph } }) => f.maker.fgraph.nodes.map((n) => n.op.kind);
const values = (a: theano.NDArray) => Array.from(a.toFloat64());

async function runCases(backend: string | typeof webgl, dtype: 'float64' | 'float32'): Promise<BackendResults> {
  const out: BackendResults = {};
  try {
    // linear_mix with theano.Param(b, default=zeros(2)): [14, 32] and 91, then b given: [18, 37]
    const Am = T.matrix('A', dtype);
    const x = T.vector('x', dtype);
    const b = T.vector('b', dtype);
    const mix = theano.function(
      [Am, x, theano.Param(b, { default: theano.zeros([2], dtype) })],
      [T.dot(Am, x).add(b), T.sum(Am.pow(2))],
      { backend },
    );
    const [y, z] = (await mix(A, [1, 2, 3])) as theano.NDArray[];
    const [yGiven] = (await mix(A, [1, 2, 3], [4, 5])) as theano.NDArray[];
    out.linearMix = { y: values(y!), z: z!.item() as number, yGiven: values(yGiven!) };
    // a fused elementwise chain and its gradient
    const u = T.vector('u', dtype);
    const v = T.vector('v', dtype);
    const chain = T.tanh(u.mul(v).add(1));
    const f = theano.function([u, v], chain, { backend });
    out.fused = { values: values((await f(X, Y)) as theano.NDArray), kinds: kindsOf(f) };
    const g = theano.function([u, v], T.grad(T.sum(chain), u), { backend });
    out.grad = { values: values((await g(X, Y)) as theano.NDArray), kinds: kindsOf(g) };
    // the seed's T.grad(foo ** 2, foo).eval({foo: 10})
    const foo = T.scalar('foo', dtype);
    const d = theano.function([foo], T.grad(foo.pow(2), foo), { backend });
    out.seedGrad = ((await d(10)) as theano.NDArray).item() as number;
  } catch (e) {
    out.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return out;
}

const w = window as unknown as { __results?: CspPageResults; __error?: string; __cspErrors: string[] };
try {
  const query = new URLSearchParams(location.search);
  if (query.get('codegen') === 'off') theano.setCodegen('off');
  const ref = await runCases('ref', 'float64');
  const matmul = query.get('matmul');
  if (matmul === 'big' || matmul === 'off') {
    if (matmul === 'off') setMatmulWasm('off');
    const Am = T.dmatrix('A');
    const Bm = T.dmatrix('B');
    const f = theano.function([Am, Bm], T.dot(Am, Bm), { backend: 'ref' });
    const a = Array.from({ length: 20 }, (_, i) => Array.from({ length: 30 }, (_, p) => i - p));
    const b = Array.from({ length: 30 }, (_, p) => Array.from({ length: 20 }, (_, j) => p + 2 * j));
    ref.bigDot = { values: values((await f(a, b)) as theano.NDArray) };
    // (asked only where the kernel was not turned off: asking compiles it)
    if (matmul === 'big') ref.bigDot.wasm = matmulWasmAvailable();
  }
  const gl = await runCases(webgl, 'float32');
  w.__results = { ref, webgl: gl, codegenEnabled: theano.codegenEnabled(), errors: w.__cspErrors };
} catch (e) {
  w.__error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
