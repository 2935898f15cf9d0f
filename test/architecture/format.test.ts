// The formatter is a wall, not a suggestion: every source file is as prettier writes it
// (100 columns; settings in .prettierrc.json). `npm run format` fixes what this finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
export const FORMATTED = ['src', 'test', 'scripts', 'bench', 'notebooks/src'];

test('src/, test/, scripts/, bench/ and notebooks/src/ are formatted (npm run format)', () => {
  const prettier = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  const r = spawnSync(process.execPath, [prettier, '--check', ...FORMATTED], {
    cwd: root,
    encoding: 'utf8',
  });
  const unformatted = `${r.stdout}${r.stderr}`
    .replace(/\x1b\[[0-9;]*m/g, '') // colour codes, when the environment asks prettier for them
    .split('\n')
    .filter((l) => l.startsWith('[warn] ') && !l.includes('Code style issues'));
  assert.equal(
    r.status,
    0,
    `not formatted:\n${unformatted.join('\n')}\n${r.status === 2 ? r.stderr : ''}`,
  );
});
