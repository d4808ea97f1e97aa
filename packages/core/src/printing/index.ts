/**
 * Printing graphs: `theano.pp` (math-like: `(x ** TensorConstant{2})`) and `theano.printing.debugprint`
 * (one line per node in Theano's layout, `[id A]` labels, shared subtrees printed once; for a compiled
 * function, each node's position in execution order and the inner graphs of `Map` nodes).
 */
import type { Apply } from '../graph/apply.js';
import type { FunctionGraph } from '../graph/fgraph.js';
import { TensorVariable } from '../graph/variable.js';
import { MAP } from '../ops/control.js';

export { type PydotprintOptions, pydotprint } from './dot.js';

// Theano prints leaves with these names as TeX (`printing.greek`, with `use_ascii = True`).
const GREEK: Record<string, string> = {
  alpha: '\\alpha',
  beta: '\\beta',
  gamma: '\\gamma',
  delta: '\\delta',
  epsilon: '\\epsilon',
};

/**
 * `theano.pp(v)`: the expression in infix notation (`((A \dot x) + b)`), as Theano 1.0's `pprint` writes it:
 * inputs by name (constants as `TensorConstant{…}`), intermediate results always written out.
 */
export function pp(v: TensorVariable): string {
  if (!(v instanceof TensorVariable)) throw new TypeError(`theano.pp: expected a symbolic variable, got ${typeof v}`);
  const memo = new Map<TensorVariable, string>();
  const rec = (x: TensorVariable): string => {
    if (!x.owner) return (x.name !== null ? GREEK[x.name] : undefined) ?? String(x);
    const hit = memo.get(x);
    if (hit !== undefined) return hit;
    const node = x.owner;
    const args = node.inputs.map(rec);
    // each op's own printer (OpDef.pp: Theano's OperatorPrinter, FunctionPrinter, …), else `Op(inputs)`
    const print = node.op.def.pp;
    const s = print ? print(args, node, node.op.params) : `${node.op}(${args.join(', ')})`;
    memo.set(x, s);
    return s;
  };
  return rec(v);
}

/** The `[id A]` label of the n-th distinct variable: A … Z, BA, BB, … (Theano's numbering). */
export function idLabel(n: number): string {
  let s = '';
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** Options of `debugprint`. */
export interface DebugprintOptions {
  /** Print the types of variables too. */
  printType?: boolean;
  /** Return the text instead of printing it. */
  file?: 'str';
}

interface CompiledLike {
  maker: { fgraph: FunctionGraph };
}

function isCompiled(x: unknown): x is CompiledLike {
  return typeof x === 'function' && !!(x as unknown as CompiledLike).maker?.fgraph;
}

function render(outputs: readonly TensorVariable[], order: readonly Apply[] | null, opts: DebugprintOptions): string[] {
  const lines: string[] = [];
  const ids = new Map<TensorVariable, string>();
  const done = new Set<Apply>();
  const inner: Apply[] = [];
  const pos = new Map<Apply, number>();
  order?.forEach((n, i) => {
    pos.set(n, i);
  });
  const idOf = (v: TensorVariable) => {
    let id = ids.get(v.owner ? v.owner.outputs[0]! : v);
    if (!id) {
      id = idLabel(ids.size);
      ids.set(v.owner ? v.owner.outputs[0]! : v, id);
    }
    return id;
  };
  const typeStr = (v: TensorVariable) => (opts.printType ? ` <${v.type}>` : '');
  const walk = (v: TensorVariable, prefix: string, childPrefix: string) => {
    const id = idOf(v);
    const node = v.owner;
    if (!node) {
      lines.push(`${prefix}${v} [id ${id}]${typeStr(v)}`);
      return;
    }
    const out = node.outputs.length > 1 ? `.${v.index}` : '';
    const at = pos.has(node) ? `   ${pos.get(node)}` : '';
    lines.push(`${prefix}${node.op}${out} [id ${id}]${typeStr(v)} '${v.name ?? ''}'${at}`);
    if (done.has(node)) return;
    done.add(node);
    if (MAP.match(node)) inner.push(node);
    node.inputs.forEach((inp) => {
      walk(inp, `${childPrefix} |`, `${childPrefix} |`);
    });
  };
  for (const o of outputs) walk(o, '', '');
  if (inner.length) {
    lines.push('', 'Inner graphs:', '');
    for (const n of inner) {
      const fg = MAP.match(n)!.inner;
      lines.push(`${n.op} [id ${idOf(n.outputs[0]!)}] ''`);
      for (const o of fg.outputs) {
        const sub = render([o], null, opts).map((l) => ` >${l}`);
        lines.push(...sub);
      }
    }
  }
  return lines;
}

/**
 * `theano.printing.debugprint(v | [v…] | f)`: the graph, one node per line, children indented with ` |`.
 * Prints to the console and returns the text (`{ file: 'str' }` only returns it).
 */
export function debugprint(
  obj: TensorVariable | readonly TensorVariable[] | CompiledLike,
  opts: DebugprintOptions = {},
): string {
  let lines: string[];
  if (isCompiled(obj)) {
    const fg = obj.maker.fgraph;
    lines = render(fg.outputs, fg.nodes, opts);
  } else if (obj instanceof TensorVariable) {
    lines = render([obj], null, opts);
  } else if (Array.isArray(obj)) {
    lines = render(obj as TensorVariable[], null, opts);
  } else {
    throw new TypeError('debugprint: expected a variable, a list of variables or a compiled function');
  }
  const text = lines.join('\n');
  if (opts.file !== 'str') console.log(text);
  return text;
}
