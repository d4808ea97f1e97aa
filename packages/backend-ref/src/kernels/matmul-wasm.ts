/**
 * The float matrix product in WebAssembly SIMD: a module generated here (wasm-emit.ts) and compiled
 * synchronously on the first product that uses it (nothing is compiled at import), working in one memory
 * that grows as needed. Where WebAssembly or its SIMD instructions are unavailable (an old engine, a page
 * whose Content-Security-Policy refuses WebAssembly compilation) the compile fails once and every product
 * runs the plain-JS kernel of matmul.ts instead, with no error.
 *
 * Matrix·matrix: the usual blocked product, with matmul.ts's blocking (B copied `KC` rows by `NC` columns
 * at a time into panels `NR` columns wide, A `MC` rows by `KC` columns at a time into panels 4 rows tall;
 * the operands' storage is copied into the module's memory as it is and packed there through the
 * operands' strides, so transposed operands cost nothing extra) and a micro-kernel computing 4 rows × 2
 * SIMD vectors of the result per tile (4×4 doubles, or 4×8 floats), its sums held in eight v128 locals. float64
 * products accumulate in f64x2 lanes; float32 products in f32x4 lanes, that is in float32 arithmetic
 * (each product and each partial sum rounded to float32, as numpy's float32 matrix product does). Each
 * output is the sum of its products in order of p within one block of `KC`, the blocks' sums added in
 * order: for float64 exactly matmul.ts's plain-JS sums.
 *
 * Matrix·vector (and vector·matrix, the same product of the transposed matrix): the matrix is copied into
 * the module's memory (its rows padded to whole vectors where they are summed along). Where the matrix's
 * columns are adjacent in storage (a transposed matrix, as in xᵀ·g) each output sums its products in
 * order of p, SIMD lanes running across outputs. Otherwise (rows adjacent, or neither) each output's products are split between
 * the lanes (lane l takes the p ≡ l modulo the lane count, in order) and the lanes' sums added in order at
 * the end: a different order from the naive loop's, with the same error bound.
 */
import type { RealValues } from './matmul.js';
import { Body, type FuncDef, I32, moduleBytes, V128 } from './wasm-emit.js';

/** The dtypes of the WebAssembly product. */
export type FloatDType = 'float32' | 'float64';

/** Rows of a micro-tile (the A panels' height). */
export const WASM_MR = 4;
/** Products per output summed in one block (as matmul.ts's KC). */
export const WASM_KC = 256;
/** Rows of A packed at a time. */
export const WASM_MC = 64;
/** Columns of B packed at a time. */
export const WASM_NC = 2048;
/** Columns of a micro-tile: two SIMD vectors, 4 doubles or 8 floats. */
export const wasmNR = (dtype: FloatDType): number => (dtype === 'float64' ? 4 : 8);

// ---------------------------------------------------------------------------------------------------------
// The generated functions

/**
 * `macro(mc, nc, kc, pa, pb, c, ldc, acc)`: for every 4×NR tile of an mc×nc block of C (mc a multiple of
 * 4, nc of NR, kc ≥ 1), the sums over p < kc of A panel × B panel, stored (acc = 0) or added (acc = 1) at
 * `c + r·ldc + column·bytes`. Panels as `pack` lays them out: A panel i at `pa + i·4·kc` elements, value
 * p of its row r at `4p + r`; B panel j at `pb + j·NR·kc` elements, value p of its column s at `NR·p + s`.
 * Addresses and ldc are in bytes.
 */
