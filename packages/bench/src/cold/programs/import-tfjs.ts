/** Imports `@tensorflow/tfjs-core` (its Node build) and does nothing else: another tensor library's import, for scale. */
import '@tensorflow/tfjs-core';
