// Which notebooks a script works on: the ones named, or every notebooks/NN-*.ipynb.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './util.mjs';

/** Absolute paths; exits 2 with one line naming the script when a named file is missing. */
export function notebookFiles(positionals, script) {
  const dir = path.join(root, 'notebooks');
  const files = positionals.length
    ? positionals.map((f) => path.resolve(f))
    : fs
        .readdirSync(dir)
        .filter((f) => /^\d.*\.ipynb$/.test(f))
        .sort()
        .map((f) => path.join(dir, f));
  const missing = files.find((f) => !fs.existsSync(f));
  if (missing) {
    console.error(`${script}: ${missing} not found`);
    process.exit(2);
  }
  return files;
}
