// Bad environments get one clear line from the set-up, not a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root } from '../helpers/notebook';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-setup-'));

function assertOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  assert.match(lines[0], pattern);
}

test('no python3: set-up says so in one line', () => {
  const bin = tmp();
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
  const r = spawnSync(process.execPath, ['scripts/setup.mjs'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: bin, HOME: os.tmpdir() },
  });
  assert.equal(r.status, 1);
  assertOneLine(r.stderr, /^setup: python3 not found: install Python/);
});

test('not root and canvas libraries missing: set-up names the packages in one line', () => {
  // The unprivileged user may not be able to read the checkout (CI clones into a
  // 0700 temp dir), so it runs a copy of the set-up scripts in a readable folder;
  // the check under test comes before the set-up reads anything else.
  const copy = tmp();
  fs.chmodSync(copy, 0o755);
  fs.cpSync(path.join(root, 'scripts'), path.join(copy, 'scripts'), { recursive: true });
  const r = spawnSync(process.execPath, ['scripts/setup.mjs'], {
    cwd: copy,
    encoding: 'utf8',
    uid: 65534, // nobody
    gid: 65534,
    // pkg-config that finds nothing stands in for a machine without cairo & co.
    env: {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      PKG_CONFIG_LIBDIR: '/nonexistent',
      PKG_CONFIG_PATH: '',
    },
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assertOneLine(
    r.stderr,
    /^setup: canvas needs system libraries: install them with `sudo apt-get install pkg-config libcairo2-dev .*librsvg2-dev/,
  );
});

test('no network and no cached wheel: set-up says where to put the wheel', () => {
  const cache = tmp();
  const r = spawnSync(
    process.execPath,
    ['-e', "import('./scripts/lib/tfjs-node.mjs').then((m) => m.downloadWheel())"],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        CNN_NOTEBOOKS_CACHE: cache,
        // An index on a closed local port and no other source: pip cannot get anything.
        PIP_CONFIG_FILE: '/dev/null',
        PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
        PIP_EXTRA_INDEX_URL: '',
        PIP_FIND_LINKS: '',
      },
      timeout: 120_000,
    },
  );
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assertOneLine(
    r.stderr,
    new RegExp(
      `^setup: could not download tensorflow-cpu==2\\.21\\.0 .*Put its wheel in ${cache}/wheels and rerun\\.$`,
    ),
  );
});

test('a kernel that fails to start: the notebook runner reports it in one line', () => {
  const jupyterPath = tmp();
  const spec = path.join(jupyterPath, 'kernels', 'broken');
  fs.mkdirSync(spec, { recursive: true });
  fs.writeFileSync(
    path.join(spec, 'kernel.json'),
    JSON.stringify({
      argv: [process.execPath, '-e', 'process.exit(3)', '{connection_file}'],
      display_name: 'broken',
      language: 'typescript',
    }),
  );
  const nb = path.join(root, 'build', 'test', 'broken-kernel.ipynb');
  fs.mkdirSync(path.dirname(nb), { recursive: true });
  fs.writeFileSync(
    nb,
    JSON.stringify({
      cells: [{ cell_type: 'code', source: '1', metadata: {}, outputs: [], execution_count: null }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  const r = spawnSync(
    path.join(root, '.venv', 'bin', 'python'),
    [
      path.join(root, 'scripts', 'run_notebooks.py'),
      '--out',
      tmp(),
      '--kernel',
      'broken',
      '--plotly-js',
      path.join(root, 'node_modules', 'plotly.js-dist', 'plotly.js'),
      '--cell-timeout',
      '30',
      nb,
    ],
    { encoding: 'utf8', env: { ...process.env, JUPYTER_PATH: jupyterPath }, timeout: 180_000 },
  );
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const line = r.stdout.split('\n').find((l) => l.startsWith('FAIL'));
  assert.match(line ?? '', /^FAIL broken-kernel\.ipynb .* — kernel problem: /);
});
