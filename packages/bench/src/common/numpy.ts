/**
 * numpy as a benchmark peer: `python/steps.py` runs in a subprocess that stays up for the whole benchmark
 * and answers one JSON line per command. The training steps are timed inside Python (`time.perf_counter`)
 * and reported back, so the pipe's latency is not counted; the peer takes part in `measure`'s alternating
 * blocks like any other. Where `python3` or numpy is missing, `startNumpy` says why and the tables leave
 * numpy out. OpenBLAS's CPU-type and L2-size overrides in this machine's environment slow numpy down, so
 * the subprocess runs without them.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Peer } from './timing.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python', 'steps.py');

/** The models `steps.py` knows, with the sizes it reads its data by. */
export interface NumpyModel {
  /** `mlp`: 784-256-10 tanh + softmax cross-entropy; `logreg`: the Theano tutorial's logistic regression. */
  readonly model: 'mlp' | 'logreg';
  /** The dtype numpy computes in. */
  readonly dtype: 'float32' | 'float64';
  /** Sizes (`batch`, `inputs`, and for the MLP `hidden`, `classes`) and the learning rate `lr`. */
  readonly sizes: Readonly<Record<string, number>>;
  /** The initial data by name (x, y and the parameters), as doubles, row-major. */
  readonly data: Readonly<Record<string, ArrayLike<number>>>;
}

/** A numpy peer: `run` is one step; `timed(n)` runs `n` steps and returns numpy's own elapsed ms. */
export interface NumpyPeer extends Peer {
  /** One step from the current parameters, returning the step's output (the cost, or the xent vector). */
  output(): Promise<number[]>;
  /** Runs `n` steps, returning the milliseconds measured in Python. */
  timed(n: number): Promise<number>;
}

/** A running numpy subprocess. */
export interface NumpyHost {
  /** numpy's version. */
  readonly version: string;
  /** Loads `m`'s data (parameters reset to their initial values) and returns its peer, named `name`. */
  peer(name: string, m: NumpyModel): Promise<NumpyPeer>;
  /** Ends the subprocess. */
  close(): void;
}

class Host implements NumpyHost {
  private readonly lines: AsyncIterator<string>;
  private readonly rl: Interface;
  private readonly dir = mkdtempSync(join(tmpdir(), 'theano-ts-bench-numpy-'));
  version = '';

  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.rl = createInterface({ input: proc.stdout });
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  async ask(cmd: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.proc.stdin.write(`${JSON.stringify(cmd)}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error(`numpy peer: python exited while answering ${JSON.stringify(cmd.cmd)}`);
    const answer = JSON.parse(next.value) as Record<string, unknown>;
    if (typeof answer.error === 'string') throw new Error(`numpy peer: ${answer.error}`);
    return answer;
  }

  async peer(name: string, m: NumpyModel): Promise<NumpyPeer> {
    for (const [k, v] of Object.entries(m.data)) {
      writeFileSync(join(this.dir, `${k}.f64`), new Uint8Array(Float64Array.from(v).buffer));
    }
    await this.ask({ cmd: 'load', model: m.model, dtype: m.dtype, dir: this.dir, sizes: m.sizes });
    const timed = async (n: number) => (await this.ask({ cmd: 'time', n })).ms as number;
    return {
      name,
      run: () => timed(1),
      timed,
      output: async () => (await this.ask({ cmd: 'step' })).out as number[],
    };
  }

  close(): void {
    this.rl.close();
    this.proc.stdin.end();
    this.proc.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts `python3 python/steps.py`; resolves to the host, or to the reason numpy cannot be a peer here. */
export async function startNumpy(): Promise<NumpyHost | { readonly missing: string }> {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  let proc: ChildProcessWithoutNullStreams;
  try {
    proc = spawn('python3', [SCRIPT], { env, stdio: 'pipe' });
  } catch (e) {
    return { missing: `python3 could not start (${e instanceof Error ? e.message : String(e)})` };
  }
  let stderr = '';
  proc.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const started = new Promise<string | null>((resolve) => {
    proc.once('error', (e) => resolve(`python3 could not start (${e.message})`));
    proc.once('spawn', () => resolve(null));
  });
  const failed = await started;
  if (failed) return { missing: failed };
  const host = new Host(proc);
  try {
    host.version = String((await host.ask({ cmd: 'hello' })).numpy);
    return host;
  } catch (e) {
    host.close();
    return { missing: `numpy is not usable (${e instanceof Error ? e.message : String(e)}; ${stderr.trim()})` };
  }
}
