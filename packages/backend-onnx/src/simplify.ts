/**
 * Matrix products made onnxruntime-friendly after lowering, on the main graph's nodes: a 2-D `MatMul`
 * becomes a `Gemm` that reads transposed operands in place (`transA`/`transB` instead of a materialized
 * `Transpose`, a copy of the matrix every call) and adds a bias (`C`). In float32 graphs it also takes
 * a constant scale (`alpha`) and a subtraction: an SGD update `W - 0.1·dot(xᵀ, g)` is one
 * `Gemm(x, g, W, alpha=-0.1, transA=1)` where it was a Transpose, a MatMul, a Mul and a Sub, each a pass over
 * its matrix. Float64 graphs hold no float32 value, and `Gemm`'s `alpha` and `beta` are float32 attributes:
 * there only the transposes and an added bias are fused (alpha and beta left at their default, 1), which
 * keeps the reference's numbers. `dot(Aᵀ, v)` for a vector `v` becomes `MatMul(v, A)`. Nodes left without
 * consumers are dropped.
 *
 * Only values of known types are fused: a product whose type has no broadcastable dimension (its shape is
 * then the fused result's, so the run-time checks that read it read the `Gemm`'s output instead), constants
 * of one element, and bias operands of rank 2 or less of the product's dtype. A bias row `Unsqueeze(b, [0])` is
 * read as the vector `b` (Gemm broadcasts C itself). Apart from products, `Abs(Neg(v))` reads `v`.
 */
import { create } from '@bufbuild/protobuf';
import type { NDArray } from '@theano-ts/core';
import { type AttributeProto, AttributeProto_AttributeType, type NodeProto, NodeProtoSchema } from 'onnx-buf';
import type { RealDType } from './dtypes.js';

/** What the pass knows about values, by name. */
export interface SimplifyInfo {
  /**
   * The theano-ts type of a value a lowering produced or a graph input: its dtype and broadcastable flags
   * (the pass adds the fused values' types).
   */
  readonly types: Map<string, ValueType>;
  /** Constant values (initializers). */
  readonly constValues: ReadonlyMap<string, NDArray>;
  /** Values that must keep their producers: graph outputs, check values, values a subgraph reads. */
  readonly pinned: ReadonlySet<string>;
}

/** A value's dtype and broadcastable pattern (its rank is the pattern's length). */
export interface ValueType {
  readonly dtype: RealDType;
  readonly broadcastable: readonly boolean[];
}

function intsAttr(node: NodeProto, name: string): number[] | undefined {
  const a = node.attribute.find((x) => x.name === name);
  return a ? a.ints.map(Number) : undefined;
}

function attr(name: string, v: number, float = false): AttributeProto {
  const T = AttributeProto_AttributeType;
  if (float) return { name, type: T.FLOAT, f: v } as AttributeProto;
  return { name, type: T.INT, i: BigInt(v) } as AttributeProto;
}

/** The label of a node (`n3:dot`), the part of its name before `|`. */
const labelOf = (n: NodeProto): string => n.name.split('|')[0]!;
/** The number that makes a node's name unique (`n3:dot|MatMul7` → 7). */
const serial = (n: NodeProto): string => /\d+$/.exec(n.name)?.[0] ?? '';

/**
 * Rewrites `nodes` (the main graph's, in topological order) as described above; returns the new list.
 * Never changes what a pinned value holds.
 */