function macroKernel(bytes: 4 | 8): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [mc, nc, kc, pa, pb, c, ldc, acc] = [0, 1, 2, 3, 4, 5, 6, 7];
  const splat = (b: Body, off: number) => (bytes === 8 ? b.v128Load64Splat(off) : b.v128Load32Splat(off));
  const add = (b: Body) => (bytes === 8 ? b.f64x2Add() : b.f32x4Add());
  const mul = (b: Body) => (bytes === 8 ? b.f64x2Mul() : b.f32x4Mul());
  const panelA = f.local(I32);
  const panelB = f.local(I32);
  const pbj = f.local(I32);
  const pbEnd = f.local(I32);
  const cj = f.local(I32);
  const pai = f.local(I32);
  const paEnd = f.local(I32);
  const cij = f.local(I32);
  const pA = f.local(I32);
  const pB = f.local(I32);
  const pEnd = f.local(I32);
  const addr = f.local(I32);
  const acc0 = Array.from({ length: 8 }, () => f.local(V128)); // tile row r, vector h: acc0[2r + h]
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const a = f.local(V128);
  const MRB = WASM_MR * bytes; // bytes per depth step of an A panel
  // panelA = kc·4·bytes, panelB = kc·32 (NR·bytes is always two vectors)
  f.get(kc).i32(MRB).i32Mul().set(panelA);
  f.get(kc).i32(32).i32Mul().set(panelB);
  f.get(pb).set(pbj);
  f.get(c).set(cj);
  // pbEnd = pb + nc·kc·bytes
  f.get(pb).get(nc).get(kc).i32Mul().i32(bytes).i32Mul().i32Add().set(pbEnd);
  f.get(pa).get(mc).get(kc).i32Mul().i32(bytes).i32Mul().i32Add().set(paEnd);
  // columns of panels
  f.loop(() => {
    f.get(pa).set(pai);
    f.get(cj).set(cij);
    // rows of panels
    f.loop(() => {
      for (const v of acc0) f.v128Zero().set(v);
      f.get(pai).set(pA);
      f.get(pbj).tee(pB).get(panelB).i32Add().set(pEnd);
      // depth
      f.loop(() => {
        f.get(pB).v128Load(0).set(b0);
        f.get(pB).v128Load(16).set(b1);
        for (let r = 0; r < WASM_MR; r++) {
          splat(f.get(pA), r * bytes).set(a);
          add(
            mul(
              f
                .get(acc0[2 * r]!)
                .get(a)
                .get(b0),
            ),
          ).set(acc0[2 * r]!);
          add(
            mul(
              f
                .get(acc0[2 * r + 1]!)
                .get(a)
                .get(b1),
            ),
          ).set(acc0[2 * r + 1]!);
        }
        f.get(pA).i32(MRB).i32Add().set(pA);
        f.get(pB).i32(32).i32Add().tee(pB).get(pEnd).i32LtS().brIf(0);
      });
      // the tile into C
      f.get(cij).set(addr);
      for (let r = 0; r < WASM_MR; r++) {
        f.get(acc).if();
        f.get(addr)
          .get(addr)
          .v128Load(0)
          .get(acc0[2 * r]!);
        add(f).v128Store(0);
        f.get(addr)
          .get(addr)
          .v128Load(16)
          .get(acc0[2 * r + 1]!);
        add(f).v128Store(16);
        f.else();
        f.get(addr)
          .get(acc0[2 * r]!)
          .v128Store(0);
        f.get(addr)
          .get(acc0[2 * r + 1]!)
          .v128Store(16);
        f.end();
        f.get(addr).get(ldc).i32Add().set(addr);
      }
      f.get(addr).set(cij);
      f.get(pai).get(panelA).i32Add().tee(pai).get(paEnd).i32LtS().brIf(0);
    });
    f.get(cj).i32(32).i32Add().set(cj);
    f.get(pbj).get(panelB).i32Add().tee(pbj).get(pbEnd).i32LtS().brIf(0);
  });
  return f;
}

/**
 * `gemvCols(mp, k, a, lda, x, y)`: `y[i] = Σ_{p<k} a[p·lda + i]·x[p]` for i < mp (mp a multiple of four
 * vectors, k ≥ 1; lda in bytes, not necessarily a whole number of vectors), each sum in order of p: four
 * vectors of outputs at a time, held in registers while p runs.
 */
