// The chapter "loops with scan": the printed values are numpy's for the same loops (A ** 2 of
// arange(10), 1 + 2·3², cumsum([1, 2, 3, 4])), and the recurrent layer's last state and d(sum h_3)/dW as
// numpy computes them (the gradient by central finite differences, step 1e-6).
import '@theano-ts/backend-onnx';
import { describe, expect, it } from 'vitest';
import { runLoops } from '../src/loops.ts';

// biome-ignore format: numpy's printed lines, one per line
const NUMPY = [
  '', '== loops with scan ==',
  'A = [0, 1, 2, ..., 9], k = 2: A ** k =', '[ 0.  1.  4.  9. 16. 25. 36. 49. 64. 81.]',
  'coefficients = [1, 0, 2], x = 3: 1 + 0·3 + 2·3² =', '19.0',
  'running sums of [1, 2, 3, 4]:', '[ 1.  3.  6. 10.]',
  'theano.reduce, the total:', '10.0',
  'recurrent layer, the last state h_3:', '[ 0.82798683 -0.88112963]',
  'd(sum h_3)/dW (back-propagation through time):', '[[ 0.21819117 -0.239474  ]', ' [ 0.11702089 -0.17030051]]',
];

describe('tutorial: loops with scan', () => {
  for (const backend of ['ref', 'onnx']) {
    it(`prints what numpy computes (${backend})`, async () => {
      const out: string[] = [];
      await runLoops((l) => out.push(l), { backend });
      expect(out).toEqual(NUMPY);
    });
  }
});
