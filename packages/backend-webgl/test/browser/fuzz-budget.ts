// The differential fuzzer's budget in the browser run (packages/conformance/src/fuzz): random graphs of
// float32, int32 and bool inputs on webgl, each compared with ref/FAST_COMPILE computed in the same page.
import type { FuzzDType } from '../../../conformance/src/fuzz/desc.ts';

/** How many graphs the page runs (about 40 s on SwiftShader, measured; the brief allows ~60 s). */
export const FUZZ_GRAPHS = 600;
/** fast-check's seed: the budget is the same graphs every run. */
export const FUZZ_SEED = 20261205;
/**
 * The input and cast dtypes: webgl's native ones (float32, int32, bool). Without float64 in the set the
 * builder casts integer and bool operands that Theano would promote to float64 to float32 instead.
 */
export const FUZZ_DTYPES: readonly FuzzDType[] = ['float32', 'int32', 'bool'];
/** Ops left out on webgl (each with its reason). */
export const FUZZ_EXCLUDE: readonly string[] = [];