function gemvCols(bytes: 4 | 8): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32]);
  const [mp, k, a, lda, x, y] = [0, 1, 2, 3, 4, 5];
  const splat = (b: Body) => (bytes === 8 ? b.v128Load64Splat(0) : b.v128Load32Splat(0));
  const add = (b: Body) => (bytes === 8 ? b.f64x2Add() : b.f32x4Add());
  const mul = (b: Body) => (bytes === 8 ? b.f64x2Mul() : b.f32x4Mul());
  const py = f.local(I32);
  const yEnd = f.local(I32);
  const col = f.local(I32);
  const pa = f.local(I32);
  const px = f.local(I32);
  const xEnd = f.local(I32);
  const xs = f.local(V128);
  const acc = Array.from({ length: 4 }, () => f.local(V128));
  f.get(y).set(py);
  f.get(a).set(col);
  f.get(y).get(mp).i32(bytes).i32Mul().i32Add().set(yEnd);
  f.get(x).get(k).i32(bytes).i32Mul().i32Add().set(xEnd);
  f.loop(() => {
    for (const v of acc) f.v128Zero().set(v);
    f.get(col).set(pa);
    f.get(x).set(px);
    f.loop(() => {
      splat(f.get(px)).set(xs);
      for (let q = 0; q < 4; q++) {
        add(
          mul(
            f
              .get(acc[q]!)
              .get(xs)
              .get(pa)
              .v128Load(16 * q),
          ),
        ).set(acc[q]!);
      }
      f.get(pa).get(lda).i32Add().set(pa);
      f.get(px).i32(bytes).i32Add().tee(px).get(xEnd).i32LtS().brIf(0);
    });
    for (let q = 0; q < 4; q++)
      f.get(py)
        .get(acc[q]!)
        .v128Store(16 * q);
    f.get(col).i32(64).i32Add().set(col);
    f.get(py).i32(64).i32Add().tee(py).get(yEnd).i32LtS().brIf(0);
  });
  return f;
}

/**
 * `gemvRows(m4, kp, a, lda, x, y)`: `y[i] = Σ_{p<kp} a[i·lda + p]·x[p]` for i < m4 (m4 a multiple of 4,
 * kp ≥ 1 a multiple of the lanes; lda in bytes): four rows at a time, each row's products summed lane by
 * lane (lane l takes p ≡ l mod lanes, in order), then the lanes added in order.
 */
function gemvRows(bytes: 4 | 8): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32]);
  const [m4, kp, a, lda, x, y] = [0, 1, 2, 3, 4, 5];
  const add = (b: Body) => (bytes === 8 ? b.f64x2Add() : b.f32x4Add());
  const mul = (b: Body) => (bytes === 8 ? b.f64x2Mul() : b.f32x4Mul());
  const lanes = 16 / bytes;
  const py = f.local(I32);
  const yEnd = f.local(I32);
  const row = Array.from({ length: 4 }, () => f.local(I32));
  const off = f.local(I32);
  const kBytes = f.local(I32);
  const xv = f.local(V128);
  const acc = Array.from({ length: 4 }, () => f.local(V128));
  f.get(y).set(py);
  f.get(a).set(row[0]!);
  f.get(y).get(m4).i32(bytes).i32Mul().i32Add().set(yEnd);
  f.get(kp).i32(bytes).i32Mul().set(kBytes);
  f.loop(() => {
    for (let r = 1; r < 4; r++)
      f.get(row[r - 1]!)
        .get(lda)
        .i32Add()
        .set(row[r]!);
    for (const v of acc) f.v128Zero().set(v);
    f.i32(0).set(off);
    f.loop(() => {
      f.get(x).get(off).i32Add().v128Load(0).set(xv);
      for (let r = 0; r < 4; r++) {
        add(mul(f.get(acc[r]!).get(row[r]!).get(off).i32Add().v128Load(0).get(xv))).set(acc[r]!);
      }
      f.get(off).i32(16).i32Add().tee(off).get(kBytes).i32LtS().brIf(0);
    });
    for (let r = 0; r < 4; r++) {
      f.get(py);
      if (bytes === 8) {
        f.get(acc[r]!)
          .f64x2ExtractLane(0)
          .get(acc[r]!)
          .f64x2ExtractLane(1)
          .f64Add()
          .f64Store(r * 8);
      } else {
        f.get(acc[r]!).f32x4ExtractLane(0);
        for (let l = 1; l < lanes; l++) f.get(acc[r]!).f32x4ExtractLane(l).f32Add();
        f.f32Store(r * 4);
      }
    }
    f.get(row[3]!).get(lda).i32Add().set(row[0]!);
    f.get(py)
      .i32(4 * bytes)
      .i32Add()
      .tee(py)
      .get(yEnd)
      .i32LtS()
      .brIf(0);
  });
  return f;
}

