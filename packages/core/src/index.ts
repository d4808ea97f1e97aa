/**
 * `@theano-ts/core`: symbolic tensors, the graph IR, ops with their shape/dtype/gradient rules, autodiff,
 * `function`, shared variables, printing and the backend interface. No kernels live here: import a
 * backend (or the `theano-ts` umbrella, which registers the reference backend) to run anything.
 *
 * @module \@theano-ts/core
 * @document ../README.md
 */

import './tensor/methods.js';
import './tensor/family-sort.js';
import './tensor/family-extra.js';
import { grad, Lop, Rop, subgraphGrad } from './autodiff/grad.js';
import { hessian, jacobian } from './autodiff/jacobian.js';
import { verifyGrad, verifyGradSync } from './autodiff/verify.js';
import { considerConstant, disconnectedGrad, gradClip, gradScale, Print, zeroGrad } from './ops/gradient.js';
import { debugprint, idLabel, pp, pydotprint } from './printing/index.js';
import { withSnakeAliases } from './tensor/args.js';

export {
  DisconnectedInputError,
  type DisconnectedPolicy,
  type GradOptions,
  type KnownGrads,
  type SubgraphGradOptions,
} from './autodiff/grad.js';
export { GradientError, seededRandom, type VerifyGradOptions } from './autodiff/verify.js';
export * from './backend.js';
export { BadOptimizationError, InvalidValueError } from './compile/checks.js';
export type { EvalGivens } from './compile/eval.js';
export { filterValue } from './compile/filter.js';
export {
  compileFunction,
  type FunctionMaker,
  type FunctionOptions,
  type ModeName,
  type TheanoFunction,
} from './compile/function.js';
export { In, type InOptions, makeIn, Param } from './compile/in.js';
export {
  DebugMode,
  getMode,
  MODES,
  Mode,
  type ModeCheck,
  type ModeOptions,
  makeMode,
  NanGuardMode,
  type OptimizerName,
} from './compile/mode.js';
export { makeOut, Out, type OutOptions } from './compile/out.js';
export { ProfileStats } from './compile/profile.js';
export { type SharedOptions, shared } from './compile/shared.js';
export * from './config.js';
export * from './dtype.js';
export { Apply, applyOp, Op } from './graph/apply.js';
export { asTensorVariable, constant } from './graph/constant.js';
export {
  type ExecuteHooks,
  type ExecutionPlan,
  type ExecutionStep,
  execute,
  executionPlan,
  type LazyBranch,
  type PlanOptions,
  type StaticStore,
} from './graph/execute.js';
export { ancestors, FunctionGraph, freeInputs, replace, sharedInputs, toposort } from './graph/fgraph.js';
export type { DefinedOp, MaybeGrad, OpDef, OpFamily } from './graph/op.js';
export {
  isWeak,
  type ReduceOptions,
  SharedContainer,
  SharedVariable,
  TensorConstant,
  type TensorLike,
  TensorVariable,
  type ValueOptions,
} from './graph/variable.js';
export * from './ndarray.js';
export {
  type BnAxes,
  type BnTestOptions,
  type BnTrainOptions,
  batchNormalization,
  batchNormalizationTest,
  batchNormalizationTrain,
  bn,
} from './ops/bn.js';
export { COMPOSITE, type CompositeParams, composite, compositeLabel } from './ops/composite.js';
export { ASSERT_SAME_SHAPE, type AssertSameShapeParams, MAP, type MapParams } from './ops/control.js';
export {
  CONV2D,
  CONV2D_GRAD_INPUTS,
  CONV2D_GRAD_WEIGHTS,
  type ConvParams,
  conv2dGradInputsOp,
  conv2dGradWeightsOp,
  conv2dOp,
} from './ops/conv.js';
export type { AllocDiagParams, ARangeParams, ExtractDiagParams } from './ops/creation.js';
export { ALLOC, ALLOC_DIAG, ARANGE, EXTRACT_DIAG, EYE, TRI } from './ops/creation.js';
export {
  type DTypeRule,
  ELEMWISE_DEFS,
  type ElemGradRule,
  type ElemSpec,
  type ElemwiseDef,
  type ElemwiseName,
  type ElemwiseParams,
  elemwiseDefOf,
  type ScalarImpl,
} from './ops/elemwise.js';
export {
  ceil,
  deg2rad,
  EXTENDED_DEFS,
  type ExtendedElemwiseName,
  erf,
  exp2,
  expm1,
  floor,
  inv,
  isinf,
  isnan,
  log1p,
  log2,
  log10,
  type RoundOptions,
  rad2deg,
  round,
  SCALAR_OPS,
  type ScalarOpName,
  sigmoid,
  softplus,
  sqr,
  trunc,
} from './ops/extended.js';
export { IF_ELSE, type IfElseParams, ifelse, ifelseList } from './ops/ifelse.js';
export { DOT } from './ops/linalg.js';
export * from './ops/nlinalg.js';
export { binaryCrossentropy, categoricalCrossentropy, logsumexp, nnet, relu } from './ops/nnet.js';
export {
  type BorderMode,
  type Conv2dOptions,
  type Conv2dTransposeOptions,
  conv2d,
  conv2dTranspose,
} from './ops/nnet-conv.js';
export {
  AVERAGE_POOL_GRAD,
  averagePoolGrad,
  MAX_POOL_GRAD,
  maxPoolGrad,
  POOL,
  type Pool2dOptions,
  type PoolMode,
  type PoolParams,
  pool2d,
  poolParams,
  signalPool,
} from './ops/pool.js';
export { EXTENDED_OPS, type ExtendedOpName, PRIMITIVES, type PrimitiveName } from './ops/primitives.js';
export { PHILOX_RANDOM, type PhiloxParams, philoxRandom } from './ops/random.js';
export { MAX, MIN, type ReduceParams, SUM } from './ops/reduce.js';
export * from './ops/reduce-more.js';
export { runScan, SCAN, type ScanParams, scanLabel, tapLength } from './ops/scan.js';
export type { DimShuffleParams, MakeVectorParams, ReshapeParams, ShapeIParams } from './ops/shape.js';
export { DIMSHUFFLE, MAKE_VECTOR, RESHAPE, SHAPE, SHAPE_I } from './ops/shape.js';
export type { FlipParams, RebroadcastParams, RepeatParams, SplitParams } from './ops/shape-join.js';
export { BROADCAST_TO, CHOOSE, FLIP, JOIN, REBROADCAST, REPEAT, SPLIT } from './ops/shape-join.js';
export { LOG_SOFTMAX, logSoftmax, SOFTMAX, type SoftmaxParams, softmax } from './ops/softmax.js';
export * as sortOps from './ops/sort.js';
export {
  ADVANCED_INC_SUBTENSOR,
  ADVANCED_SUBTENSOR,
  type AdvancedIncSubtensorParams,
  type AdvancedSubtensorParams,
  INC_SUBTENSOR,
  type IncSubtensorParams,
  type IndexEntry,
  NONZERO,
  resolveIndex,
  type SlicePart,
  SUBTENSOR,
  type SubtensorParams,
} from './ops/subtensor.js';
export {
  broadcastShapes,
  broadcastStrides,
  checkedBroadcastShape,
  expandValues,
  stridedCopy,
} from './perform/broadcast.js';
export * as performConv from './perform/conv.js';
export * as performCreation from './perform/creation.js';
export { fitsInt32, performElemwise, scalarFnFor, usesBigInt } from './perform/elemwise.js';
export { performable, performGraph } from './perform/graph.js';
export * as performLinalg from './perform/linalg.js';
export * as performNlinalg from './perform/nlinalg.js';
export * as performNnet from './perform/nnet.js';
export * as philox from './perform/philox.js';
export * as performPool from './perform/pool.js';
export * as performReduce from './perform/reduce.js';
export * as performShape from './perform/shape.js';
export * as performShapeJoin from './perform/shape-join.js';
export * as performSort from './perform/sort.js';
export * as performSubtensor from './perform/subtensor.js';
export {
  allocLike,
  castTo,
  checkInteger,
  type RawStorage,
  readValues,
  storeValues,
  widthOf,
  withShape,
} from './perform/values.js';
export type { DebugprintOptions, PydotprintOptions } from './printing/index.js';
export * from './rewrite/index.js';
export * as scalar from './scalar/impl.js';
export { ulpDistance } from './scalar/ulp.js';
export {
  foldl,
  foldr,
  map,
  type OutputInfo,
  reduce,
  type ScanOptions,
  type ScanResult,
  type ScanShorthandOptions,
  type ScanUpdates,
  type SequenceInfo,
  type StepResult,
  scan,
  Until,
  until,
} from './scan.js';
export {
  type Constructors,
  constructors,
  type DTypePrefix,
  type PluralConstructor,
  type PrefixedConstructor,
  type TensorConstructor,
  type TensorKind,
  tensor as tensorOfType,
} from './tensor/constructors.js';
export { T, type TensorModule } from './tensor/index.js';
export {
  RandomStreams,
  type RandomVariable,
  type SizeLike,
  sandbox,
  sharedRandomstreams,
} from './tensor/random-streams.js';
export * from './type.js';
export { debugprint, idLabel, pp };

