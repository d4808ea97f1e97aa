/**
 * The op definition interface, for the op families in `ops/`: it lives with the IR (`graph/op.ts`), since
 * an `Apply` node holds an op; re-exported here where the ops are written.
 */
export { type DefinedOp, defineOp, type MaybeGrad, type OpDef, type OpFamily } from '../graph/op.js';
