// `theano.printing.pydotprint`: the DOT text of small graphs written out by hand (variables as ellipses,
// coloured by role; apply nodes as boxes; edges numbered by input position), labels escaped, SVG rendered by
// Graphviz (@viz-js/viz), files written, and a compiled function drawn as its optimized graph.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const { pydotprint } = theano.printing;
const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('pydotprint DOT text', () => {
  it('A.dot(x).add(b): inputs green, output blue, ops as boxes, numbered edges', async () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const dot = await pydotprint(A.dot(x).add(b), { format: 'dot' });
    expect(dot).toBe(
      lines(
        'digraph theano {',
        '  rankdir=TB;',
        '  v0 [label="A", shape=ellipse, style=filled, fillcolor="green"];',
        '  v1 [label="x", shape=ellipse, style=filled, fillcolor="green"];',
        '  n0 [label="dot", shape=box];',
        '  v0 -> n0 [label="0"];',
        '  v1 -> n0 [label="1"];',
        '  v2 [label="TensorType(float64, vector)", shape=ellipse];',
        '  n0 -> v2;',
        '  v3 [label="b", shape=ellipse, style=filled, fillcolor="green"];',
        '  n1 [label="Elemwise{add,no_inplace}", shape=box, style=filled, fillcolor="#FFAABB"];',
        '  v2 -> n1 [label="0"];',
        '  v3 -> n1 [label="1"];',
        '  v4 [label="TensorType(float64, vector)", shape=ellipse, style=filled, fillcolor="dodgerblue"];',
        '  n1 -> v4;',
        '}',
      ),
    );
  });

  it('constants grey, shared variables orange, one-input edges unnumbered', async () => {
    const x = T.dvector('x');
    const W = theano.shared(theano.array([1, 2]), 'W');
    const text = await pydotprint(x.exp().mul(W).add(2), { format: 'dot' });
    expect(text).toContain('  v0 [label="x", shape=ellipse, style=filled, fillcolor="green"];');
    expect(text).toContain('  n0 [label="Elemwise{exp,no_inplace}", shape=box, style=filled, fillcolor="#FFAABB"];');
    expect(text).toContain('  v0 -> n0;\n');
    expect(text).toContain('  v2 [label="W", shape=ellipse, style=filled, fillcolor="orange"];');
    expect(text).toContain('  v2 -> n1 [label="1"];');
    expect(text).toContain('[label="TensorConstant{2}", shape=ellipse, style=filled, fillcolor="grey"];');
    expect(text).toContain('[label="DimShuffle{x}", shape=box];');
    // two boxes of two inputs (mul, add: numbered edges), two of one (exp, DimShuffle: plain edges)
    expect(text.match(/ -> n\d+ \[label="[01]"\];/g)).toHaveLength(4);
    expect(text.match(/ -> n\d+;/g)).toHaveLength(2);
  });

  it('printType adds the type; labels are escaped', async () => {
    const v = T.dvector('a"b\\c');
    const text = await pydotprint(v.neg(), { format: 'dot', printType: true });
    expect(text).toContain(
      '  v0 [label="a\\"b\\\\c TensorType(float64, vector)", shape=ellipse, style=filled, fillcolor="green"];',
    );
    expect(text).toContain('[label="Elemwise{neg,no_inplace}", shape=box');
  });

  it('a compiled function prints its optimized graph, shared variables orange', async () => {
    const x = T.dvector('x');
    const W = theano.shared(theano.array([1, 2]), 'W');
    const f = theano.function([x], x.mul(1).add(0).exp().mul(W));
    const text = await pydotprint(f, { format: 'dot' });
    expect(text).not.toContain('Elemwise{add,no_inplace}');
    expect(text).toContain('[label="x", shape=ellipse, style=filled, fillcolor="green"];');
    expect(text).toContain('[label="W", shape=ellipse, style=filled, fillcolor="orange"];');
    expect(text).toContain('fillcolor="dodgerblue"');
    // the optimized graph has fewer boxes than the one written (mul, add, exp, mul and a DimShuffle each of 1 and 0)
    const boxes = text.match(/shape=box/g) ?? [];
    expect(boxes.length).toBe(f.maker.fgraph.nodes.length);
    expect(boxes.length).toBeLessThan(5);
    // an input returned as is is still drawn, as an output
    const id = theano.function([x], x.mul(1));
    expect(await pydotprint(id, { format: 'dot' })).toBe(
      lines(
        'digraph theano {',
        '  rankdir=TB;',
        '  v0 [label="x", shape=ellipse, style=filled, fillcolor="dodgerblue"];',
        '}',
      ),
    );
  });
});

describe('pydotprint rendering and files', () => {
  const a = T.dvector('a');
  const y = a.mul(a).add(1);

  it('renders SVG by default, with the op labels', async () => {
    const svg = await pydotprint(y);
    expect(svg).toContain('<svg');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Elemwise{mul,no_inplace}');
    expect(svg).toContain('Elemwise{add,no_inplace}');
    expect(svg).toContain('>a</text>');
  });

  it('writes .dot and .svg files (the extension choosing the format)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pydotprint-'));
    try {
      const dotFile = join(dir, 'graph.dot');
      const dot = await pydotprint(y, { outfile: dotFile });
      expect(dot.startsWith('digraph theano {')).toBe(true);
      expect(await readFile(dotFile, 'utf8')).toBe(dot);
      const svgFile = join(dir, 'graph.svg');
      const svg = await pydotprint(y, { outfile: svgFile });
      expect(svg).toContain('<svg');
      expect(await readFile(svgFile, 'utf8')).toBe(svg);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects unknown formats, mismatched extensions and non-graphs', async () => {
    await expect(pydotprint(y, { outfile: 'graph.png' })).rejects.toThrow(/cannot write graph\.png.*got \.png/);
    await expect(pydotprint(y, { format: 'png' as 'svg' })).rejects.toThrow(/format must be 'svg' or 'dot', got "png"/);
    await expect(pydotprint(y, { outfile: 'graph.dot', format: 'svg' })).rejects.toThrow(
      /names a \.dot file but format is 'svg'/,
    );
    await expect(pydotprint(42 as unknown as theano.TensorVariable)).rejects.toThrow(/expected a variable/);
  });
});
