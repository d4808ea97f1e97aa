/**
 * Rewrites as patterns (in the spirit of tinygrad's `PatternMatcher` and PyTensor's `PatternNodeRewriter`):
 * a rule is a pattern over the graph and a function building the replacement from what the pattern bound.
 *
 *   registerPatternRewrite({
 *     name: 'local_expm1', phase: 'specialize', tags: ['fast_run', 'specialize'], introduces: ['expm1'],
 *     pattern: pat.op('sub', pat.op('exp', pat.var('x')), pat.const(1)),
 *     build: ({ x }) => expm1(x),
 *   });
 *
 * Patterns: `pat.var(name)` binds any variable (a name used twice must bind the same variable: `x - x`),
 * `pat.any()` matches anything, `pat.const(1)` a constant whose every element is 1 (seen through the
 * DimShuffles that broadcast it), `pat.op(name, ...args)` a node of that primitive whose inputs match `args`
 * in order (`.commutative()`: in any order; a last `pat.rest(name)` binds the remaining inputs, so `args`
 * fix only a part of an n-ary node), `.params(pred)` checks the op's parameters, `.as(name)` binds the
 * matched variable too, `.where(pred)` adds a check, and `pat.or(...)` tries alternatives. The bindings are
 * typed: `build` receives an object with exactly the names the pattern binds.
 *
 * A pattern rewrite tries every way the pattern matches until `build` returns a replacement that the engine
 * accepts (same rank, broadcasting nowhere the node's output does not); the engine casts the replacement
 * back to the node's dtype, so `build` need not. The primitive names of the root patterns become the
 * rewrite's `ops` filter.
 */
import type { Apply } from '../graph/apply.js';
import { applyOp } from '../graph/apply.js';
import type { TensorVariable } from '../graph/variable.js';
import { acceptReplacement, type Phase, type Rewrite, type RewriteContext, registerRewrite } from './engine.js';
import { isConstantEqual, scalarConstant } from './util.js';

/** What a match binds: names to variables (`pat.var`, `.as`) or to lists of them (`pat.rest`). */
type Env = Readonly<Record<string, TensorVariable | readonly TensorVariable[]>>;
/** No bindings. */
export type NoBindings = Record<never, never>;

/** A pattern binding the names of `B`. */
export abstract class Pattern<B extends object = NoBindings> {
  /** The type of the bindings (type-level only). */
  declare readonly __bindings?: B;

  /** Every way `v` matches, each the bindings extended from `env`. */
  abstract matchIn(v: TensorVariable, env: Env): Generator<Env>;

  /** The primitive names a variable matching this pattern may be computed by (null: any). */
  rootOps(): readonly string[] | null {
    return null;
  }

  /** Every way `v` matches, as typed bindings. */
  *matches(v: TensorVariable): Generator<B> {
    for (const env of this.matchIn(v, {})) yield env as B;
  }

  /** The bindings of the first match of `v`, or null. */
  match(v: TensorVariable): B | null {
    for (const b of this.matches(v)) return b;
    return null;
  }

  /** This pattern, binding the matched variable as `name` too. */
  as<N extends string>(name: N): Pattern<B & Record<N, TensorVariable>> {
    return new AsPattern(this, name) as unknown as Pattern<B & Record<N, TensorVariable>>;
  }

  /** This pattern, where `pred` also holds of the matched variable (and the bindings so far). */
  where(pred: (v: TensorVariable, bindings: B) => boolean): Pattern<B> {
    return new WherePattern(this, pred as (v: TensorVariable, env: Env) => boolean) as unknown as Pattern<B>;
  }
}

function bind(env: Env, name: string, v: TensorVariable | readonly TensorVariable[]): Env | null {
  const had = env[name];
  if (had === undefined) return { ...env, [name]: v };
  if (had === v) return env;
  if (Array.isArray(had) && Array.isArray(v) && had.length === v.length && had.every((x, k) => x === v[k])) {
    return env;
  }
  return null;
}

class VarPattern<N extends string> extends Pattern<Record<N, TensorVariable>> {
  constructor(
    readonly name: N,
    readonly pred: ((v: TensorVariable) => boolean) | null,
  ) {
    super();
  }
  *matchIn(v: TensorVariable, env: Env): Generator<Env> {
    if (this.pred && !this.pred(v)) return;
    const e = bind(env, this.name, v);
    if (e) yield e;
  }
}