/**
 * `packA` / `packB(src, ls, ds, panels, depth, dst)`: copies `panels` whole panels of `width` lines (rows
 * of A or columns of B) of `depth` values into `dst`, value d of line l of panel t at element
 * `t·width·depth + d·width + l`; line l's value d is at byte `src + l·ls + d·ds`, and the panels follow each
 * other (panel t starts at line t·width). Where lines are adjacent (ls = the element size) each depth's
 * `width` values are copied as whole vectors, else one by one.
 */
function packKernel(bytes: 4 | 8, width: number): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32]);
  const [src, ls, ds, panels, depth, dst] = [0, 1, 2, 3, 4, 5];
  const sp = f.local(I32);
  const s = f.local(I32);
  const d = f.local(I32);
  const q = f.local(I32);
  const t = f.local(I32);
  const step = width * bytes; // bytes per depth in a panel
  const load = (b: Body) => (bytes === 8 ? b.f64Load(0) : b.f32Load(0));
  const store = (b: Body, off: number) => (bytes === 8 ? b.f64Store(off) : b.f32Store(off));
  f.get(src).set(sp);
  f.get(dst).set(q);
  f.loop(() => {
    f.get(sp).set(s);
    f.get(depth).set(d);
    f.get(ls).i32(bytes).i32Eq().if();
    f.loop(() => {
      for (let v = 0; v < step / 16; v++)
        f.get(q)
          .get(s)
          .v128Load(16 * v)
          .v128Store(16 * v);
      f.get(q).i32(step).i32Add().set(q);
      f.get(s).get(ds).i32Add().set(s);
      f.get(d).i32(1).i32Sub().tee(d).brIf(0);
    });
    f.else();
    f.loop(() => {
      f.get(s).set(t);
      for (let l = 0; l < width; l++) {
        load(f.get(q).get(t));
        store(f, l * bytes);
        if (l + 1 < width) f.get(t).get(ls).i32Add().set(t);
      }
      f.get(q).i32(step).i32Add().set(q);
      f.get(s).get(ds).i32Add().set(s);
      f.get(d).i32(1).i32Sub().tee(d).brIf(0);
    });
    f.end();
    f.get(sp).get(ls).i32(width).i32Mul().i32Add().set(sp);
    f.get(panels).i32(1).i32Sub().tee(panels).brIf(0);
  });
  return f;
}

// ---------------------------------------------------------------------------------------------------------
// The instance and its memory

type Fn8 = (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) => void;
type Fn6 = (a: number, b: number, c: number, d: number, e: number, f: number) => void;

interface Kernels {
  readonly macro: Fn8;
  readonly packA: Fn6;
  readonly packB: Fn6;
  readonly gemvCols: Fn6;
  readonly gemvRows: Fn6;
}

interface Instance {
  readonly mem: WebAssembly.Memory;
  readonly f64: Kernels;
  readonly f32: Kernels;
}

/** The compiled module (undefined: not tried yet; null: unavailable here). */
let instance: Instance | null | undefined;

/** The module's bytes: the kernels for float64 (`*64`) and float32 (`*32`). */
export function matmulModuleBytes(): Uint8Array<ArrayBuffer> {
  const funcs: FuncDef[] = [];
  for (const bytes of [8, 4] as const) {
    const s = bytes * 8;
    funcs.push({ name: `macro${s}`, params: new Array(8).fill(I32), body: macroKernel(bytes) });
    funcs.push({ name: `packA${s}`, params: new Array(6).fill(I32), body: packKernel(bytes, WASM_MR) });
    funcs.push({ name: `packB${s}`, params: new Array(6).fill(I32), body: packKernel(bytes, 32 / bytes) });
    funcs.push({ name: `gemvCols${s}`, params: new Array(6).fill(I32), body: gemvCols(bytes) });
    funcs.push({ name: `gemvRows${s}`, params: new Array(6).fill(I32), body: gemvRows(bytes) });
  }
  return moduleBytes(funcs);
}

