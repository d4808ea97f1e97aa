/**
 * `GpuNDArray`: an NDArray whose values stay on the GPU until someone reads them. A compiled function
 * returns its updates' new values as GpuNDArrays; core stores them in the shared variables' containers, and
 * the next call finds the tensor again without uploading anything. `getValue()` (or any read of `data`)
 * downloads the values once and keeps them.
 */
import { type DType, NDArray, typedArrayFor } from '@theano-ts/core';
import { download, type Tensor } from './gpu.js';

/** An NDArray backed by a GPU tensor, downloaded on first access to its `data`. */
export class GpuNDArray extends NDArray {
  #tensor: Tensor | null;
  #values: NDArray['data'] | null = null;
  #released: string | null = null;

  /** Wraps `tensor` (which the caller keeps alive) as an array of `dtype` and the tensor's shape. */
  constructor(tensor: Tensor, dtype: DType) {
    // the base constructor validates storage against a shape: give it an empty one, then replace both
    super(typedArrayFor(dtype, 0), [0], dtype);
    this.#tensor = tensor;
    Object.defineProperty(this, 'shape', { value: Object.freeze([...tensor.shape]), enumerable: true });
    Object.defineProperty(this, 'data', { get: () => this.#materialize(), enumerable: true });
  }

  /** The tensor holding the values, or null once released. */
  get tensor(): Tensor | null {
    return this.#tensor;
  }

  /** Whether the values have been downloaded already. */
  get materialized(): boolean {
    return this.#values !== null;
  }

  /** Downloads the values now (if not done yet). */
  materialize(): void {
    this.#materialize();
  }

  /**
   * Forgets the tensor (its owner disposes it). Reading the values afterwards throws `why`, unless they
   * were downloaded before.
   */
  release(why: string): void {
    this.#tensor = null;
    if (this.#values === null) this.#released = why;
  }

  #materialize(): NDArray['data'] {
    if (this.#values !== null) return this.#values;
    if (this.#tensor === null || this.#tensor.isDisposed) {
      throw new Error(
        `webgl: this array's GPU values were released before being read (${this.#released ?? 'disposed'})`,
      );
    }
    this.#values = download(this.#tensor, this.dtype).data;
    return this.#values;
  }
}