export function simplifyGraph(nodes: readonly NodeProto[], info: SimplifyInfo): NodeProto[] {
  // every rewrite starts from a MatMul or an Abs: a graph without either (a long elementwise chain) is left
  // as it is without indexing its values
  if (!nodes.some((n) => n.opType === 'MatMul' || n.opType === 'Abs')) return [...nodes];
  const producer = new Map<string, NodeProto>();
  const consumers = new Map<string, NodeProto[]>();
  for (const n of nodes) {
    for (const o of n.output) producer.set(o, n);
    for (const i of n.input) {
      if (!i) continue;
      const list = consumers.get(i);
      if (list) list.push(n);
      else consumers.set(i, [n]);
    }
  }
  const rank = (name: string): number | undefined => {
    const t = info.types.get(name);
    if (t) return t.broadcastable.length;
    const c = info.constValues.get(name);
    if (c) return c.ndim;
    const p = producer.get(name);
    if (p?.opType === 'Transpose') return rank(p.input[0]!);
    return undefined;
  };
  /** Whether `name` is a constant holding one element (of rank 2 or less). */
  const scalarConst = (name: string): number | undefined => {
    const c = info.constValues.get(name);
    return c && c.size === 1 && c.ndim <= 2 ? c.toFloat64()[0] : undefined;
  };
  /** The input of a 2-D transpose feeding `name`, if any. */
  const transposed = (name: string): string | undefined => {
    const p = producer.get(name);
    if (p?.opType !== 'Transpose' || rank(p.input[0]!) !== 2) return undefined;
    const perm = intsAttr(p, 'perm');
    return perm === undefined || (perm[0] === 1 && perm[1] === 0) ? p.input[0] : undefined;
  };
  const replaced = new Map<NodeProto, NodeProto[]>();
  const removed = new Set<NodeProto>();
  /**
   * The one consumer of `name` other than Shape nodes, when it has exactly one, `name` is not pinned, and
   * that consumer is not fused into another product already (`a·b + c·d`: the Add joins one Gemm only).
   */
  const soleUse = (name: string): NodeProto | undefined => {
    if (info.pinned.has(name)) return undefined;
    const uses = (consumers.get(name) ?? []).filter((c) => c.opType !== 'Shape');
    const use = uses.length === 1 ? uses[0]! : undefined;
    return use && !removed.has(use) && !replaced.has(use) ? use : undefined;
  };
  /** Shape nodes that read a fused-away value read `to` (the same shape, so the same type's rank) instead. */
  const redirectShapes = (from: string, to: string): void => {
    const t = info.types.get(from);
    if (t && !info.types.has(to)) info.types.set(to, t);
    for (const c of consumers.get(from) ?? []) {
      if (c.opType === 'Shape') c.input = c.input.map((i) => (i === from ? to : i));
    }
  };

  // |-v| is |v| bit for bit (NaN and -0 included): `Abs(Neg(v))` reads v, so that onnxruntime's common
  // subexpression elimination merges the e^-|x| of sigmoid(x) and sigmoid(-x), softplus(x) and softplus(-x)
  // (a logistic regression's step computes all four), and everything they compute from it alike
  for (const n of nodes) {
    const p = n.opType === 'Abs' ? producer.get(n.input[0]!) : undefined;
    if (p?.opType !== 'Neg') continue;
    n.input = [p.input[0]!];
    consumers.get(p.input[0]!)?.push(n);
  }

  for (const mm of nodes) {
    if (mm.opType !== 'MatMul') continue;
    const [a, b] = mm.input as [string, string];
    const out = mm.output[0]!;
    const label = labelOf(mm);
    const ta = transposed(a);
    const t = info.types.get(out);
    // dot(Aᵀ, v) lowered as MatMul(Transpose(A), Unsqueeze(v, 1)) then Squeeze(·, 1): MatMul(v, A)
    const vecMat = ta !== undefined ? matrixVectorAsVectorMatrix(mm, ta) : null;
    if (vecMat) {
      replaced.set(vecMat.squeeze, [vecMat.node]);
      removed.add(mm);
      continue;
    }
    if (!t || (t.dtype !== 'float32' && t.dtype !== 'float64') || rank(a) !== 2 || rank(b) !== 2) continue;
    const tb = transposed(b);
    const A = ta ?? a;
    const B = tb ?? b;
    let alpha = 1;
    let beta = 1;
    let C: string | undefined;
    let value = out; // the value the Gemm computes so far
    const absorbed: NodeProto[] = [];
    // only a product of fixed rank-2 shape [M, N] can take a scale, a bias or an update into the Gemm
    const fusable = !t.broadcastable.some((x) => x);
    // float64 graphs hold no float32 value: a float64 Gemm takes no alpha or beta (a bias, C + A·B, only)
    const f32 = t.dtype === 'float32';
    for (let use = fusable ? soleUse(value) : undefined; use; use = soleUse(value)) {
      const other = use.input.find((i) => i !== value);
      if (use.input.length !== 2 || other === undefined || C !== undefined) break;
      const s = scalarConst(other);
      if (use.opType === 'Mul' && s !== undefined && f32) alpha *= s;
      else if ((use.opType === 'Add' || (use.opType === 'Sub' && f32)) && (rank(other) ?? 3) <= 2) {
        if (info.types.get(other)?.dtype !== t.dtype) break;
        C = rowBias(other) ?? other;
        beta = 1;
        if (use.opType === 'Sub') {
          if (use.input[0] === value) beta = -1;
          else alpha = -alpha;
        }
      } else break;
      absorbed.push(use);
      value = use.output[0]!;
    }
    if (!ta && !tb && absorbed.length === 0) continue;
    // every Shape node reading the product or a fused-away step reads the Gemm's output (the same shape)
    for (const v of [out, ...absorbed.slice(0, -1).map((n) => n.output[0]!)]) redirectShapes(v, value);
    // alpha and beta are written only where they differ from their defaults (1); beta is unused without C
    const attrs: AttributeProto[] = [];
    if (alpha !== 1) attrs.push(attr('alpha', alpha, true));
    if (C !== undefined && beta !== 1) attrs.push(attr('beta', beta, true));
    if (ta) attrs.push(attr('transA', 1));
    if (tb) attrs.push(attr('transB', 1));
    const gemm = create(NodeProtoSchema, {
      name: `${label}|Gemm${serial(mm)}`,
      opType: 'Gemm',
      input: C === undefined ? [A, B] : [A, B, C],
      output: [value],
      attribute: attrs,
    });
    // the Gemm takes the place of the last absorbed node (its inputs are all computed by then)
    const last = absorbed.at(-1) ?? mm;
    replaced.set(last, [gemm]);
    if (last !== mm) removed.add(mm);
    for (const n of absorbed.slice(0, -1)) removed.add(n);
  }

  /** `MatMul(Transpose(A), Unsqueeze(v, [1]))` followed only by `Squeeze(·, [1])`: `MatMul(v, A)`. */
  function matrixVectorAsVectorMatrix(mm: NodeProto, A: string): { squeeze: NodeProto; node: NodeProto } | null {
    const col = producer.get(mm.input[1]!);
    if (col?.opType !== 'Unsqueeze' || !isAxisOne(col.input[1]) || rank(col.input[0]!) !== 1) return null;
    const sq = soleUse(mm.output[0]!);
    if (sq?.opType !== 'Squeeze' || !isAxisOne(sq.input[1]) || (consumers.get(mm.output[0]!) ?? []).length !== 1) {
      return null;
    }
    const node = create(NodeProtoSchema, {
      name: `${labelOf(mm)}|VectorMatMul${serial(mm)}`,
      opType: 'MatMul',
      input: [col.input[0]!, A],
      output: [sq.output[0]!],
    });
    return { squeeze: sq, node };
  }
  function isAxisOne(name: string | undefined): boolean {
    return isAxis(name, 1);
  }
  function isAxis(name: string | undefined, axis: number): boolean {
    const c = name ? info.constValues.get(name) : undefined;
    return c !== undefined && c.size === 1 && Number(c.toFloat64()[0]) === axis;
  }
  /**
   * The vector `b` of a bias `Unsqueeze(b, [0])` (a row, `b.dimshuffle('x', 0)`): `Gemm` broadcasts its C
   * input to [M, N] itself (unidirectionally), so a vector of N elements is the same bias without the
   * Unsqueeze (left to other readers, or dropped).
   */
  function rowBias(name: string): string | undefined {
    const p = producer.get(name);
    if (p?.opType !== 'Unsqueeze' || !isAxis(p.input[1], 0) || rank(p.input[0]!) !== 1) return undefined;
    return info.types.get(p.input[0]!)?.dtype === info.types.get(name)?.dtype ? p.input[0] : undefined;
  }

  if (replaced.size === 0) return dropDead(nodes, info.pinned);
  const rewritten: NodeProto[] = [];
  for (const n of nodes) {
    if (removed.has(n)) continue;
    const r = replaced.get(n);
    if (r) rewritten.push(...r);
    else rewritten.push(n);
  }
  return topologicalOrder(dropDead(rewritten, info.pinned));
}