function compile(): Instance | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const mem = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(matmulModuleBytes()), { env: { mem } });
    const e = inst.exports as Record<string, (...args: number[]) => void>;
    const kernels = (s: number): Kernels => ({
      macro: e[`macro${s}`] as Fn8,
      packA: e[`packA${s}`] as Fn6,
      packB: e[`packB${s}`] as Fn6,
      gemvCols: e[`gemvCols${s}`] as Fn6,
      gemvRows: e[`gemvRows${s}`] as Fn6,
    });
    return { mem, f64: kernels(64), f32: kernels(32) };
  } catch {
    // no WebAssembly, no SIMD, or compilation refused (CSP without 'wasm-unsafe-eval')
    return null;
  }
}

/** The instance, compiled on first use; null where WebAssembly SIMD is unavailable. */
function getInstance(): Instance | null {
  if (instance === undefined) instance = compile();
  return instance;
}

/** Memory beyond which the product stays in JS (the module's addresses are 32-bit). */
const MAX_BYTES = 1 << 30;

/**
 * A view of the memory as `dtype` values, grown first to at least `bytes` bytes where needed; null where the
 * engine refuses to grow it (the product then runs in plain JS).
 */
function memoryView(inst: Instance, bytes: number, dtype: FloatDType): RealValues | null {
  const have = inst.mem.buffer.byteLength;
  if (have < bytes) {
    try {
      inst.mem.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return null;
    }
  }
  return dtype === 'float64' ? new Float64Array(inst.mem.buffer) : new Float32Array(inst.mem.buffer);
}

// ---------------------------------------------------------------------------------------------------------
// Mode

/** Whether products use the WebAssembly kernel: `'auto'` above a size, `'on'` always, `'off'` never. */
export type MatmulWasmMode = 'auto' | 'on' | 'off';

/** The mode: 'off' where the environment variable THEANO_TS_REF_WASM is 'off' (read on first use). */
let mode: MatmulWasmMode | undefined;

function envMode(): MatmulWasmMode {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.THEANO_TS_REF_WASM === 'off' ? 'off' : 'auto';
}

/**
 * Sets whether the reference backend's float matrix products (`dot`, `BatchedDot`) run the WebAssembly
 * SIMD kernel: `'auto'` (the default; `'off'` where the environment variable `THEANO_TS_REF_WASM=off` is
 * set) for products large enough that copying the operands is worth it, `'on'` for every product (tests),
 * `'off'` never (the plain-JS kernel, float32 products then accumulating in doubles). Where WebAssembly
 * SIMD is unavailable every mode runs the plain-JS kernel.
 */
export function setMatmulWasm(m: MatmulWasmMode): void {
  if (m !== 'auto' && m !== 'on' && m !== 'off') {
    throw new TypeError(`setMatmulWasm: expected 'auto', 'on' or 'off', got ${JSON.stringify(m)}`);
  }
  mode = m;
}

/** The mode in force. */
export function matmulWasmMode(): MatmulWasmMode {
  mode ??= envMode();
  return mode;
}

/** Whether this environment runs the WebAssembly kernel (compiling it on the first call). */
export function matmulWasmAvailable(): boolean {
  return getInstance() !== null;
}

/**
 * Products with fewer multiply-adds (m·n·k) stay in JS in `'auto'` mode: below it, copying operands into
 * the module's memory and the result out costs about what the SIMD kernel saves (measured in Node 20: an
 * 8×8·8×8 product and a 64×10 matrix·vector take the same time either way, 12×12·12×12 and 40×40·40 run
 * 1.2–2.5× faster in WebAssembly).
 */
export const WASM_MIN_WORK = 1024;

/** Whether an m×k · k×n product should run here (mode, size, availability). */
export function useWasm(m: number, n: number, k: number): boolean {
  const md = matmulWasmMode();
  if (md === 'off' || m === 0 || n === 0) return false;
  if (md === 'auto' && m * n * k < WASM_MIN_WORK) return false;
  return getInstance() !== null;
}

// ---------------------------------------------------------------------------------------------------------
// Products

const roundUp = (x: number, to: number) => Math.ceil(x / to) * to;

