// The conformance suite (every seed case and every verifyGrad case) on the onnx backend.
import '@theano-ts/backend-onnx';
import { defineConformance } from '@theano-ts/conformance';

defineConformance('onnx');
