/**
 * The playground page: a CodeMirror editor loaded with an example of the tutorial, a backend picker and a
 * Run button; a run fills the panes (printed lines, `theano.pp`, `debugprint`, the optimized graph drawn by
 * Graphviz, a plot). The page sets `data-runs` (runs finished) and `data-state` (`running`, `done`,
 * `error`) on <body>, for the browser test and anyone scripting the page.
 */
import { javascript } from '@codemirror/lang-javascript';
import { basicSetup, EditorView } from 'codemirror';
import { EXAMPLES, example } from './examples.js';
import { plotSvg } from './plot.js';
import { BACKENDS, type BackendChoice, debugprintText, graphSvg, ppText, runCode } from './run.js';

function element<E extends HTMLElement>(id: string): E {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: the page has no element #${id}`);
  return el as E;
}

const exampleSelect = element<HTMLSelectElement>('example');
const backendSelect = element<HTMLSelectElement>('backend');
const runButton = element<HTMLButtonElement>('run');
const status = element<HTMLSpanElement>('status');
const printed = element<HTMLPreElement>('printed');
const ppPane = element<HTMLPreElement>('pp');
const debugPane = element<HTMLPreElement>('debugprint');
const graphPane = element<HTMLDivElement>('graph');
const plotPane = element<HTMLDivElement>('plot');

for (const ex of EXAMPLES) exampleSelect.add(new Option(ex.title, ex.id));

// the page's address may pick the example and backend: #example=scan&backend=ref
const params = new URLSearchParams(location.hash.slice(1));
const firstExample = EXAMPLES.find((e) => e.id === params.get('example')) ?? EXAMPLES[0]!;
exampleSelect.value = firstExample.id;
const wantedBackend = params.get('backend');
if (wantedBackend !== null && (BACKENDS as readonly string[]).includes(wantedBackend)) {
  backendSelect.value = wantedBackend;
}

const editor = new EditorView({
  doc: firstExample.code,
  extensions: [basicSetup, javascript(), EditorView.lineWrapping],
  parent: element('editor'),
});

exampleSelect.addEventListener('change', () => {
  const code = example(exampleSelect.value).code;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: code } });
});

let runs = 0;

function setText(pane: HTMLElement, text: string): void {
  pane.textContent = text;
}

async function run(): Promise<void> {
  if (runButton.disabled) return;
  runButton.disabled = true;
  document.body.dataset.state = 'running';
  const backend = backendSelect.value as BackendChoice;
  status.className = '';
  status.textContent = `running on ${backend}…`;
  for (const pane of [printed, ppPane, debugPane, graphPane, plotPane]) pane.replaceChildren();
  let failed = false;
  try {
    const result = await runCode(editor.state.doc.toString(), backend);
    setText(printed, result.lines.join('\n'));
    if (result.error) {
      failed = true;
      const line = document.createElement('div');
      line.className = 'error';
      line.textContent = `${result.error.name}: ${result.error.message}`;
      printed.append(line);
    }
    plotPane.innerHTML = plotSvg(result.series);
    try {
      setText(ppPane, ppText(result));
      setText(debugPane, debugprintText(result));
      const svg = await graphSvg(result);
      if (svg === null) setText(graphPane, '(no compiled function: return { f } or call show(f))');
      else graphPane.innerHTML = svg;
    } catch (e) {
      failed = true;
      setText(graphPane, `could not print the graph: ${e instanceof Error ? e.message : String(e)}`);
    }
    const where = result.backend ?? backend;
    status.textContent = `${failed ? 'failed' : 'ran'} on ${where} in ${result.ms.toFixed(0)} ms`;
  } catch (e) {
    failed = true;
    status.textContent = `failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    if (failed) status.className = 'error';
    runs += 1;
    document.body.dataset.runs = String(runs);
    document.body.dataset.state = failed ? 'error' : 'done';
    runButton.disabled = false;
  }
}

runButton.addEventListener('click', () => void run());
// Ctrl+Enter (Cmd+Enter) runs, before the editor's own binding of the keys
element('editor').addEventListener(
  'keydown',
  (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.stopPropagation();
      void run();
    }
  },
  true,
);
document.body.dataset.runs = '0';
document.body.dataset.state = 'ready';
