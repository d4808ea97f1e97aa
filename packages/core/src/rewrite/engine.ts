/**
 * The rewrite engine. A rewrite is a named local pattern: given a node, it returns a replacement for the
 * node's output or null (`pattern.ts` writes most rules as one declarative pattern). Rewrites are tagged and
 * placed in ordered phases (canonicalize → stabilize → specialize → canonicalize again → fuse); a phase
 * rewrites the whole graph bottom-up, re-examining every replacement until no rewrite of the phase applies
 * (a fixed point). There is no merge phase: graphs are immutable and interned, so a rewrite builds new nodes
 * and identical subgraphs merge by construction. Any rewrite can be excluded by name, and a rewrite that
 * introduces ops a backend cannot run is skipped for that backend.
 *
 * The engine guards every replacement once, for all rules: one of another dtype is cast back to the node's
 * dtype, and one of another rank, or broadcasting where the node's output does not (which would change the
 * result's shape), or contradicting a static size, is not applied (the next rewrite is tried). The inner
 * graphs of ops that hold one (`Map`'s body; not `Composite`, whose inner graph is fusion's output) are
 * rewritten too, phase by phase, with the same selection, and their node rebuilt on the new inner graph.
 */

import type { Apply } from '../graph/apply.js';
import { applyOp, Op } from '../graph/apply.js';
import { FunctionGraph } from '../graph/fgraph.js';
import type { TensorVariable } from '../graph/variable.js';
import { cast } from '../ops/elemwise.js';

/** The phases, in the order they run (canonicalize runs again after specialize). */
export const PHASES = ['canonicalize', 'stabilize', 'specialize', 'fuse'] as const;
/** A phase of the optimizer. */
export type Phase = (typeof PHASES)[number];

/** What a rewrite sees besides the node. */
export interface RewriteContext {
  /** Whether the target backend has a kernel for a primitive. */
  supports(op: string): boolean;
}

/** A named local rewrite. */
export interface Rewrite {
  /** Unique name, used to exclude it (`excluding: ['local_mul_one']`). */
  readonly name: string;
  /** The phase it runs in. */
  readonly phase: Phase;
  /** Tags selecting it: `fast_run` (FAST_RUN), `fast_compile` (FAST_COMPILE too), and descriptive ones. */
  readonly tags: readonly string[];
  /** The primitive names of the nodes it looks at (null: every node). */
  readonly ops: readonly string[] | null;
  /** Primitives its replacements may contain: skipped for backends without them. */
  readonly introduces?: readonly string[];
  /** The replacement must already have the node's dtype: one of another dtype is skipped, not cast back. */
  readonly exactDType?: boolean;
  /**
   * A replacement for `node.outputs[0]`, or null when the pattern does not match. The engine casts it back
   * to the node's dtype and skips it when its shape could differ (see `acceptReplacement`).
   */
  apply(node: Apply, ctx: RewriteContext): TensorVariable | null;
}

/** A rewrite over the whole graph (fusion): the new outputs, or null for no change. */
export interface GlobalRewrite {
  /** Unique name, used to exclude it (`excluding: ['fusion']`). */
  readonly name: string;
  /** The phase it runs in. */
  readonly phase: Phase;
  /** Tags selecting it (as a local rewrite's). */
  readonly tags: readonly string[];
  /** Primitives its result may contain: skipped for backends without them. */
  readonly introduces?: readonly string[];
  /** The graph's new outputs after the rewrite, or null for no change. */
  applyAll(outputs: readonly TensorVariable[], ctx: RewriteContext): TensorVariable[] | null;
}

const local: Rewrite[] = [];
const global: GlobalRewrite[] = [];

/** Adds a local rewrite to the database. */
export function registerRewrite(r: Rewrite): Rewrite {
  if (local.some((x) => x.name === r.name) || global.some((x) => x.name === r.name)) {
    throw new Error(`registerRewrite: a rewrite named ${r.name} already exists`);
  }
  local.push(r);
  return r;
}

/** Adds a global rewrite to the database. */
export function registerGlobalRewrite(r: GlobalRewrite): GlobalRewrite {
  if (local.some((x) => x.name === r.name) || global.some((x) => x.name === r.name)) {
    throw new Error(`registerGlobalRewrite: a rewrite named ${r.name} already exists`);
  }
  global.push(r);
  return r;
}

