/**
 * The tutorial's chapter "convolution and pooling": `T.nnet.conv2d` on a small image (a convolution, so the
 * filter is flipped; `filterFlip: false` for a cross-correlation), the output sizes of its border modes and
 * strides, `T.signal.pool.pool2d` (max with and without `ignoreBorder`, average over padded windows), the
 * gradient of a convolution with respect to its filter, and `conv2dTranspose` giving back the image's size.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** Options of `runConv`. */
export interface ConvOptions {
  /** The backend the functions run on (default: `theano.config.backend`). */
  backend?: string;
}

/** The chapter's 5×5 image: `(3·i + j·j) mod 7` at row i, column j. */
export function chapterImage(): number[] {
  return Array.from({ length: 25 }, (_, k) => (3 * Math.floor(k / 5) + (k % 5) ** 2) % 7);
}

/** The chapter's filter: a Sobel filter (horizontal differences). */
export const SOBEL = [1, 0, -1, 2, 0, -2, 1, 0, -1];

/** Runs the chapter, passing each printed line to `log`. */
export async function runConv(log: (line: string) => void, opts: ConvOptions = {}): Promise<void> {
  const backend = opts.backend ?? theano.config.backend;
  const dt = backend === 'webgl' ? 'float32' : 'float64';
  const print = (...values: unknown[]): void => {
    for (const line of values.map(String).join(' ').split('\n')) log(line);
  };
  /** The single image of a (1, 1, h, w) result, as an h×w matrix. */
  const plane = (a: theano.NDArray) => a.reshape([a.shape[2]!, a.shape[3]!]);
  print('\n== convolution and pooling ==');
  const x = T.tensor4('x', dt);
  const w = T.tensor4('w', dt);
  const image = theano.array(chapterImage(), dt).reshape([1, 1, 5, 5]);
  const filter = theano.array(SOBEL, dt).reshape([1, 1, 3, 3]);
  print('image x (1, 1, 5, 5):');
  print(plane(image));
  print('filter w (1, 1, 3, 3):');
  print(plane(filter));

  const conv = T.nnet.conv2d;
  const pool = T.signal.pool.pool2d;
  const outputs: [string, theano.TensorVariable][] = [
    ['T.nnet.conv2d(x, w) (valid; a convolution flips the filter):', conv(x, w)],
    ['T.nnet.conv2d(x, w, { filterFlip: false }) (a cross-correlation):', conv(x, w, { filterFlip: false })],
    [
      "T.nnet.conv2d(x, w, { borderMode: 'half', subsample: [2, 2] }):",
      conv(x, w, { borderMode: 'half', subsample: [2, 2] }),
    ],
    ['T.signal.pool.pool2d(x, { ws: [2, 2], ignoreBorder: true }):', pool(x, { ws: [2, 2], ignoreBorder: true })],
    ['T.signal.pool.pool2d(x, { ws: [2, 2], ignoreBorder: false }):', pool(x, { ws: [2, 2], ignoreBorder: false })],
    [
      "T.signal.pool.pool2d(x, { ws: [3, 3], stride: [2, 2], pad: [1, 1], ignoreBorder: true, mode: 'average_exc_pad' }):",
      pool(x, { ws: [3, 3], stride: [2, 2], pad: [1, 1], ignoreBorder: true, mode: 'average_exc_pad' }),
    ],
    ['T.grad(T.nnet.conv2d(x, w).sum(), w) (each entry sums the pixels it meets):', T.grad(conv(x, w).sum(), w)],
  ];
  const f = theano.function(
    [x, w],
    outputs.map(([, e]) => e),
    { backend },
  );
  const vals = await f(image, filter);
  outputs.forEach(([label], i) => {
    print(label);
    print(plane(vals[i]!));
  });

  // the output size of each border mode, and the transpose going back to 5×5
  const modes: [string, theano.TensorVariable][] = [
    ["'valid'", conv(x, w)],
    ["'full'", conv(x, w, { borderMode: 'full' })],
    ["'half'", conv(x, w, { borderMode: 'half' })],
    ['[2, 1]', conv(x, w, { borderMode: [2, 1] })],
    ["'valid', subsample [2, 2]", conv(x, w, { subsample: [2, 2] })],
    ["'valid', filterDilation [2, 2]", conv(x, w, { filterDilation: [2, 2] })],
  ];
  const strided = conv(x, w, { subsample: [2, 2] });
  const back = T.nnet.conv2dTranspose(strided, w, { outputShape: [1, 1, 5, 5], subsample: [2, 2] });
  const shapes = theano.function([x, w], [...modes.map(([, e]) => e.shape), back.shape], { backend });
  const sizes = await shapes(image, filter);
  print('output shapes of conv2d(x, w) by borderMode:');
  modes.forEach(([label], i) => {
    print(`  ${label}: [${Array.from(sizes[i]!.toFloat64()).join(', ')}]`);
  });
  print(
    `conv2dTranspose of the strided output, outputShape [1, 1, 5, 5]: [${Array.from(sizes[modes.length]!.toFloat64()).join(', ')}]`,
  );
}
