/**
 * Graph traversal (toposort, ancestors, free inputs), substitution (`replace`, which rebuilds the affected
 * nodes through interning and never mutates a graph), and `FunctionGraph`: the inputs and outputs of one
 * compiled function with its nodes in execution order. This is what a backend receives.
 */
import { type Apply, applyOp } from './apply.js';
import { SharedVariable, TensorConstant, type TensorVariable } from './variable.js';

/** The nodes computing `outputs` from `stopAt` (or from the leaves), each after its inputs' nodes. */
export function toposort(outputs: readonly TensorVariable[], stopAt?: ReadonlySet<TensorVariable>): Apply[] {
  const order: Apply[] = [];
  const state = new Map<Apply, 1 | 2>(); // 1: on the stack, 2: done
  const stack: [Apply, number][] = [];
  const visit = (v: TensorVariable) => {
    const n = v.owner;
    if (!n || stopAt?.has(v) || state.has(n)) return;
    state.set(n, 1);
    stack.push([n, 0]);
  };
  for (const out of outputs) {
    visit(out);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      if (i < node.inputs.length) {
        top[1] = i + 1;
        visit(node.inputs[i]!);
      } else {
        stack.pop();
        state.set(node, 2);
        order.push(node);
      }
    }
  }
  return order;
}

/** Every variable `outputs` depend on (including themselves), stopping at `stopAt`. */
export function ancestors(
  outputs: readonly TensorVariable[],
  stopAt?: ReadonlySet<TensorVariable>,
): Set<TensorVariable> {
  const seen = new Set<TensorVariable>();
  const stack = [...outputs];
  while (stack.length) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (v.owner && !stopAt?.has(v)) stack.push(...v.owner.inputs);
  }
  return seen;
}

/** The leaves `outputs` depend on that are neither constants nor shared variables: the graph's free inputs. */
export function freeInputs(outputs: readonly TensorVariable[]): TensorVariable[] {
  const out: TensorVariable[] = [];
  for (const v of ancestors(outputs)) {
    if (!v.owner && !(v instanceof TensorConstant) && !(v instanceof SharedVariable)) out.push(v);
  }
  return out.sort((a, b) => a.id - b.id);
}

/** The shared variables `outputs` read. */
export function sharedInputs(outputs: readonly TensorVariable[]): SharedVariable[] {
  const out: SharedVariable[] = [];
  for (const v of ancestors(outputs)) if (v instanceof SharedVariable) out.push(v);
  return out.sort((a, b) => a.id - b.id);
}

/**
 * `outputs` with every variable in `replacements` replaced (Theano's `clone(..., replace=...)`). Nodes that
 * depend on a replaced variable are rebuilt; the rest of the graph is shared, unchanged.
 */
export function replace(
  outputs: readonly TensorVariable[],
  replacements: ReadonlyMap<TensorVariable, TensorVariable>,
): TensorVariable[] {
  if (replacements.size === 0) return [...outputs];
  const memo = new Map<TensorVariable, TensorVariable>(replacements);
  for (const node of toposort(outputs, new Set(replacements.keys()))) rebuildOn(node, memo);
  return outputs.map((v) => memo.get(v) ?? v);
}

/**
 * One step of `replace`: where some input of `node` has a new value in `memo`, the node applied to the new
 * inputs, its outputs' new values recorded in `memo`; otherwise nothing.
 */
export function rebuildOn(node: Apply, memo: Map<TensorVariable, TensorVariable>): void {
  const ins = node.inputs.map((v) => memo.get(v) ?? v);
  if (ins.every((v, i) => v === node.inputs[i])) return;
  const rebuilt = applyOp(node.op, ins);
  node.outputs.forEach((o, i) => {
    memo.set(o, rebuilt.outputs[i]!);
  });
}

/** The graph of one compiled function: inputs (explicit, then shared), outputs, nodes in execution order. */
export class FunctionGraph {
  /** The graph's inputs: the function's explicit inputs, then the shared variables it reads. */
  readonly inputs: readonly TensorVariable[];
  /** The outputs: the function's outputs, then the new values of updated shared variables. */
  readonly outputs: readonly TensorVariable[];
  /** Every node, each after the nodes computing its inputs. */
  readonly nodes: readonly Apply[];
  #key: string | null = null;

  constructor(inputs: readonly TensorVariable[], outputs: readonly TensorVariable[]) {
    this.inputs = Object.freeze([...inputs]);
    this.outputs = Object.freeze([...outputs]);
    this.nodes = Object.freeze(toposort(outputs, new Set(inputs)));
  }

  /**
   * The graph's structure as a string: inputs by position and type, constants by value, nodes by op and
   * arguments. Two graphs that compute the same thing the same way have equal keys, whatever their variables'
   * identities: backends cache executables by it.
   */
  get key(): string {
    if (this.#key !== null) return this.#key;
    const names = new Map<TensorVariable, string>();
    this.inputs.forEach((v, i) => {
      names.set(v, `i${i}:${v.type.key}`);
    });
    const ref = (v: TensorVariable): string => {
      const n = names.get(v);
      if (n !== undefined) return n;
      if (v instanceof TensorConstant) return `c${v.id}`; // constants are interned by value
      throw new Error(`FunctionGraph: ${v} (${v.type}) is used but is neither an input nor computed by the graph`);
    };
    const parts: string[] = [];
    this.nodes.forEach((node, k) => {
      parts.push(`${node.op.key}(${node.inputs.map(ref).join(',')})`);
      node.outputs.forEach((o, j) => {
        names.set(o, `n${k}.${j}`);
      });
    });
    parts.push(`->${this.outputs.map(ref).join(',')}`);
    this.#key = parts.join(';');
    return this.#key;
  }

  /** For each variable, the nodes that read it (and `'output'` entries for graph outputs). */
  clients(): Map<TensorVariable, (Apply | 'output')[]> {
    const m = new Map<TensorVariable, (Apply | 'output')[]>();
    const add = (v: TensorVariable, c: Apply | 'output') => {
      const l = m.get(v);
      if (l) l.push(c);
      else m.set(v, [c]);
    };
    for (const n of this.nodes) for (const v of n.inputs) add(v, n);
    for (const v of this.outputs) add(v, 'output');
    return m;
  }

  /** The constants the graph uses. */
  constants(): TensorConstant[] {
    const out = new Set<TensorConstant>();
    for (const n of this.nodes) for (const v of n.inputs) if (v instanceof TensorConstant) out.add(v);
    for (const v of this.outputs) if (v instanceof TensorConstant) out.add(v);
    return [...out];
  }
}