/** Every registered rewrite's name, phase and tags (for documentation and `Mode` validation). */
export function listRewrites(): {
  /** The rewrite's name. */
  name: string;
  /** The phase it runs in. */
  phase: Phase;
  /** The tags selecting it. */
  tags: readonly string[];
}[] {
  return [...local, ...global].map((r) => ({ name: r.name, phase: r.phase, tags: r.tags }));
}

/** Which rewrites run: those carrying one of `include` tags and named in none of `exclude`. */
export interface RewriteSelection {
  /** Tags to include (`['fast_run']`). */
  include: readonly string[];
  /** Rewrite names or tags to exclude. */
  exclude: readonly string[];
}

function selected(
  r: { name: string; tags: readonly string[]; introduces?: readonly string[] },
  sel: RewriteSelection,
  ctx: RewriteContext,
): boolean {
  if (sel.exclude.includes(r.name) || r.tags.some((t) => sel.exclude.includes(t))) return false;
  if (!r.tags.some((t) => sel.include.includes(t))) return false;
  return (r.introduces ?? []).every((op) => ctx.supports(op));
}

/** Ops whose `params.inner` graph the engine leaves alone: a composite's inner graph is fusion's output. */
const OPAQUE_INNER = new Set(['composite']);

/** The inner graph the engine rewrites inside `node`'s op, or null. */
function innerGraphOf(node: Apply): FunctionGraph | null {
  if (OPAQUE_INNER.has(node.op.kind)) return null;
  const inner = (node.op.params as { inner?: unknown }).inner;
  return inner instanceof FunctionGraph ? inner : null;
}

/** Applies local rewrites bottom-up to a fixed point; returns the rewritten outputs. */
function runLocal(
  outputs: readonly TensorVariable[],
  rewrites: readonly Rewrite[],
  ctx: RewriteContext,
  rewriteInner: (fg: FunctionGraph) => FunctionGraph,
): TensorVariable[] {
  const byOp = new Map<string, Rewrite[]>();
  const any: Rewrite[] = [];
  for (const r of rewrites) {
    if (r.ops === null) any.push(r);
    else
      for (const op of r.ops) {
        const l = byOp.get(op);
        if (l) l.push(r);
        else byOp.set(op, [r]);
      }
  }
  const memo = new Map<TensorVariable, TensorVariable>();
  // v → the replacement whose normal form becomes v's
  const waiting = new Map<TensorVariable, TensorVariable>();
  // variables whose replacement is being normalized: meeting one again means the replacement contains it
  const expanding = new Set<TensorVariable>();
  let budget = 0;
  const normalize = (root: TensorVariable): TensorVariable => {
    const stack: TensorVariable[] = [root];
    while (stack.length) {
      const v = stack[stack.length - 1]!;
      if (memo.has(v)) {
        stack.pop();
        continue;
      }
      const w = waiting.get(v);
      if (w !== undefined) {
        const done = memo.get(w);
        if (done !== undefined) {
          memo.set(v, done);
          waiting.delete(v);
          expanding.delete(v);
          stack.pop();
        } else if (expanding.has(v)) {
          throw new Error(
            `rewrite: the replacement of ${v} (computed by ${v.owner?.op}) contains ${v} itself, so rewriting it never ends; a rewrite of ${v.owner?.op} must return a graph without the node's own output`,
          );
        } else {
          expanding.add(v);
          stack.push(w);
        }
        continue;
      }
      const node = v.owner;
      if (!node) {
        memo.set(v, v);
        stack.pop();
        continue;
      }
      let pending = false;
      for (const x of node.inputs) {
        if (!memo.has(x)) {
          stack.push(x);
          pending = true;
        }
      }
      if (pending) continue;
      const ins = node.inputs.map((x) => memo.get(x)!);
      const op = rebuildInner(node, rewriteInner);
      const rebuilt = op === node.op && ins.every((x, i) => x === node.inputs[i]) ? node : applyOp(op, ins);
      const out = rebuilt.outputs[v.index]!;
      let rep: TensorVariable | null = null;
      if (rebuilt.outputs.length === 1) {
        for (const r of byOp.get(rebuilt.op.kind) ?? []) {
          rep = tryRewrite(r, rebuilt, out, v, ctx);
          if (rep) break;
        }
        if (!rep) {
          for (const r of any) {
            rep = tryRewrite(r, rebuilt, out, v, ctx);
            if (rep) break;
          }
        }
      }
      if (rep) {
        if (++budget > 1_000_000) throw new Error(`rewrite: no fixed point (last rewrite applied to ${rebuilt.op})`);
        waiting.set(v, rep);
        continue;
      }
      memo.set(v, out);
      memo.set(out, out);
    }
    return memo.get(root)!;
  };
  return outputs.map(normalize);
}

