// The optional graph-mode training addon (native/graph): TensorFlow's graph C API
// for src/graph, compiled with node-gyp against the libtensorflow and headers
// tfjs-node uses. Optional by contract: any failure logs one line and returns false;
// set-up never fails because of it (the library then reports the graph engine unavailable).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log, root } from './util.mjs';
import { parseCommandLine } from './args.mjs';

const addonDir = path.join(root, 'native', 'graph');
export const graphAddonPath = path.join(addonDir, 'build', 'Release', 'tf_graph.node');

/** Loads the addon in a child process; true when it loads and reports a TF version. */
export function probeGraphAddon() {
  if (!fs.existsSync(graphAddonPath)) return false;
  const r = spawnSync(
    process.execPath,
    ['-e', `console.log(require(${JSON.stringify(graphAddonPath)}).version())`],
    { encoding: 'utf8' },
  );
  return r.status === 0 && /\d+\.\d+/.test(r.stdout);
}

function nodeGyp() {
  const candidates = [
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

/** Builds native/graph if it is missing or stale; never throws. Returns whether it loads. */
export function ensureGraphAddon({ force = false } = {}) {
  try {
    const sources = ['tf_graph.cc', 'binding.gyp'].map(
      (f) => fs.statSync(path.join(addonDir, f)).mtimeMs,
    );
    const fresh =
      fs.existsSync(graphAddonPath) && fs.statSync(graphAddonPath).mtimeMs > Math.max(...sources);
    if (!force && fresh && probeGraphAddon()) return true;
    const deps = path.join(root, 'node_modules', '@tensorflow', 'tfjs-node', 'deps');
    if (!fs.existsSync(path.join(deps, 'include', 'tensorflow', 'c', 'c_api.h'))) {
      log(
        'graph engine skipped: no TensorFlow C headers in tfjs-node/deps/include (only a wheel build has them)',
      );
      return false;
    }
    const gyp = nodeGyp();
    if (!gyp) {
      log('graph engine skipped: node-gyp not found');
      return false;
    }
    const args = [gyp, 'rebuild'];
    const headers = path.resolve(
      path.dirname(process.execPath),
      '..',
      'include',
      'node',
      'node_api.h',
    );
    if (fs.existsSync(headers))
      args.push(`--nodedir=${path.resolve(path.dirname(headers), '..', '..')}`);
    const r = spawnSync(process.execPath, args, {
      cwd: addonDir,
      encoding: 'utf8',
      timeout: 5 * 60_000,
    });
    if (r.status !== 0) {
      const line =
        `${r.stderr ?? ''}`.split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
      log(`graph engine skipped: building native/graph failed (${line.trim()})`);
      return false;
    }
    if (!probeGraphAddon()) {
      log('graph engine skipped: native/graph built but does not load');
      return false;
    }
    log('graph engine: native/graph built');
    return true;
  } catch (e) {
    log(`graph engine skipped: ${e instanceof Error ? e.message : e}`);
    return false;
  }
}

// `node scripts/lib/graph-addon.mjs [--force]` builds it by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const usage = `
usage: node scripts/lib/graph-addon.mjs [--force]
Builds native/graph (the graph training engine's addon) unless it is built and loads.
  --force   rebuild even so
`;
  const { values } = parseCommandLine(usage, {
    options: { force: { type: 'boolean', default: false } },
  });
  process.exit(ensureGraphAddon({ force: values.force }) ? 0 : 1);
}
