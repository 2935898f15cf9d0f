// When a cell fails, `npm run notebooks` names the cell and the first line of the
// real error. tslab sends no error name or value: it writes the error to the
// cell's stderr, which the runner reads (not nbclient's framing of the cell source).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from '../helpers/notebook';

const notebooks: Record<string, string> = {
  'fails-at-runtime': `
// %%
const n = 1;

// %%
console.warn('a warning printed before the error');
throw new Error('the real cause: nothing in /nowhere');
`,
  'fails-to-compile': `
// %%
const s: string = 42;
`,
};

test(
  'a failed notebook is reported with its cell and the first line of the real error',
  { timeout: 10 * 60_000 },
  async () => {
    const { percentToNotebook } = await import(
      path.join(root, 'scripts', 'lib', 'percent-notebook.mjs')
    );
    const dir = path.join(root, 'build', 'test');
    fs.mkdirSync(dir, { recursive: true });
    const files = Object.entries(notebooks).map(([name, source]) => {
      const file = path.join(dir, `${name}.ipynb`);
      fs.writeFileSync(file, JSON.stringify(percentToNotebook(source)));
      return file;
    });
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, 'scripts', 'run-notebooks.mjs'),
        '--out',
        path.join(dir, 'out'),
        '--cell-timeout',
        '600',
        ...files,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const line = (name: string) =>
      r.stdout.split('\n').find((l) => l.startsWith(`FAIL ${name}.ipynb`)) ?? '';
    assert.match(
      line('fails-at-runtime'),
      / — cell 1: Error: the real cause: nothing in \/nowhere$/,
    );
    assert.match(
      line('fails-to-compile'),
      / — cell 0: 1:7 - Type 'number' is not assignable to type 'string'\.?$/,
    );
    assert.match(r.stdout, /^0 passed, 2 failed$/m);
  },
);
