// `npm run notebooks -- --quick`: every tutorial notebook executes through the
// real tslab kernel in quick mode (small data, 1 epoch) without an error output.
// Without a CIFAR-10 copy (and no network to fetch one) the CIFAR-10 notebooks are
// skipped, saying why, and the MNIST part of 05 runs on its own. When the browser test
// (test/browser) runs all five in JupyterLab anyway, this runner's path is checked on
// 05's MNIST part alone: running every notebook twice cost CI two and a half minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from '../helpers/notebook';
import { cifar10SearchDirs, hasCifar10Files } from '../../src/data/cifar10';
import { cacheDir } from '../../src/data/paths';
import { browserSkipReason } from '../browser/chromium';

const cifarDirs = [...cifar10SearchDirs(), path.join(cacheDir, 'cifar-10-batches-bin')];
const hasCifar = cifarDirs.some((d) => hasCifar10Files(d));

/** Notebook 05 up to its CIFAR-10 section ("Practice 2"), written to build/test/. */
function mnistPartOf05(): string {
  const [file] = fs
    .readdirSync(path.join(root, 'notebooks'))
    .filter((f) => /^05-.*\.ipynb$/.test(f));
  const nb = JSON.parse(fs.readFileSync(path.join(root, 'notebooks', file), 'utf8'));
  const src = (c: { source: string | string[] }) => [c.source].flat().join('');
  const cut = nb.cells.findIndex(
    (c: { cell_type: string; source: string[] }) =>
      c.cell_type === 'markdown' && /^## Practice 2/m.test(src(c)),
  );
  assert.ok(cut > 0, `05: no "## Practice 2" (CIFAR-10) heading found to cut at`);
  nb.cells = nb.cells.slice(0, cut);
  const out = path.join(root, 'build', 'test', '05-mnist-part.ipynb');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(nb));
  return out;
}

function runQuick(files: string[]): string {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'run-notebooks.mjs'), '--quick', '--cell-timeout', '900', ...files],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CNN_QUICK: '1' } },
  );
  process.stdout.write(r.stdout);
  assert.equal(r.status, 0, r.stdout + r.stderr.slice(-2000));
  return r.stdout;
}

test(
  'the notebook runner executes the notebooks in quick mode through the tslab kernel',
  { timeout: 30 * 60_000 },
  (t) => {
    if (!hasCifar) {
      t.diagnostic(
        `CIFAR-10 not found (looked in ${cifarDirs.join(', ')}): skipped 01-04 and 05's CIFAR-10 part; ` +
          'set CIFAR10_DIR to a copy to run them (data/README.md)',
      );
      assert.match(runQuick([mnistPartOf05()]), /^1 passed, 0 failed$/m);
      return;
    }
    const browserRunsAll = !browserSkipReason() && !process.env.CNN_BROWSER_ONLY;
    if (browserRunsAll && !process.env.CNN_QUICK_ALL) {
      t.diagnostic(
        "the browser test runs all five notebooks in quick mode; this runner runs 05's MNIST part " +
          '(CNN_QUICK_ALL=1 runs all five here too)',
      );
      assert.match(runQuick([mnistPartOf05()]), /^1 passed, 0 failed$/m);
      return;
    }
    assert.match(runQuick([]), /^5 passed, 0 failed$/m);
  },
);