/**
 * Packs `count` lines (rows of A or columns of B) of `depth` values, line l's value d at `mem[at + l·ls +
 * d·ds]`, into panels `width` lines wide from `mem[dst]` on: value d of line l of panel t at `mem[dst +
 * t·width·depth + d·width + l]`. The whole panels are packed by the module's packA or packB (`packFull`),
 * a last partial panel here, its missing lines zero.
 */
function pack(
  packFull: Fn6,
  mem: RealValues,
  bytes: number,
  dst: number,
  at: number,
  ls: number,
  ds: number,
  count: number,
  depth: number,
  width: number,
): void {
  const full = Math.floor(count / width);
  if (full > 0) packFull(at * bytes, ls * bytes, ds * bytes, full, depth, dst * bytes);
  const w = count - full * width;
  if (w === 0) return;
  let q = dst + full * width * depth;
  for (let d = 0; d < depth; d++) {
    let s = at + full * width * ls + d * ds;
    let l = 0;
    for (; l < w; l++) {
      mem[q++] = mem[s]!;
      s += ls;
    }
    for (; l < width; l++) mem[q++] = 0;
  }
}

/**
 * `c[cOff + i·ldc + j] = Σ_p a[i, p]·b[p, j]` (the sums in `dtype`'s arithmetic, see the module's
 * description) for an m×k matrix a and a k×n matrix b given by strides: a[i, p] is
 * `a[aOff + i·aRs + p·aCs]`, b[p, j] is `b[bOff + p·bRs + j·bCs]` (strides ≥ 0). Returns false (writing
 * nothing) where the WebAssembly kernel is unavailable or the product too large for its memory; the caller
 * then runs the plain-JS kernel.
 */
export function wasmGemm(
  dtype: FloatDType,
  m: number,
  n: number,
  k: number,
  a: RealValues,
  aOff: number,
  aRs: number,
  aCs: number,
  b: RealValues,
  bOff: number,
  bRs: number,
  bCs: number,
  c: RealValues,
  cOff: number,
  ldc: number,
): boolean {
  const inst = getInstance();
  if (!inst) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
    return true;
  }
  if (n === 1) return gemv(inst, dtype, m, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc);
  if (m === 1) return gemv(inst, dtype, n, k, b, bOff, bCs, bRs, a, aOff, aCs, c, cOff, 1);
  const bytes = dtype === 'float64' ? 8 : 4;
  const nr = wasmNR(dtype);
  const kcMax = Math.min(WASM_KC, k);
  const mp = roundUp(m, WASM_MR);
  const np = roundUp(n, nr);
  const sizeA = roundUp(Math.min(WASM_MC, m), WASM_MR) * kcMax;
  const sizeB = roundUp(Math.min(WASM_NC, n), nr) * kcMax;
  const atB = roundUp(sizeA, 4); // element offsets, 16-byte aligned
  const atC = atB + roundUp(sizeB, 4);
  // the operands' storage, copied as is (from their first element to their last): the panels are packed
  // from these copies by the module
  const spanA = (m - 1) * aRs + (k - 1) * aCs + 1;
  const spanB = (k - 1) * bRs + (n - 1) * bCs + 1;
  const atRawA = atC + roundUp(mp * np, 4);
  const atRawB = atRawA + roundUp(spanA, 4);
  const total = (atRawB + spanB) * bytes;
  if (total > MAX_BYTES) return false;
  const mem = memoryView(inst, total, dtype);
  if (!mem) return false;
  mem.set(a.subarray(aOff, aOff + spanA), atRawA);
  mem.set(b.subarray(bOff, bOff + spanB), atRawB);
  const kern = dtype === 'float64' ? inst.f64 : inst.f32;
  for (let jc = 0; jc < n; jc += WASM_NC) {
    const nc = Math.min(WASM_NC, n - jc);
    for (let pc = 0; pc < k; pc += WASM_KC) {
      const kc = Math.min(WASM_KC, k - pc);
      pack(kern.packB, mem, bytes, atB, atRawB + pc * bRs + jc * bCs, bCs, bRs, nc, kc, nr);
      for (let ic = 0; ic < m; ic += WASM_MC) {
        const mc = Math.min(WASM_MC, m - ic);
        pack(kern.packA, mem, bytes, 0, atRawA + ic * aRs + pc * aCs, aRs, aCs, mc, kc, WASM_MR);
        kern.macro(
          roundUp(mc, WASM_MR),
          roundUp(nc, nr),
          kc,
          0,
          atB * bytes,
          (atC + ic * np + jc) * bytes,
          np * bytes,
          pc > 0 ? 1 : 0,
        );
      }
    }
  }
  if (np === n && ldc === n) c.set(mem.subarray(atC, atC + m * n), cOff);
  else for (let i = 0; i < m; i++) c.set(mem.subarray(atC + i * np, atC + i * np + n), cOff + i * ldc);
  return true;
}

