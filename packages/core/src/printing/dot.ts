/**
 * `theano.printing.pydotprint`: a picture of a graph, as Graphviz DOT text or rendered to SVG. Variables are
 * ellipses (inputs green, constants grey, shared variables orange, outputs blue), apply nodes are boxes
 * labelled with their op (`Elemwise{add,no_inplace}`, elementwise ops pink as in Theano), and an edge into a
 * node with several inputs is labelled with the input's position. Rendering loads `@viz-js/viz` (Graphviz
 * compiled to WebAssembly) only when asked for SVG, and writes a file only where there is a file system: the
 * import `#write-file` is `node:fs/promises` under Node and nothing in a browser build (core's package.json
 * maps it by condition), so a bundler for the browser never meets a Node module. In a page, `outfile` is an
 * Error saying so, and the resolved text is the SVG to put in the page.
 */
import type { Apply } from '../graph/apply.js';
import type { FunctionGraph } from '../graph/fgraph.js';
import { toposort } from '../graph/fgraph.js';
import { SharedVariable, TensorConstant, TensorVariable } from '../graph/variable.js';
import { MAP } from '../ops/control.js';
import { SHAPE, SHAPE_I } from '../ops/shape.js';

/** Options of `pydotprint`. */
export interface PydotprintOptions {
  /**
   * Also write the result to this file (a name ending `.dot` implies `format: 'dot'`). Where there is no file
   * system (a browser) this is an Error: take the resolved text instead.
   */
  outfile?: string;
  /** `'svg'` (default): rendered by Graphviz; `'dot'`: the Graphviz source text. */
  format?: 'svg' | 'dot';
  /** Add each variable's type to its label (unnamed intermediates always show their type). */
  printType?: boolean;
}

interface CompiledLike {
  maker: { fgraph: FunctionGraph };
}

function isCompiled(x: unknown): x is CompiledLike {
  return typeof x === 'function' && !!(x as unknown as CompiledLike).maker?.fgraph;
}