class AnyPattern extends Pattern {
  constructor(readonly pred: ((v: TensorVariable) => boolean) | null) {
    super();
  }
  *matchIn(v: TensorVariable, env: Env): Generator<Env> {
    if (!this.pred || this.pred(v)) yield env;
  }
}

class ConstPattern extends Pattern {
  constructor(readonly value: number | ((x: number) => boolean)) {
    super();
  }
  *matchIn(v: TensorVariable, env: Env): Generator<Env> {
    if (typeof this.value === 'number') {
      if (isConstantEqual(v, this.value)) yield env;
    } else {
      const c = scalarConstant(v);
      if (c !== null && this.value(c)) yield env;
    }
  }
}

/** `pat.rest(name)`: the inputs of an op pattern that its other arguments leave (only as the last argument). */
class RestPattern<N extends string> extends Pattern<Record<N, readonly TensorVariable[]>> {
  constructor(
    readonly name: N,
    readonly min: number,
  ) {
    super();
  }
  // a rest pattern matches a list of inputs (OpPattern reads it), never one variable
  matchIn(): Generator<Env> {
    throw new Error(`pat.rest('${this.name}') can only be the last argument of pat.op`);
  }
}

class AsPattern extends Pattern<object> {
  constructor(
    readonly inner: Pattern<object>,
    readonly name: string,
  ) {
    super();
  }
  override rootOps(): readonly string[] | null {
    return this.inner.rootOps();
  }
  *matchIn(v: TensorVariable, env: Env): Generator<Env> {
    const e = bind(env, this.name, v);
    if (e) yield* this.inner.matchIn(v, e);
  }
}

class WherePattern extends Pattern<object> {
  constructor(
    readonly inner: Pattern<object>,
    readonly pred: (v: TensorVariable, env: Env) => boolean,
  ) {
    super();
  }
  override rootOps(): readonly string[] | null {
    return this.inner.rootOps();
  }
  *matchIn(v: TensorVariable, env: Env): Generator<Env> {
    for (const e of this.inner.matchIn(v, env)) if (this.pred(v, e)) yield e;
  }
}

class OrPattern extends Pattern<object> {
  constructor(readonly alts: readonly Pattern<object>[]) {
    super();
  }
  override rootOps(): readonly string[] | null {
    const names = new Set<string>();
    for (const a of this.alts) {
      const r = a.rootOps();
      if (r === null) return null;
      for (const n of r) names.add(n);
    }
    return [...names];
  }
  *matchIn(v: TensorVariable, env: Env): Generator<Env> {
    for (const a of this.alts) yield* a.matchIn(v, env);
  }
}

/** A pattern matching nodes of one primitive (see `pat.op`). */
export class OpPattern<B extends object = NoBindings> extends Pattern<B> {
  readonly #fixed: readonly Pattern<object>[];
  readonly #rest: RestPattern<string> | null;

  constructor(
    /** The primitive matched. */
    readonly opName: string,
    /** The patterns of its inputs, in order (the last may be `pat.rest`). */
    readonly args: readonly Pattern<object>[],
    /** Match the fixed arguments against the inputs in any order. */
    readonly isCommutative = false,
    /** A test of the node's params (null: any). */
    readonly paramsPred: ((params: object) => boolean) | null = null,
  ) {
    super();
    const last = args[args.length - 1];
    this.#rest = last instanceof RestPattern ? last : null;
    this.#fixed = this.#rest ? args.slice(0, -1) : args;
    if (this.#fixed.some((a) => a instanceof RestPattern)) {
      throw new Error(`pat.op('${opName}'): pat.rest can only be the last argument`);
    }
  }

  /** The same pattern, matching its (fixed) arguments against the inputs in any order. */
  commutative(): OpPattern<B> {
    return new OpPattern<B>(this.opName, this.args, true, this.paramsPred);
  }

  /** The same pattern, for ops whose parameters satisfy `pred`. */
  params<P extends object>(pred: (params: Readonly<P>) => boolean): OpPattern<B> {
    return new OpPattern<B>(this.opName, this.args, this.isCommutative, pred as (params: object) => boolean);
  }

