/** Imports onnxruntime-node (its native addon loads) and does nothing else: the floor of the onnx column. */
import 'onnxruntime-node';
