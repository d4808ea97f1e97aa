/**
 * `verifyGrad` cases of the creation family: the symbolic gradients of Alloc (summed over the broadcast
 * dimensions), ARange (start and step), tril/triu (the mask applied to the gradient), AllocDiag and
 * ExtractDiag (each other's gradient) and linspace, checked against central finite differences.
 */
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { uniform } from './check.js';
import { type Rand, vg } from './grad-case.js';

const T = theano.tensor;

/** Values in [-2, 2). */
const any = (r: Rand, shape: readonly number[]) => uniform(r, shape, -2, 2);

/** The creation family's verifyGrad cases. */
export const CREATION_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'creation.alloc',
    'alloc(v, 2, 3) of a vector: the gradient summed over the new leading dimension',
    (v) => T.alloc(v, 2, 3),
    (r) => [any(r, [3])],
  ),
  vg(
    'creation.full',
    'full([2, 3], s) of a scalar: the gradient summed over every element',
    (s) => T.full([2, 3], s),
    (r) => [any(r, [])],
  ),
  vg(
    'creation.arange',
    'arange(start, 3, step) in float64: d/dstart and d/dstep (the length stays 4 near the point)',
    (s, st) => T.arange(s, 3, st),
    () => [theano.array(0.25, 'float64'), theano.array(0.7, 'float64')],
  ),
  vg(
    'creation.tril_triu',
    'tril(x) + triu(x, 2) of a 3×4 matrix: the masks applied to the gradient',
    (x) => T.tril(x).add(T.triu(x, 2).mul(3)),
    (r) => [any(r, [3, 4])],
  ),
  vg(
    'creation.diag.vector',
    'diag(v, 1): AllocDiag, whose gradient is the diagonal of the output gradient',
    (v) => T.diag(v, 1),
    (r) => [any(r, [3])],
  ),
  vg(
    'creation.diag.matrix',
    'diag(x, -1) of a 3×4 matrix: ExtractDiag, whose gradient writes the output gradient on the diagonal',
    (x) => T.diag(x, -1),
    (r) => [any(r, [3, 4])],
  ),
  vg(
    'creation.diagonal',
    'diagonal(t, 1, 2, 0) of a 2×3×4 tensor',
    (t) => T.diagonal(t, 1, 2, 0),
    (r) => [any(r, [2, 3, 4])],
  ),
  vg(
    'creation.linspace',
    'linspace(a, b, 5): d/da and d/db',
    (a, b) => T.linspace(a, b, 5),
    (r) => [any(r, []), any(r, [])],
  ),
];