/**
 * `y[yOff + i·ys] = Σ_p a[i, p]·x[p]` for an m×k matrix a (`a[aOff + i·aRs + p·aCs]`, k ≥ 1) and x[p] =
 * `x[xOff + p·xs]`. A matrix whose columns are adjacent in storage (aRs = 1, aCs ≠ 1: a transposed one) is
 * copied column by column and summed by `gemvCols`; any other row by row and summed by `gemvRows`.
 */
function gemv(
  inst: Instance,
  dtype: FloatDType,
  m: number,
  k: number,
  a: RealValues,
  aOff: number,
  aRs: number,
  aCs: number,
  x: RealValues,
  xOff: number,
  xs: number,
  y: RealValues,
  yOff: number,
  ys: number,
): boolean {
  const bytes = dtype === 'float64' ? 8 : 4;
  const lanes = 16 / bytes;
  const kern = dtype === 'float64' ? inst.f64 : inst.f32;
  const byCols = aRs === 1 && aCs !== 1;
  // the copied lines: columns of a (m values each, unpadded: the outputs are computed four vectors at a
  // time, the last ones past m reading whatever follows, into outputs that are dropped) or rows (k values
  // each, padded with zeros to a vector; the rows padded to a multiple of 4 with zero rows)
  const mp = byCols ? roundUp(m, 4 * lanes) : roundUp(m, 4);
  const lineLen = byCols ? m : roundUp(k, lanes);
  const lines = byCols ? k : mp;
  const count = byCols ? m : k; // values of a per line
  const lineStride = byCols ? aCs : aRs;
  const valueStride = byCols ? aRs : aCs;
  const atX = roundUp(lines * lineLen + (byCols ? 4 * lanes : 0), lanes);
  const atY = atX + roundUp(k, lanes);
  const total = (atY + mp) * bytes;
  if (total > MAX_BYTES) return false;
  const mem = memoryView(inst, total, dtype);
  if (!mem) return false;
  const given = byCols ? k : m; // lines of a (the rest are zero rows)
  if (valueStride === 1 && lineStride === lineLen) {
    // the lines are adjacent and need no padding: one copy
    mem.set(a.subarray(aOff, aOff + given * lineLen), 0);
  } else {
    for (let l = 0; l < given; l++) {
      const d = l * lineLen;
      const s = aOff + l * lineStride;
      // a short line is copied value by value (cheaper than a subarray)
      if (valueStride === 1 && count >= 64) mem.set(a.subarray(s, s + count), d);
      else for (let v = 0; v < count; v++) mem[d + v] = a[s + v * valueStride]!;
      if (count < lineLen) mem.fill(0, d + count, d + lineLen);
    }
  }
  if (lines > given) mem.fill(0, given * lineLen, lines * lineLen);
  if (byCols) mem.fill(0, lines * lineLen, atX); // (what the dropped outputs read past the last column)
  if (xs === 1) mem.set(x.subarray(xOff, xOff + k), atX);
  else for (let p = 0; p < k; p++) mem[atX + p] = x[xOff + p * xs]!;
  mem.fill(0, atX + k, atY);
  if (byCols) kern.gemvCols(mp, k, 0, lineLen * bytes, atX * bytes, atY * bytes);
  else kern.gemvRows(mp, lineLen, 0, lineLen * bytes, atX * bytes, atY * bytes);
  if (ys === 1) y.set(mem.subarray(atY, atY + m), yOff);
  else for (let i = 0; i < m; i++) y[yOff + i * ys] = mem[atY + i]!;
  return true;
}