/**
 * `nodes` in an order where every node comes after the producers of its inputs (a Shape node redirected
 * to a Gemm's output moves after the Gemm); otherwise in their order.
 */
function topologicalOrder(nodes: readonly NodeProto[]): NodeProto[] {
  const producer = new Map<string, NodeProto>();
  for (const n of nodes) for (const o of n.output) producer.set(o, n);
  const placed = new Set<NodeProto>();
  const order: NodeProto[] = [];
  for (const root of nodes) {
    // depth-first, iteratively (graphs of thousands of nodes would overflow a recursive walk)
    const stack: [NodeProto, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [n, k] = top;
      if (placed.has(n)) {
        stack.pop();
        continue;
      }
      if (k < n.input.length) {
        top[1]++;
        const p = producer.get(n.input[k]!);
        if (p && !placed.has(p)) stack.push([p, 0]);
        continue;
      }
      placed.add(n);
      order.push(n);
      stack.pop();
    }
  }
  return order;
}

/** `nodes` without those whose outputs nothing reads (pinned values are read). */
export function dropDead(nodes: readonly NodeProto[], pinned: ReadonlySet<string>): NodeProto[] {
  const read = new Set(pinned);
  const live: NodeProto[] = [];
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    if (!n.output.some((o) => read.has(o))) continue;
    live.push(n);
    for (const i of n.input) if (i) read.add(i);
  }
  return live.reverse();
}