  override rootOps(): readonly string[] {
    return [this.opName];
  }

  *matchIn(v: TensorVariable, env: Env): Generator<Env> {
    const node = v.owner;
    if (!node || node.op.kind !== this.opName) return;
    if (this.paramsPred && !this.paramsPred(node.op.params)) return;
    const ins = node.inputs;
    const fixed = this.#fixed;
    const rest = this.#rest;
    if (rest ? ins.length < fixed.length + rest.min : ins.length !== fixed.length) return;
    if (!this.isCommutative) {
      const finish = rest ? (e: Env) => bind(e, rest.name, ins.slice(fixed.length)) : (e: Env) => e;
      yield* matchSeq(fixed, 0, (k) => ins[k]!, env, finish);
      return;
    }
    // commutative: each fixed argument takes a distinct input, tried in input order; the rest keeps its order
    const used = new Array<boolean>(ins.length).fill(false);
    const finish = (e: Env): Env | null =>
      rest
        ? bind(
            e,
            rest.name,
            ins.filter((_, k) => !used[k]),
          )
        : used.every(Boolean)
          ? e
          : null;
    yield* matchAnyOrder(fixed, 0, ins, used, env, finish);
  }
}

function* matchSeq(
  ps: readonly Pattern<object>[],
  k: number,
  input: (k: number) => TensorVariable,
  env: Env,
  finish: (e: Env) => Env | null,
): Generator<Env> {
  if (k === ps.length) {
    const e = finish(env);
    if (e) yield e;
    return;
  }
  for (const e of ps[k]!.matchIn(input(k), env)) yield* matchSeq(ps, k + 1, input, e, finish);
}

function* matchAnyOrder(
  ps: readonly Pattern<object>[],
  k: number,
  ins: readonly TensorVariable[],
  used: boolean[],
  env: Env,
  finish: (e: Env) => Env | null,
): Generator<Env> {
  if (k === ps.length) {
    const e = finish(env);
    if (e) yield e;
    return;
  }
  for (let j = 0; j < ins.length; j++) {
    if (used[j]) continue;
    used[j] = true;
    for (const e of ps[k]!.matchIn(ins[j]!, env)) yield* matchAnyOrder(ps, k + 1, ins, used, e, finish);
    used[j] = false;
  }
}

type BindingsOf<P> = P extends Pattern<infer B> ? B : never;
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
type Flatten<T> = { [K in keyof T]: T[K] };
/** The bindings of a list of patterns together. */
export type MergedBindings<Ps extends readonly Pattern<object>[]> = [Ps[number]] extends [never]
  ? NoBindings
  : Flatten<UnionToIntersection<BindingsOf<Ps[number]>>>;

/** The pattern language. */
export const pat = {
  /** Any variable, bound as `name` (where `pred` holds of it); a name bound twice must be the same variable. */
  var<N extends string>(name: N, pred?: (v: TensorVariable) => boolean): Pattern<Record<N, TensorVariable>> {
    return new VarPattern(name, pred ?? null);
  },
  /** Any variable (where `pred` holds of it), not bound. */
  any(pred?: (v: TensorVariable) => boolean): Pattern {
    return new AnyPattern(pred ?? null);
  },
  /**
   * A constant (seen through broadcasting DimShuffles) whose every element equals `value`, or whose single
   * value satisfies `value` when it is a predicate.
   */
  const(value: number | ((x: number) => boolean)): Pattern {
    return new ConstPattern(value);
  },
  /** A node of primitive `name` whose inputs match `args` (a last `pat.rest` takes the inputs left over). */
  op<const Ps extends readonly Pattern<object>[]>(name: string, ...args: Ps): OpPattern<MergedBindings<Ps>> {
    return new OpPattern(name, args);
  },
  /** In `pat.op`'s last place: the inputs the other arguments leave, in order, bound as `name` (at least `min`). */
  rest<N extends string>(name: N, min = 1): Pattern<Record<N, readonly TensorVariable[]>> {
    return new RestPattern(name, min);
  },
  /** The first alternative that matches (every match of each, in order). */
  or<B extends object>(...alts: Pattern<B>[]): Pattern<B> {
    return new OrPattern(alts) as unknown as Pattern<B>;
  },
};

