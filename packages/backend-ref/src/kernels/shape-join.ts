/** The reference kernels of the shape family's joining ops: core's own definitions (`perform`). */
import {
  type Apply,
  BROADCAST_TO,
  CHOOSE,
  FLIP,
  JOIN,
  type NDArray,
  REBROADCAST,
  REPEAT,
  SPLIT,
} from '@theano-ts/core';

type Kernel = (inputs: readonly NDArray[], node: Apply) => NDArray[];

/** The kernel running the op's `perform`. */
const performed =
  (def: {
    perform?: (ins: readonly NDArray[], p: never, node: Apply) => NDArray[];
    match(n: Apply): object | null;
  }): Kernel =>
  (ins, node) =>
    def.perform!(ins, def.match(node) as never, node);

/** Join, Split, BroadcastTo, Flip, Rebroadcast, RepeatOp and Choose. */
export const SHAPE_JOIN_KERNELS = {
  join: performed(JOIN),
  split: performed(SPLIT),
  broadcast_to: performed(BROADCAST_TO),
  flip: performed(FLIP),
  rebroadcast: performed(REBROADCAST),
  repeat: performed(REPEAT),
  choose: performed(CHOOSE),
} as const;
