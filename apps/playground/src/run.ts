/**
 * Runs the code of the playground's editor, without touching the page: the code is the body of an async
 * function with `theano`, `T`, `print`, `show` and `plot` in scope, and what it prints, shows and plots is
 * collected into a `RunResult` that the page then renders (`main.ts`). The convention:
 *
 * - `print(...values)` writes the values' `String()`, separated by spaces, as one or more lines;
 * - `show(f, outputs?)` names the compiled function whose optimized graph the page prints and draws, and
 *   optionally the variables whose `theano.pp` it prints (default: the function's outputs);
 * - `return { f, outputs }` does the same as `show(f, outputs)`;
 * - `plot(y, { x, label }?)` adds a line to the plot: `y` a 1-D NDArray or array of numbers, `x` the
 *   abscissas (default 0, 1, 2, …).
 *
 * Without `show` or a returned `f`, the last function the code compiled with `theano.function` is shown;
 * without `plot`, every 1-D array the code printed is plotted.
 */
// the browser build of theano-ts with the WebGL backend (one ES module), as a page without a bundler loads it
import * as theano from '@theano-ts/backend-webgl/browser';

const { webgl } = theano;

/** The backends the playground offers. */
export const BACKENDS = ['webgl', 'ref'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** A compiled function (what `theano.function` returns). */
export type Compiled = theano.TheanoFunction<unknown>;

/** One line of the plot. */
export interface Series {
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** What a run printed, showed and plotted. */
export interface RunResult {
  /** The printed lines. */
  readonly lines: string[];
  /** The lines to plot: those of `plot(...)`, else every 1-D array printed. */
  readonly series: Series[];
  /** The function to print and draw, or null when the code compiled none. */
  readonly fn: Compiled | null;
  /** The variables for `theano.pp` (the last one is printed). */
  readonly outputs: theano.TensorVariable[];
  /** The backend the shown function runs on, by name. */
  readonly backend: string | null;
  /** What the code threw, or null. */
  readonly error: Error | null;
  /** How long the code ran, in milliseconds. */
  readonly ms: number;
}

/** The signature of the async function the code becomes. */
type Body = (
  theanoScope: typeof theano,
  T: theano.TensorModule,
  print: (...values: unknown[]) => void,
  show: (f: unknown, outputs?: unknown) => void,
  plot: (y: unknown, opts?: unknown) => void,
) => Promise<unknown>;

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => Body;

/** Compiles the editor's text into the body of an async function; a syntax error is thrown as it is. */
export function compileCode(code: string): Body {
  if (typeof code !== 'string') throw new TypeError(`compileCode: the code must be a string, got ${typeof code}`);
  return new AsyncFunction('theano', 'T', 'print', 'show', 'plot', code);
}

let webglReady = false;

/**
 * Makes `name` the backend of functions that name none. For webgl, first registers, under the name
 * 'webgl', a WebGL backend that runs float64 graphs in float32 (`allowFloat64Downcast`), so that the
 * tutorial's float64 examples run there as they are.
 */
export function selectBackend(name: BackendChoice): void {
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new TypeError(`backend: expected one of ${BACKENDS.join(', ')}, got ${JSON.stringify(name)}`);
  }
  if (name === 'webgl' && !webglReady) {
    theano.registerBackend(webgl({ allowFloat64Downcast: true }));
    webglReady = true;
  }
  theano.config.backend = name;
}

function isCompiled(x: unknown): x is Compiled {
  return typeof x === 'function' && (x as Partial<Compiled>).maker?.fgraph !== undefined;
}

function asVariables(x: unknown, where: string): theano.TensorVariable[] {
  const list = Array.isArray(x) ? x : [x];
  return list.map((v, i) => {
    if (!(v instanceof theano.TensorVariable)) {
      const what = v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'an object') : typeof v;
      throw new TypeError(`${where}: outputs must be a symbolic variable or an array of them; item ${i} is ${what}`);
    }
    return v;
  });
}

function numbers(values: unknown, where: string): number[] {
  if (values instanceof theano.NDArray) {
    if (values.ndim !== 1) {
      throw new TypeError(`${where}: expected a 1-D array, got an array of shape [${values.shape.join(', ')}]`);
    }
    return Array.from(values.data as ArrayLike<number | bigint>, Number);
  }
  if (Array.isArray(values) || ArrayBuffer.isView(values)) {
    const list = Array.from(values as ArrayLike<unknown>);
    return list.map((v, i) => {
      if (typeof v !== 'number' && typeof v !== 'bigint') {
        throw new TypeError(`${where}: expected numbers, got ${typeof v} at index ${i}`);
      }
      return Number(v);
    });
  }
  throw new TypeError(`${where}: expected a 1-D NDArray or an array of numbers, got ${typeof values}`);
}