/**
 * `node`'s op with its inner graph rewritten (the op itself when it has none or nothing changed). The op is
 * interned by its parameters' key, which holds the inner graph's key, so the new op is a new node's.
 */
function rebuildInner(node: Apply, rewriteInner: (fg: FunctionGraph) => FunctionGraph): Op {
  const inner = innerGraphOf(node);
  if (!inner) return node.op;
  const next = rewriteInner(inner);
  if (next === inner) return node.op;
  const op = new Op(node.op.def, { ...node.op.params, inner: next });
  // the rewritten body must give the node outputs its consumers can read in place of the old ones
  try {
    const types = op.def.inferTypes(node.inputs, op.params);
    if (types.length !== node.outputs.length) return node.op;
    if (!node.outputs.every((o, k) => acceptReplacement(o, types[k]!.make(), true))) return node.op;
  } catch {
    return node.op;
  }
  return op;
}

function tryRewrite(
  r: Rewrite,
  node: Apply,
  out: TensorVariable,
  orig: TensorVariable,
  ctx: RewriteContext,
): TensorVariable | null {
  let rep = r.apply(node, ctx);
  if (!rep || rep === out || rep === orig) return null;
  if (!acceptReplacement(out, rep, r.exactDType ?? false)) return null;
  if (rep.dtype !== out.dtype) rep = cast(rep, out.dtype);
  return rep === out || rep === orig ? null : rep;
}

/**
 * Whether the engine applies `rep` in place of `orig`: it has `orig`'s rank, broadcasts (has size 1) nowhere
 * `orig` does not (else the result's shape could change), and contradicts none of `orig`'s static sizes; with
 * `exactDType`, it also has `orig`'s dtype (without, the engine casts it back to `orig`'s dtype).
 */
export function acceptReplacement(orig: TensorVariable, rep: TensorVariable, exactDType = false): boolean {
  if (orig.ndim !== rep.ndim || (exactDType && orig.dtype !== rep.dtype)) return false;
  if (rep.broadcastable.some((b, d) => b && !orig.broadcastable[d])) return false;
  return orig.type.shape.every((d, i) => d === null || rep.type.shape[i] === d || rep.type.shape[i] === null);
}

/** Runs one phase's selected rewrites on `outputs`, and inside the inner graphs they hold. */
function runPhase(
  outputs: readonly TensorVariable[],
  phase: Phase,
  sel: RewriteSelection,
  ctx: RewriteContext,
  innerDone: Map<FunctionGraph, FunctionGraph>,
): TensorVariable[] {
  const rs = local.filter((r) => r.phase === phase && selected(r, sel, ctx));
  const rewriteInner = (fg: FunctionGraph): FunctionGraph => {
    const done = innerDone.get(fg);
    if (done) return done;
    const outs = runPhase(fg.outputs, phase, sel, ctx, innerDone);
    const next = outs.every((o, k) => o === fg.outputs[k]) ? fg : new FunctionGraph(fg.inputs, outs);
    innerDone.set(fg, next);
    innerDone.set(next, next);
    return next;
  };
  let cur = runLocal(outputs, rs, ctx, rewriteInner);
  for (const g of global) {
    if (g.phase === phase && selected(g, sel, ctx)) cur = g.applyAll(cur, ctx) ?? cur;
  }
  return cur;
}

/** The order the phases run in: canonicalize again after specialize, to clean up what those built. */
const ORDER: readonly Phase[] = ['canonicalize', 'stabilize', 'specialize', 'canonicalize', 'fuse'];

/** Runs the selected rewrites, phase by phase, on `outputs` (and on the inner graphs of their `Map`s). */
export function rewriteGraph(
  outputs: readonly TensorVariable[],
  sel: RewriteSelection,
  ctx: RewriteContext,
): TensorVariable[] {
  let cur = [...outputs];
  for (const phase of ORDER) cur = runPhase(cur, phase, sel, ctx, new Map());
  return cur;
}