/** The names `node` reads once `rename` is applied to its inputs. */
const renamedInputs = (node: NodeProto, rename: ReadonlyMap<string, string>): string[] =>
  node.input.map((i) => rename.get(i) ?? i);

/** `node`, or a copy of it reading `inputs` where they differ from its own (made only for a node kept). */
function withInputs(node: NodeProto, inputs: readonly string[]): NodeProto {
  return inputs.some((i, k) => i !== node.input[k]) ? create(NodeProtoSchema, { ...node, input: [...inputs] }) : node;
}

/**
 * Drops `Unsqueeze(Squeeze(v, axes), axes)` (the same constant axes): its readers read `v`, which holds the
 * same values in the same shape, wherever `v` is known to have size 1 on those axes, so that the Squeeze
 * could not have failed: a one-element `Shape` slice (`Shape_i` lowers to `Squeeze(Shape(x, i, i+1))`, and
 * a mean's `1/n` puts it back into a vector as `DimShuffle{x}`), or a value whose theano-ts type is
 * broadcastable on every squeezed axis. A pinned Unsqueeze output keeps its producer. `nodes` must be in
 * topological order; returns the nodes kept (the Squeeze too where something else reads it).
 */
export function dropSqueezeRoundTrips(nodes: readonly NodeProto[], info: SimplifyInfo): NodeProto[] {
  if (!nodes.some((n) => n.opType === 'Unsqueeze')) return [...nodes];
  const producer = new Map<string, NodeProto>();
  for (const n of nodes) for (const o of n.output) producer.set(o, n);
  const axesOf = (name: string | undefined): number[] | undefined => {
    const c = name ? info.constValues.get(name) : undefined;
    return c && c.ndim <= 1 ? Array.from(c.toFloat64(), Number) : undefined;
  };
  const sizeOneAt = (v: string, axes: readonly number[]): boolean => {
    const p = producer.get(v);
    if (p?.opType === 'Shape') {
      const at = (name: string) => p.attribute.find((a) => a.name === name);
      const start = at('start');
      const end = at('end');
      return start !== undefined && end !== undefined && start.i >= 0n && end.i === start.i + 1n;
    }
    const t = info.types.get(v);
    if (!t) return false;
    const r = t.broadcastable.length;
    return axes.every((a) => t.broadcastable[a < 0 ? a + r : a] === true);
  };
  const rename = new Map<string, string>();
  const kept: NodeProto[] = [];
  for (const node of nodes) {
    const inputs = renamedInputs(node, rename);
    const sq = node.opType === 'Unsqueeze' ? producer.get(inputs[0]!) : undefined;
    const out = node.output[0]!;
    if (sq?.opType === 'Squeeze' && !info.pinned.has(out)) {
      const a = axesOf(inputs[1]);
      const b = axesOf(sq.input[1]);
      const v = sq.input[0]!;
      if (a && b && a.length === b.length && a.every((x, k) => x === b[k]) && sizeOneAt(v, b)) {
        rename.set(out, v);
        continue;
      }
    }
    kept.push(withInputs(node, inputs));
  }
  return rename.size === 0 ? kept : dropDead(kept, info.pinned);
}