/** Builds the replacement of `node.outputs[0]` from a match's bindings, or null to try the next match. */
export type PatternBuild<B> = (bindings: B, node: Apply, ctx: RewriteContext) => TensorVariable | null;

/** One pattern and what it becomes. */
export interface PatternCase<B extends object = object> {
  /** The pattern matched against a node's output. */
  readonly pattern: Pattern<B>;
  /** The replacement, from the match's bindings. */
  readonly build: PatternBuild<B>;
}

/** A case of a pattern rewrite with several patterns (typed: `build` sees `pattern`'s bindings). */
export function patternCase<B extends object>(pattern: Pattern<B>, build: PatternBuild<B>): PatternCase<B> {
  return { pattern, build };
}
/** `patternCase`, short, for the rule files. */
export const when = patternCase;

interface PatternRewriteBase {
  /** Unique name, used to exclude it. */
  readonly name: string;
  /** The phase it runs in. */
  readonly phase: Phase;
  /** Tags selecting it: `fast_run`, `fast_compile` and descriptive ones. */
  readonly tags: readonly string[];
  /** Primitives its replacements may contain: skipped for backends without them. */
  readonly introduces?: readonly string[];
  /** The replacement must already have the node's dtype (else it is skipped rather than cast back). */
  readonly exactDType?: boolean;
}

/** A pattern rewrite with one pattern. */
export interface PatternRewriteSpec<B extends object> extends PatternRewriteBase {
  /** The pattern matched against a node's output. */
  readonly pattern: Pattern<B>;
  /** The replacement, from the match's bindings. */
  readonly build: PatternBuild<B>;
}

/** A pattern rewrite with several cases, tried in order. */
export interface PatternCasesSpec extends PatternRewriteBase {
  /** The cases, tried in order (each made with `when`). */
  // biome-ignore lint/suspicious/noExplicitAny: each case is typed by `when`; the list holds any of them
  readonly cases: readonly PatternCase<any>[];
}

/** The local rewrite a pattern (or a list of cases) compiles to, not registered. */
export function patternRewrite<B extends object>(spec: PatternRewriteSpec<B>): Rewrite;
export function patternRewrite(spec: PatternCasesSpec): Rewrite;
export function patternRewrite(spec: PatternRewriteSpec<object> | PatternCasesSpec): Rewrite {
  const cases: readonly PatternCase<object>[] =
    'cases' in spec ? spec.cases : [{ pattern: spec.pattern, build: spec.build }];
  let ops: string[] | null = [];
  for (const c of cases) {
    const r = c.pattern.rootOps();
    if (r === null) {
      ops = null;
      break;
    }
    for (const n of r) if (!ops.includes(n)) ops.push(n);
  }
  const exact = spec.exactDType ?? false;
  return {
    name: spec.name,
    phase: spec.phase,
    tags: spec.tags,
    ops,
    ...(spec.introduces ? { introduces: spec.introduces } : {}),
    ...(exact ? { exactDType: true } : {}),
    apply(node, ctx) {
      const out = node.outputs[0]!;
      for (const c of cases) {
        for (const b of c.pattern.matches(out)) {
          const rep = c.build(b, node, ctx);
          if (rep && rep !== out && acceptReplacement(out, rep, exact)) return rep;
        }
      }
      return null;
    },
  };
}

/** Registers a pattern rewrite (see the module's comment): one `pattern` and `build`, or `cases`. */
export function registerPatternRewrite<B extends object>(spec: PatternRewriteSpec<B>): Rewrite;
export function registerPatternRewrite(spec: PatternCasesSpec): Rewrite;
export function registerPatternRewrite(spec: PatternRewriteSpec<object> | PatternCasesSpec): Rewrite {
  return registerRewrite('cases' in spec ? patternRewrite(spec) : patternRewrite(spec));
}

/** `node`'s op applied to `inputs`; the input itself when only one is left (dropping operands of an n-ary op). */
export function sameOp(node: Apply, inputs: readonly TensorVariable[]): TensorVariable {
  return inputs.length === 1 ? inputs[0]! : applyOp(node.op, inputs).outputs[0]!;
}