/** Fill colours of variables, as Theano's pydotprint draws them. */
export const PYDOT_COLORS = Object.freeze({
  input: 'green',
  constant: 'grey',
  shared: 'orange',
  output: 'dodgerblue',
  elemwise: '#FFAABB',
  subtensor: '#FFAAFF',
  shape: 'brown',
  map: 'yellow',
});

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`. */
export function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function opColor(node: Apply): string | null {
  const label = String(node.op);
  const family = node.op.def.family;
  if (family === 'elemwise' || label.startsWith('Elemwise')) return PYDOT_COLORS.elemwise;
  if (family === 'subtensor') return PYDOT_COLORS.subtensor;
  if (SHAPE.match(node) || SHAPE_I.match(node)) return PYDOT_COLORS.shape;
  if (MAP.match(node)) return PYDOT_COLORS.map;
  return null;
}

/** The DOT text of the graph from `inputs` (null: every free leaf) to `outputs`. */
function toDot(
  inputs: readonly TensorVariable[] | null,
  outputs: readonly TensorVariable[],
  printType: boolean,
): string {
  const inputSet = new Set(inputs ?? []);
  const outputSet = new Set(outputs);
  const ids = new Map<TensorVariable, string>();
  const lines: string[] = ['digraph theano {', '  rankdir=TB;'];
  const variable = (v: TensorVariable): string => {
    const known = ids.get(v);
    if (known) return known;
    const id = `v${ids.size}`;
    ids.set(v, id);
    const named = v.name !== null || v instanceof TensorConstant || !v.owner;
    let label = named ? String(v) : String(v.type);
    if (printType && named) label += ` ${v.type}`;
    const isInput = inputs
      ? inputSet.has(v) && !(v instanceof SharedVariable)
      : !v.owner && !(v instanceof TensorConstant) && !(v instanceof SharedVariable);
    const fill = outputSet.has(v)
      ? PYDOT_COLORS.output
      : v instanceof TensorConstant
        ? PYDOT_COLORS.constant
        : v instanceof SharedVariable
          ? PYDOT_COLORS.shared
          : isInput
            ? PYDOT_COLORS.input
            : null;
    const style = fill ? `, style=filled, fillcolor=${dotQuote(fill)}` : '';
    lines.push(`  ${id} [label=${dotQuote(label)}, shape=ellipse${style}];`);
    return id;
  };
  const nodes = toposort(outputs, inputs ? inputSet : undefined);
  nodes.forEach((node, k) => {
    const ins = node.inputs.map(variable);
    const id = `n${k}`;
    const color = opColor(node);
    const style = color ? `, style=filled, fillcolor=${dotQuote(color)}` : '';
    lines.push(`  ${id} [label=${dotQuote(String(node.op))}, shape=box${style}];`);
    ins.forEach((v, i) => {
      lines.push(ins.length > 1 ? `  ${v} -> ${id} [label=${dotQuote(String(i))}];` : `  ${v} -> ${id};`);
    });
    node.outputs.forEach((o, j) => {
      const v = variable(o);
      lines.push(node.outputs.length > 1 ? `  ${id} -> ${v} [label=${dotQuote(String(j))}];` : `  ${id} -> ${v};`);
    });
  });
  // outputs that are leaves (an input returned as is) still appear
  for (const o of outputs) variable(o);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The function writing `outfile`; an Error where there is no file system (a browser), before any rendering. */
async function fileWriter(outfile: string): Promise<(path: string, text: string) => Promise<void>> {
  const { writeTextFile } = await import('#write-file');
  if (writeTextFile === null) {
    throw new Error(
      `pydotprint: cannot write ${outfile}: there is no file system here (a browser); call pydotprint without ` +
        "outfile: it resolves to the SVG text (or the DOT text with format: 'dot'), which a page can insert or offer as a download",
    );
  }
  return writeTextFile;
}

/** The SVG of a DOT graph, by Graphviz (`@viz-js/viz`, loaded on first use). */
async function renderSvg(dot: string): Promise<string> {
  let viz: typeof import('@viz-js/viz');
  try {
    viz = await import('@viz-js/viz');
  } catch (e) {
    throw new Error(
      `pydotprint: could not load the Graphviz renderer (@viz-js/viz) to draw SVG: ${(e as Error).message}; ` +
        "format: 'dot' gives the DOT text without it",
    );
  }
  return (await viz.instance()).renderString(dot, { format: 'svg' });
}

/**
 * `theano.printing.pydotprint(v | [v…] | f, { outfile, format, printType })`: the graph as a picture,
 * resolved to the SVG text (or the DOT text with `format: 'dot'`); for a compiled function, its optimized
 * graph. With `outfile` the result is also written to that file (Node; in a browser, `outfile` is an Error
 * and the resolved text is for the page).
 */
export async function pydotprint(
  obj: TensorVariable | readonly TensorVariable[] | CompiledLike,
  opts: PydotprintOptions = {},
): Promise<string> {
  let dot: string;
  if (isCompiled(obj)) {
    const fg = obj.maker.fgraph;
    dot = toDot(fg.inputs, fg.outputs, opts.printType ?? false);
  } else if (obj instanceof TensorVariable) {
    dot = toDot(null, [obj], opts.printType ?? false);
  } else if (Array.isArray(obj) && obj.every((v) => v instanceof TensorVariable)) {
    dot = toDot(null, obj as readonly TensorVariable[], opts.printType ?? false);
  } else {
    throw new TypeError('pydotprint: expected a variable, a list of variables or a compiled function');
  }
  const { outfile } = opts;
  if (outfile !== undefined && typeof outfile !== 'string') {
    throw new TypeError(`pydotprint: outfile must be a file name, got ${typeof outfile}`);
  }
  const ext = outfile?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
  if (ext !== undefined && ext !== 'dot' && ext !== 'gv' && ext !== 'svg') {
    throw new TypeError(`pydotprint: cannot write ${outfile}: the formats are .svg and .dot (or .gv), got .${ext}`);
  }
  const implied = ext === undefined ? null : ext === 'svg' ? 'svg' : 'dot';
  const format = opts.format ?? implied ?? 'svg';
  if (format !== 'svg' && format !== 'dot') {
    throw new TypeError(`pydotprint: format must be 'svg' or 'dot', got ${JSON.stringify(format)}`);
  }
  if (implied !== null && implied !== format) {
    throw new TypeError(`pydotprint: outfile ${outfile} names a .${ext} file but format is '${format}'`);
  }
  const write = outfile === undefined ? null : await fileWriter(outfile);
  const text = format === 'svg' ? await renderSvg(dot) : dot;
  if (write !== null && outfile !== undefined) await write(outfile, text);
  return text;
}