/**
 * Runs `code` on `backend` and collects what it prints, shows and plots. Errors are not thrown: they end
 * the run and come back in `error`, with everything collected before them.
 */
export async function runCode(code: string, backend: BackendChoice): Promise<RunResult> {
  const lines: string[] = [];
  const plotted: Series[] = [];
  const printedArrays: Series[] = [];
  // set from the helpers' closures (an object, so that TypeScript does not narrow them to null)
  const picked: { shown: Compiled | null; last: Compiled | null } = { shown: null, last: null };
  let outputs: theano.TensorVariable[] = [];
  const print = (...values: unknown[]): void => {
    for (const v of values) {
      if (v instanceof theano.NDArray && v.ndim === 1 && v.size > 0) {
        printedArrays.push({ label: `print #${printedArrays.length + 1}`, x: [], y: numbers(v, 'print') });
      }
    }
    lines.push(...values.map(String).join(' ').split('\n'));
  };
  const show = (f: unknown, outs?: unknown): void => {
    if (!isCompiled(f)) {
      throw new TypeError(`show: expected a compiled function (what theano.function returns), got ${typeof f}`);
    }
    picked.shown = f;
    if (outs !== undefined) outputs = asVariables(outs, 'show');
  };
  const plot = (y: unknown, opts?: unknown): void => {
    if (opts !== undefined && (opts === null || typeof opts !== 'object')) {
      throw new TypeError(
        `plot: the options must be an object { x, label }, got ${opts === null ? 'null' : typeof opts}`,
      );
    }
    const o = (opts ?? {}) as { x?: unknown; label?: unknown };
    const ys = numbers(y, 'plot');
    const xs = o.x === undefined ? [] : numbers(o.x, 'plot: x');
    if (xs.length > 0 && xs.length !== ys.length) {
      throw new TypeError(`plot: x has ${xs.length} values but y has ${ys.length}`);
    }
    plotted.push({ label: o.label === undefined ? `line ${plotted.length + 1}` : String(o.label), x: xs, y: ys });
  };
  // theano as the code sees it: theano.function also remembers the last function compiled
  const recordingFunction = ((...args: Parameters<typeof theano.function>) => {
    const f = theano.function(...args) as Compiled;
    picked.last = f;
    return f;
  }) as typeof theano.function;
  const scope = { ...theano, function: recordingFunction } as typeof theano;

  const previous = theano.config.backend;
  let error: Error | null = null;
  const start = performance.now();
  try {
    selectBackend(backend);
    const body = compileCode(code);
    const returned = await body(scope, theano.tensor, print, show, plot);
    if (returned !== undefined && returned !== null && typeof returned === 'object' && 'f' in returned) {
      const r = returned as { f: unknown; outputs?: unknown };
      show(r.f, r.outputs);
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  } finally {
    theano.config.backend = previous;
  }
  const ms = performance.now() - start;
  const fn = picked.shown ?? picked.last;
  if (fn !== null && outputs.length === 0) outputs = [...fn.outputs];
  return {
    lines,
    series: plotted.length > 0 ? plotted : printedArrays,
    fn,
    outputs,
    backend: fn ? fn.maker.backend.name : null,
    error,
    ms,
  };
}

/** `theano.pp` of the last output, or a note saying why there is none. */
export function ppText(result: RunResult): string {
  const last = result.outputs[result.outputs.length - 1];
  if (last === undefined) return '(no output to print: return { f, outputs } or call show(f))';
  return theano.pp(last);
}

/** `theano.printing.debugprint` of the shown function, or a note. */
export function debugprintText(result: RunResult): string {
  if (result.fn === null) return '(no compiled function: return { f } or call show(f))';
  return theano.printing.debugprint(result.fn, { file: 'str' });
}

/** The shown function's optimized graph as SVG (Graphviz, through `theano.printing.pydotprint`), or null. */
export async function graphSvg(result: RunResult): Promise<string | null> {
  if (result.fn === null) return null;
  return theano.printing.pydotprint(result.fn);
}
