/**
 * The optimizer: the rewrite engine and every registered rewrite (importing this module registers them).
 */
import './rules-basic.js';
import './rules-stabilize.js';
import './fusion.js';

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
} from './engine.js';
