#!/usr/bin/env node
/**
 * `theano-ts-conformance`: prints the case × backend matrix (see `cli-main.ts`); `--json PATH` writes it.
 */
import { main } from './cli-main.js';

process.exitCode = await main(process.argv.slice(2));
