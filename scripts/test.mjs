#!/usr/bin/env node
// Runs the whole suite with node's built-in test runner (TypeScript via tsx).
// `npm test -- test/data` runs only the files under the given paths.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './lib/util.mjs';
import { parseCommandLine } from './lib/args.mjs';

const usage = `
usage: npm test [-- path …]
Runs the node:test suites (*.test.ts) under test/, or only under the given files and folders.
`;
const { positionals: targets } = parseCommandLine(usage, { allowPositionals: true });

function collect(p) {
  const full = path.resolve(root, p);
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? collect(path.join(full, e.name))
        : e.name.endsWith('.test.ts')
          ? [path.join(full, e.name)]
          : [],
    );
}

const files = (targets.length ? targets : ['test']).flatMap(collect).sort();
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
  },
);
process.exit(r.status ?? 1);
