/**
 * @theano-ts/core: symbolic tensors, the graph IR, ops with their shape/dtype/gradient rules, autodiff,
 * `function`, shared variables, printing and the backend interface. No kernels live here: import a
 * backend (or the `theano-ts` umbrella, which registers the reference backend) to run anything.
 */
import { hessian, jacobian } from './autodiff/jacobian.js';
import { Lop, Rop, grad } from './autodiff/grad.js';
import { verifyGrad, verifyGradSync } from './autodiff/verify.js';
import { debugprint, idLabel, pp, pydotprint } from './printing/index.js';

export * from './dtype.js';
export * from './config.js';
export * from './ndarray.js';
export * from './type.js';
export * from './backend.js';
export { Op, Apply, applyOp } from './graph/apply.js';
export { FunctionGraph, toposort, ancestors, freeInputs, sharedInputs, replace } from './graph/fgraph.js';
export {
  TensorVariable,
  TensorConstant,
  SharedVariable,
  SharedContainer,
  isWeak,
  type TensorLike,
  type ReduceOptions,
} from './graph/variable.js';
export { constant, asTensorVariable } from './graph/constant.js';
export type { OpDef, OpFamily, MaybeGrad } from './ops/op-def.js';
export { ELEMWISE_DEFS, type ElemwiseName, type ElemwiseParams } from './ops/elemwise.js';
export { SUM, MAX, MIN, type ReduceParams } from './ops/reduce.js';
export { DIMSHUFFLE, RESHAPE, SHAPE, SHAPE_I, MAKE_VECTOR } from './ops/shape.js';
export type { DimShuffleParams, ReshapeParams, ShapeIParams, MakeVectorParams } from './ops/shape.js';
export { DOT } from './ops/linalg.js';
export { SUBTENSOR, INC_SUBTENSOR, type IncSubtensorParams } from './ops/subtensor.js';
export { MAP, ASSERT_SAME_SHAPE, type MapParams, type AssertSameShapeParams } from './ops/control.js';
export { PRIMITIVES, type PrimitiveName, EXTENDED_OPS, type ExtendedOpName } from './ops/primitives.js';
export { EXTENDED_DEFS, type ExtendedElemwiseName, sqr, log1p, expm1, softplus, sigmoid } from './ops/extended.js';
export { COMPOSITE, composite, compositeLabel, type CompositeParams } from './ops/composite.js';
export { nnet, logsumexp, relu, binaryCrossentropy, categoricalCrossentropy } from './ops/nnet.js';
export { SOFTMAX, LOG_SOFTMAX, softmax, logSoftmax, type SoftmaxParams } from './ops/softmax.js';
export { DisconnectedInputError, type GradOptions, type DisconnectedPolicy } from './autodiff/grad.js';
export { GradientError, seededRandom, type VerifyGradOptions } from './autodiff/verify.js';
export { compileFunction, type FunctionOptions, type TheanoFunction, type FunctionMaker, type ModeName } from './compile/function.js';
export {
  Mode,
  MODES,
  getMode,
  makeMode,
  DebugMode,
  NanGuardMode,
  type ModeOptions,
  type OptimizerName,
  type ModeCheck,
} from './compile/mode.js';
export { InvalidValueError, BadOptimizationError } from './compile/checks.js';
export { ProfileStats } from './compile/profile.js';
export {
  PHASES,
  type Phase,
  type Rewrite,
  type GlobalRewrite,
  type RewriteContext,
  type RewriteSelection,
  registerRewrite,
  registerGlobalRewrite,
  listRewrites,
  rewriteGraph,
} from './rewrite/index.js';
export { In, Param, makeIn, type InOptions } from './compile/in.js';
export { shared, type SharedOptions } from './compile/shared.js';
export { filterValue } from './compile/filter.js';
export type { EvalGivens } from './compile/eval.js';
export { T, type TensorModule } from './tensor/index.js';
export {
  constructors,
  tensor as tensorOfType,
  type Constructors,
  type TensorConstructor,
  type PrefixedConstructor,
  type PluralConstructor,
  type TensorKind,
  type DTypePrefix,
} from './tensor/constructors.js';
export { pp, debugprint, idLabel };
export type { DebugprintOptions, PydotprintOptions } from './printing/index.js';

/** `theano.gradient`: grad, jacobian, hessian, Rop, Lop, verifyGrad. */
export const gradient = Object.freeze({ grad, jacobian, hessian, Rop, Lop, verifyGrad, verifyGradSync });
/** `theano.printing`: pp, debugprint, pydotprint. */
export const printing = Object.freeze({ pp, debugprint, pydotprint });
