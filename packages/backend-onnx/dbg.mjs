import '@theano-ts/backend-onnx';
import { performElemwise, SCALAR_OPS } from '@theano-ts/core';
import * as theano from 'theano-ts';

const T = theano.tensor;
const [op, dtype] = process.argv.slice(2, 4);
const vals = process.argv.slice(4).map(Number);
const x = T.tensor(dtype, [false], 'x');
const f = theano.function([x], T[op](x), { backend: 'onnx', mode: theano.Mode({ optimizer: 'None' }) });
const a = theano.array(vals, dtype);
console.log([...(await f(a)).toFloat64()], [...performElemwise(SCALAR_OPS[op].spec, [a], dtype).toFloat64()]);
