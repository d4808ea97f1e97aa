/**
 * A tiny writer of WebAssembly modules, byte by byte: enough of the binary format (LEB128 numbers, the
 * type, import, function, export and code sections, and the handful of instructions the matrix product
 * needs, SIMD's v128 loads, stores and f64x2/f32x4 arithmetic included) for matmul-wasm.ts to generate
 * its kernels here rather than ship a compiled binary. Nothing is validated here: the engine's
 * `new WebAssembly.Module` checks the bytes.
 *
 * Reference: the WebAssembly core specification, §5 (binary format), and the fixed-width SIMD proposal's
 * opcode table (all SIMD instructions are the prefix 0xfd followed by an unsigned LEB128 opcode).
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/**
 * The byte arrays `parts` one after the other, copied by plain loops (measured: `Array.prototype.flat` and
 * spreads took tens of milliseconds for the module's few thousand bytes, a cost paid at the first product).
 */
function concat(...parts: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p[i]!);
  return out;
}
/** A vector of the format: its length (unsigned LEB128), then its items' bytes. */
const vec = (items: readonly (readonly number[])[]): number[] => concat(uleb(items.length), ...items);
/** A name: its UTF-8 bytes as a vector (the names here are ASCII). */
const name = (s: string): number[] =>
  concat(
    uleb(s.length),
    Array.from(s, (c) => c.charCodeAt(0)),
  );
/** A section: its id, its size, its contents. */
const section = (id: number, body: readonly number[]): number[] => concat([id], uleb(body.length), body);

/**
 * A function body under construction: its extra locals and its instructions. Each method appends one
 * instruction and returns the builder, so bodies read as a sequence: `f.get(a).get(b).i32Add().set(c)`.
 * Memory instructions take a byte offset (added to the address on the stack) and the access's natural
 * alignment.
 */
export class Body {
  readonly code: number[] = [];
  private readonly extra: ValType[] = [];

  /** `params` are the function's parameters' types: locals 0 … params.length − 1. */
  constructor(private readonly params: readonly ValType[]) {}

  /** A new local of type `t`; returns its index. */
  local(t: ValType): number {
    this.extra.push(t);
    return this.params.length + this.extra.length - 1;
  }

  private op(...bytes: number[]): this {
    for (let i = 0; i < bytes.length; i++) this.code.push(bytes[i]!);
    return this;
  }

  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }

  private mem(opcode: number, align: number, offset: number): this {
    return this.op(opcode, ...uleb(align), ...uleb(offset));
  }

  private simdMem(opcode: number, align: number, offset: number): this {
    return this.simd(opcode, ...uleb(align), ...uleb(offset));
  }

  // control
  block(): this {
    return this.op(0x02, 0x40);
  }
  /** A loop whose body `body` emits (a branch to depth 0 inside it goes back to its start), then `end`. */
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.end();
  }
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }

  // locals
  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }

  // i32
  i32(n: number): this {
    return this.op(0x41, ...sleb(n));
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32Shl(): this {
    return this.op(0x74);
  }

  // scalar floats
  f32Load(offset = 0): this {
    return this.mem(0x2a, 2, offset);
  }
  f64Load(offset = 0): this {
    return this.mem(0x2b, 3, offset);
  }
  f32Store(offset = 0): this {
    return this.mem(0x38, 2, offset);
  }
  f64Store(offset = 0): this {
    return this.mem(0x39, 3, offset);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f64Add(): this {
    return this.op(0xa0);
  }

  // SIMD
  v128Load(offset = 0): this {
    return this.simdMem(0x00, 4, offset);
  }
  v128Store(offset = 0): this {
    return this.simdMem(0x0b, 4, offset);
  }
  /** A 4-byte value loaded into all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.simdMem(0x09, 2, offset);
  }
  /** An 8-byte value loaded into both lanes. */
  v128Load64Splat(offset = 0): this {
    return this.simdMem(0x0a, 3, offset);
  }
  /** The all-zero vector (v128.const 0). */
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f, lane);
  }
  f64x2ExtractLane(lane: number): this {
    return this.simd(0x21, lane);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  /** The body's bytes as the code section holds them: size, local declarations, instructions, `end`. */
  bytes(): number[] {
    const groups: number[][] = [];
    for (const t of this.extra) groups.push([1, t]);
    const body = concat(vec(groups), this.code, [0x0b]);
    return concat(uleb(body.length), body);
  }
}

/** A function of the module: its exported name, parameter types (no results) and body. */
export interface FuncDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly body: Body;
}

/**
 * The bytes of a module that imports one memory as `env.mem` (at least `minPages` pages of 64 KiB) and
 * exports `funcs` by name, each of type `(params) → ()`.
 */
export function moduleBytes(funcs: readonly FuncDef[], minPages = 1): Uint8Array<ArrayBuffer> {
  const types = section(1, vec(funcs.map((f) => concat([0x60], vec(f.params.map((t) => [t])), uleb(0)))));
  const imports = section(2, vec([concat(name('env'), name('mem'), [0x02, 0x00], uleb(minPages))]));
  const functions = section(3, vec(funcs.map((_, i) => uleb(i))));
  const exports = section(7, vec(funcs.map((f, i) => concat(name(f.name), [0x00], uleb(i)))));
  const code = section(10, vec(funcs.map((f) => f.body.bytes())));
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // "\0asm", version 1
  return new Uint8Array(concat(magic, types, imports, functions, exports, code));
}
