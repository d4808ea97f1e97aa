/**
 * The optimizer: the rewrite engine and every registered rewrite (importing this module registers them).
 */
import './rules-basic.js';
import './rules-stabilize.js';
import './rules-inner.js';
import './rules-scan.js';
import './rules-subtensor.js';
import './rules-ifelse.js';
import './rules-gradient.js';
import './fusion.js';

export {
  acceptReplacement,
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
export {
  OpPattern,
  Pattern,
  type PatternBuild,
  type PatternCase,
  type PatternCasesSpec,
  type PatternRewriteSpec,
  pat,
  patternCase,
  patternRewrite,
  registerPatternRewrite,
} from './pattern.js';
