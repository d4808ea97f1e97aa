#!/usr/bin/env node
// Runs the pinned pnpm (12.4.2): the workspace's own copy when installed, else through npx.
// Usage: node scripts/pnpm.mjs <pnpm args...>
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM_VERSION = '12.4.2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = join(root, 'node_modules', '.bin', 'pnpm');

export function pnpm(args, opts = {}) {
  const [cmd, argv] = existsSync(local) ? [local, args] : ['npx', ['-y', `pnpm@${PNPM_VERSION}`, ...args]];
  const r = spawnSync(cmd, argv, {
    cwd: root,
    stdio: 'inherit',
    // no telemetry, and no "Update available" notice: the version is pinned on purpose
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false' },
    ...opts,
  });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(pnpm(process.argv.slice(2)));
}
