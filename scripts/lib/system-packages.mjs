// Debian packages the project needs: cairo & co. for building canvas, and
// Chromium for the browser tests. Installed with apt-get when we are root;
// otherwise one line says what to install.
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fail, isRoot, log, run, which } from './util.mjs';

const CANVAS_PACKAGES = [
  'pkg-config',
  'libcairo2-dev',
  'libpango1.0-dev',
  'libjpeg-dev',
  'libgif-dev',
  'librsvg2-dev',
  'fonts-dejavu-core',
];
const BROWSER_PACKAGES = ['chromium'];

export function canvasLibsPresent() {
  if (!which('pkg-config')) return false;
  const r = spawnSync('pkg-config', ['--exists', 'cairo', 'pangocairo', 'libjpeg', 'librsvg-2.0']);
  return r.status === 0 && fs.existsSync('/usr/include/gif_lib.h');
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? which('chromium') ?? which('chromium-browser');
}

export function ensureSystemPackages() {
  const missing = [];
  if (!canvasLibsPresent()) missing.push(...CANVAS_PACKAGES);
  if (!chromiumPath()) missing.push(...BROWSER_PACKAGES);
  if (missing.length === 0) return;
  if (!isRoot() || !which('apt-get')) {
    if (!canvasLibsPresent()) {
      fail(
        `canvas needs system libraries: install them with \`sudo apt-get install ${CANVAS_PACKAGES.join(' ')}\` (or your system's equivalents), then rerun.`,
      );
    }
    log(
      `Chromium not found: browser tests will be skipped (install with \`sudo apt-get install ${BROWSER_PACKAGES.join(' ')}\`).`,
    );
    return;
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', ...missing], { env });
}
