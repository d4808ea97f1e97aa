/**
 * The rewrite engine. A rewrite is a named local pattern: given a node, it returns a replacement for the
 * node's output or null. Rewrites are tagged and placed in ordered phases (merge → canonicalize →
 * stabilize → specialize → fuse → backend); a phase rewrites the whole graph bottom-up, re-examining every
 * replacement until no rewrite of the phase applies (a fixed point). Graphs are immutable and interned, so
 * a rewrite builds new nodes and identical subgraphs merge by construction. Any rewrite can be excluded by
 * name, and a rewrite that introduces ops a backend cannot run is skipped for that backend.
 */
import type { Apply } from '../graph/apply.js';
import { applyOp } from '../graph/apply.js';
import type { TensorVariable } from '../graph/variable.js';

/** The phases, in the order they run. */
export const PHASES = ['merge', 'canonicalize', 'stabilize', 'specialize', 'fuse', 'backend'] as const;
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
  /** A replacement for `node.outputs[0]`, or null when the pattern does not match. */
  apply(node: Apply, ctx: RewriteContext): TensorVariable | null;
}

/** A rewrite over the whole graph (fusion): the new outputs, or null for no change. */
export interface GlobalRewrite {
  readonly name: string;
  readonly phase: Phase;
  readonly tags: readonly string[];
  readonly introduces?: readonly string[];
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
export function listRewrites(): { name: string; phase: Phase; tags: readonly string[] }[] {
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

/** Applies local rewrites bottom-up to a fixed point; returns the rewritten outputs. */
function runLocal(
  outputs: readonly TensorVariable[],
  rewrites: readonly Rewrite[],
  ctx: RewriteContext,
): TensorVariable[] {
  if (rewrites.length === 0) return [...outputs];
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
      const rebuilt = ins.every((x, i) => x === node.inputs[i]) ? node : applyOp(node.op, ins);
      const out = rebuilt.outputs[v.index]!;
      let rep: TensorVariable | null = null;
      if (rebuilt.outputs.length === 1) {
        for (const r of byOp.get(rebuilt.op.name) ?? []) {
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

function tryRewrite(
  r: Rewrite,
  node: Apply,
  out: TensorVariable,
  orig: TensorVariable,
  ctx: RewriteContext,
): TensorVariable | null {
  const rep = r.apply(node, ctx);
  if (!rep || rep === out || rep === orig) return null;
  if (!compatible(out, rep)) {
    throw new Error(`rewrite ${r.name}: replaced ${out} (${out.type}) by ${rep} of another type (${rep.type})`);
  }
  return rep;
}

/** A replacement must keep the dtype and rank, and must not lose a static size the original had. */
function compatible(orig: TensorVariable, rep: TensorVariable): boolean {
  if (orig.dtype !== rep.dtype || orig.ndim !== rep.ndim) return false;
  // a replacement of size 1 where the original may be larger would change the result's shape
  if (rep.broadcastable.some((b, d) => b && !orig.broadcastable[d])) return false;
  return orig.type.shape.every((d, i) => d === null || rep.type.shape[i] === d || rep.type.shape[i] === null);
}

/** Runs the selected rewrites, phase by phase, on `outputs`. */
export function rewriteGraph(
  outputs: readonly TensorVariable[],
  sel: RewriteSelection,
  ctx: RewriteContext,
): TensorVariable[] {
  let cur = [...outputs];
  // canonicalize runs again after specialize, to clean up what stabilize and specialize built
  const order: Phase[] = ['merge', 'canonicalize', 'stabilize', 'specialize', 'canonicalize', 'fuse', 'backend'];
  for (const phase of order) {
    const rs = local.filter((r) => r.phase === phase && selected(r, sel, ctx));
    cur = runLocal(cur, rs, ctx);
    for (const g of global) {
      if (g.phase === phase && selected(g, sel, ctx)) cur = g.applyAll(cur, ctx) ?? cur;
    }
  }
  return cur;
}