/** Ops whose every run draws new values: two of them on the same inputs are not the same value. */
const NONDETERMINISTIC_OPS: ReadonlySet<string> = new Set([
  'RandomUniform',
  'RandomNormal',
  'RandomUniformLike',
  'RandomNormalLike',
  'Multinomial',
  'Bernoulli',
]);

/**
 * A node's attributes as a string that is equal for equal attributes, or undefined for a node whose
 * attributes hold a tensor, a graph or a type (such nodes are never merged: comparing those is not worth it).
 */
function attributeKey(node: NodeProto): string | undefined {
  const parts: string[] = [];
  for (const a of node.attribute) {
    if (a.t || a.g || a.sparseTensor || a.tp || a.tensors.length || a.graphs.length) return undefined;
    if (a.sparseTensors.length || a.typeProtos.length || a.refAttrName) return undefined;
    const strings = a.strings.map((s) => Array.from(s).join(','));
    // Object.is keeps -0 apart from 0 (String(-0) is "0")
    const f = Object.is(a.f, -0) ? '-0' : String(a.f);
    const floats = a.floats.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
    parts.push(`${a.name}:${a.type}:${f}:${a.i}:${Array.from(a.s).join(',')}:${a.ints.join(',')}:${floats}:${strings}`);
  }
  return parts.sort().join(';');
}

/**
 * Merges nodes that compute the same value: the same op (and domain) with the same attributes on the same
 * inputs, after the inputs of earlier merged nodes were renamed to the values they duplicate. The lowering
 * makes such nodes where one theano-ts value is lowered into several formulas that share a start: the
 * logistic regression's `sigmoid(z)`, `softplus(z)`, `softplus(-z)` and `sigmoid(-z)` (its gradient) each
 * begin with `Exp(-|z|)` and `1 + Exp(-|z|)`, and the two softplus share their whole `log1p` part, so its
 * step lost 20 of its 77 nodes. Every op of the model is deterministic except the random ones listed
 * above, which are never merged; nor are nodes whose outputs are pinned (they keep their producer) or nodes
 * with graph or tensor attributes. `nodes` must be in topological order; returns the nodes kept, in order.
 */
export function mergeDuplicateNodes(nodes: readonly NodeProto[], pinned: ReadonlySet<string>): NodeProto[] {
  const rename = new Map<string, string>();
  const seen = new Map<string, NodeProto>();
  const kept: NodeProto[] = [];
  for (const node of nodes) {
    const inputs = renamedInputs(node, rename);
    const attrs = NONDETERMINISTIC_OPS.has(node.opType) ? undefined : attributeKey(node);
    if (attrs === undefined || node.output.some((o) => pinned.has(o))) {
      kept.push(withInputs(node, inputs));
      continue;
    }
    const key = `${node.domain}|${node.opType}|${node.output.length}|${inputs.join(',')}|${attrs}`;
    const first = seen.get(key);
    // an optional output left out ('') by the first node cannot stand for one the second names
    if (!first || node.output.some((o, k) => o && !first.output[k])) {
      const current = withInputs(node, inputs);
      if (!first) seen.set(key, current);
      kept.push(current);
      continue;
    }
    node.output.forEach((o, k) => {
      if (o) rename.set(o, first.output[k]!);
    });
  }
  return kept;
}