/**
 * `theano.gradient`: grad, jacobian, hessian, Rop, Lop, verifyGrad, subgraphGrad, and the gradient-only
 * identities zeroGrad, disconnectedGrad, gradClip, gradScale and considerConstant (each also under
 * Theano's snake_case name: `zero_grad`, `verify_grad`, …).
 */
export const gradient = Object.freeze(
  withSnakeAliases({
    grad,
    jacobian,
    hessian,
    Rop,
    Lop,
    verifyGrad,
    verifyGradSync,
    subgraphGrad,
    zeroGrad,
    disconnectedGrad,
    gradClip,
    gradScale,
    considerConstant,
  }),
);
/** `theano.printing`: pp (also as pprint), debugprint, pydotprint, and the printing identity `Print`. */
export const printing = Object.freeze({ pp, pprint: pp, debugprint, pydotprint, Print });
export { type CloneOptions, clone } from './graph/clone.js';
export { broadcastCheckDims, type DimRef, dimSource, sameDim, sizeOrigin } from './ops/dim-source.js';
export {
  DISCONNECTED_GRAD,
  GRAD_CLIP,
  GRAD_SCALE,
  GRADIENT_OPS,
  type GradClipParams,
  type GradScaleParams,
  PRINT,
  type PrintFn,
  type PrintOptions,
  type PrintParams,
  ZERO_GRAD,
} from './ops/gradient.js';
