// `npm run notebooks -- --quick`: every tutorial notebook executes through the
// real tslab kernel in quick mode (small data, 1 epoch) without an error output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { root } from '../helpers/notebook';

test('all notebooks run in quick mode through the tslab kernel', { timeout: 30 * 60_000 }, () => {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'run-notebooks.mjs'), '--quick', '--cell-timeout', '900'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CNN_QUICK: '1' },
    },
  );
  process.stdout.write(r.stdout);
  assert.equal(r.status, 0, r.stdout + r.stderr.slice(-2000));
  assert.match(r.stdout, /^5 passed, 0 failed$/m);
});
