#!/usr/bin/env node
/**
 * `theano-ts-fuzz`: the differential fuzzer (see `fuzz/run.ts`). From the repository root:
 * `npm run fuzz -- --graphs N [--seed S] [--backend onnx]`. Exits 1 when a graph differs (printing the
 * shrunk graph as a program), 2 on a usage error.
 */
import { main } from './fuzz/main.js';

process.exitCode = await main(process.argv.slice(2));
