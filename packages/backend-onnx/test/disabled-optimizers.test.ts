// The backend's sessions disable two of onnxruntime's rewrites (DISABLED_ORT_OPTIMIZERS), passed as one
// config value. onnxruntime splits that value on ';': joined with ',' the list named one unknown rewrite
// ("MatMulScaleFusion,NoopElimination") and neither was disabled. One function below needs both disabled:
//  - NoopElimination would drop the `+ 0` of a float sum, and a sum of negative zeros would come out -0
//    (numpy: +0, so 1 / sum is +inf);
//  - MatMulScaleFusion would fold 0.1·dot(x, w) into a FusedMatMul with alpha 0.1 rounded to float32:
//    0.1·dot([[1]], [[0.8]]) = 0.1·0.8 = 0.08000000000000002 in float64 (numpy), where the float32 factor
//    gives 0.8·0.10000000149011612 = 0.0800000011920929.
import { disabledOptimizersConfig } from '@theano-ts/backend-onnx';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

describe('disabled onnxruntime optimizers', () => {
  it('are written as onnxruntime reads them: separated by semicolons', () => {
    expect(disabledOptimizersConfig(['MatMulScaleFusion', 'NoopElimination'])).toBe(
      'MatMulScaleFusion;NoopElimination',
    );
  });

  it('both take effect in one session: a sum of -0 is +0 and a float64 scale stays float64', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const v = T.tensor(dtype, [false], 'v');
      const x = T.dmatrix('x');
      const w = T.dmatrix('w');
      const f = theano.function([v, x, w], [T.trueDiv(1, v.sum()), T.dot(x, w).mul(0.1)], { backend: 'onnx' });
      const [inv, scaled] = (await f(
        theano.array([-0, -0], dtype),
        theano.array([[1]], 'float64'),
        theano.array([[0.8]], 'float64'),
      )) as theano.NDArray[];
      // both at once: with the list joined by ',' this was { inverse: -Infinity, scaled: 0.0800000011920929 }
      expect({ inverse: inv!.item(), scaled: scaled!.item() }).toEqual({
        inverse: Number.POSITIVE_INFINITY,
        scaled: 0.1 * 0.8,
      });
      expect(0.1 * 0.8).toBe(0.08000000000000002);
      f.dispose();
    }
  });
});
