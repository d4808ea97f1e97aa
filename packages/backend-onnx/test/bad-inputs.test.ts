// The bad-input catalogue on the onnx backend: every case compiled and called here too.
import '@theano-ts/backend-onnx';
import { defineBadInputs } from '@theano-ts/conformance';

defineBadInputs('onnx');
