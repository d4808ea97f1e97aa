#!/usr/bin/env node
// One step that makes a fresh clone ready: installs the workspace with the pinned pnpm
// (offline-safe: onnxruntime-node's download script is disabled in pnpm-workspace.yaml)
// and builds every package to dist/ through turbo.
import { pnpm } from './pnpm.mjs';

const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
let rc = pnpm(['install', ...frozen]);
if (rc !== 0) process.exit(rc);
rc = pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
process.exit(rc);
