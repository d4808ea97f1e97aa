// Calls ordered with respect to shared variables, and results that alias nothing, on onnx: the cases of
// theano-ts/test/concurrency-cases.ts (every call is asynchronous here, so the ordering is exercised by real
// concurrent onnxruntime sessions).
import '@theano-ts/backend-onnx';
import { concurrencyCases } from '../../theano-ts/test/concurrency-cases.ts';

concurrencyCases('onnx');
