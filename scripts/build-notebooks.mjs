#!/usr/bin/env node
// Generates notebooks/NN-*.ipynb from notebooks/src/NN-*.ts (percent format).
// Outputs are not kept: run `npm run notebooks -- --inplace` afterwards.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './lib/util.mjs';
import { percentToNotebook } from './lib/percent-notebook.mjs';

const srcDir = path.join(root, 'notebooks', 'src');
const only = process.argv.slice(2);
for (const f of fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts')).sort()) {
  if (only.length && !only.some((o) => f.startsWith(o))) continue;
  const nb = percentToNotebook(fs.readFileSync(path.join(srcDir, f), 'utf8'));
  const out = path.join(root, 'notebooks', f.replace(/\.ts$/, '.ipynb'));
  fs.writeFileSync(out, JSON.stringify(nb, null, 1) + '\n');
  console.log(`${path.relative(root, out)}: ${nb.cells.length} cells`);
}
