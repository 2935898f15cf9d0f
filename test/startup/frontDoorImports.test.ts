// Start-up guard: importing the front door loads the engine and what the first image needs
// (tfjs-node, canvas), and leaves the packages only some cells use to the call that needs
// them (bench/README.md, "Start-up"). A top-level import of one of them fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { root } from '../helpers/notebook';

// Loaded on use: the Plotly bundle (saved charts), tar (CIFAR-10 unpacking),
// cli-progress (terminal progress bars).
const LAZY = ['plotly.js-dist', 'tar', 'cli-progress'];

function modulesLoadedByImport(): string[] {
  const script = `require('./src/index.ts'); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const inPackage = (files: string[], name: string) =>
  files.filter((f) => f.includes(`/node_modules/${name}/`));

test('importing the library loads tfjs-node and canvas, not the packages used later', () => {
  const files = modulesLoadedByImport();
  assert.ok(inPackage(files, '@tensorflow/tfjs-node').length > 0, 'tfjs-node is loaded');
  assert.ok(inPackage(files, 'canvas').length > 0, 'canvas is loaded (imageGrid draws with it)');
  for (const name of LAZY) assert.deepEqual(inPackage(files, name), [], `${name} is not loaded`);
});
