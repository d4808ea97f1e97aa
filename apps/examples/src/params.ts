/** Saving a model's parameters to JSON and loading them back (names, shapes and values, written as float64). */
import { readFileSync, writeFileSync } from 'node:fs';
import * as theano from 'theano-ts';

interface Saved {
  readonly model: string;
  readonly params: Record<string, { shape: number[]; data: number[] }>;
}

/** Writes every parameter's value to `path`. */
export function saveParams(path: string, model: string, params: readonly theano.SharedVariable[]): void {
  const out: Saved = { model, params: {} };
  for (const p of params) {
    const v = p.getValue();
    out.params[p.name!] = { shape: [...v.shape], data: Array.from(v.toFloat64()) };
  }
  writeFileSync(path, JSON.stringify(out));
}

/** Sets every parameter from `path` (written by `saveParams` for the same model); throws naming a mismatch. */
export function loadParams(path: string, model: string, params: readonly theano.SharedVariable[]): void {
  const saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
  if (saved.model !== model) throw new Error(`${path} holds the parameters of ${saved.model}, not ${model}`);
  for (const p of params) {
    const s = saved.params[p.name!];
    const want = p.getValue().shape;
    if (!s || s.shape.join(',') !== want.join(',')) {
      throw new Error(`${path}: parameter ${p.name} has shape [${want}], the file has ${s ? `[${s.shape}]` : 'none'}`);
    }
    p.setValue(theano.array(Float64Array.from(s.data), 'float64').reshape(s.shape).astype(p.dtype));
  }
}
