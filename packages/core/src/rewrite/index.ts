/**
 * The optimizer: the rewrite engine and every registered rewrite (importing this module registers them).
 */
import './rules-basic.js';
import './rules-stabilize.js';
import './fusion.js';

export {
  type GlobalRewrite,
  listRewrites,
  PHASES,
  type Phase,
  type Rewrite,
  type RewriteContext,
  type RewriteSelection,
  registerGlobalRewrite,
  registerRewrite,
  rewriteGraph,
} from './engine.js';
