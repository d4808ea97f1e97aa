#!/usr/bin/env node
// Finds the Chromium the WebGL tests and benchmark drive (never a downloaded browser): $CHROMIUM_PATH, or
// /usr/bin/chromium. When it is missing and we run as root on Debian, installs Debian's package
// (`apt-get update && apt-get install -y chromium`); elsewhere it throws, naming what is missing.
// `node scripts/ensure-chromium.mjs` prints the path.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where Debian's chromium package puts its launcher. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of a Chromium executable: $CHROMIUM_PATH when set (it must exist), else /usr/bin/chromium,
 * installed first with apt-get when we are root on Debian. Throws an Error naming the missing piece.
 */
export function ensureChromium({ log = (line) => console.error(line) } = {}) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read when tests run, not an input of any build
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`ensure-chromium: CHROMIUM_PATH is ${fromEnv}, which is not an executable file`);
  }
  if (executable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (!isRoot || !isDebian) {
    const why = !isDebian ? 'this is not a Debian system with apt-get' : 'installing it needs root';
    throw new Error(
      `ensure-chromium: Chromium is missing (no ${DEBIAN_CHROMIUM}) and ${why}; ` +
        'install Debian\'s "chromium" package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium executable',
    );
  }
  log("ensure-chromium: installing Debian's chromium package (apt-get update && apt-get install -y chromium)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
  if (!executable(DEBIAN_CHROMIUM)) {
    throw new Error(`ensure-chromium: apt-get installed chromium but ${DEBIAN_CHROMIUM} is still missing`);
  }
  return DEBIAN_CHROMIUM;
}

/**
 * The command-line flags the tests and the benchmark launch Chromium with: WebGL2 on SwiftShader (works
 * without a GPU), no sandbox (we may run as root), and nothing that reaches the network.
 */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--headless',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(ensureChromium());
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}
