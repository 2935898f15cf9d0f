#!/usr/bin/env node
// Generates notebooks/NN-*.ipynb from notebooks/src/NN-*.ts (percent format).
// Outputs are dropped (run `npm run notebooks -- --inplace` afterwards), except with
// --keep-outputs: for a change that keeps every cell in place (formatting, a moved
// import), each code cell keeps the outputs it had; any other change is refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './lib/util.mjs';
import { percentToNotebook } from './lib/percent-notebook.mjs';
import { parseCommandLine } from './lib/args.mjs';

const usage = `
usage: node scripts/build-notebooks.mjs [--keep-outputs] [NN …]
Writes notebooks/NN-*.ipynb from notebooks/src/NN-*.ts (all, or those whose name starts with NN).
  --keep-outputs   keep each code cell's outputs (only when no cell was added, removed or moved)
`;
const { values, positionals: only } = parseCommandLine(usage, {
  options: { 'keep-outputs': { type: 'boolean', default: false } },
  allowPositionals: true,
});

/** Copies outputs cell by cell from the notebook being replaced; throws if the cells moved. */
function carryOutputs(nb, old, name) {
  const kinds = (n) => n.cells.map((c) => c.cell_type).join(',');
  if (kinds(nb) !== kinds(old)) {
    throw new Error(
      `${name}: cells were added, removed or reordered; --keep-outputs needs the same cells (re-run the notebook instead)`,
    );
  }
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== 'code') return;
    cell.outputs = old.cells[i].outputs;
    cell.execution_count = old.cells[i].execution_count;
  });
  nb.metadata = { ...old.metadata, ...nb.metadata };
}

const srcDir = path.join(root, 'notebooks', 'src');
for (const f of fs
  .readdirSync(srcDir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  if (only.length && !only.some((o) => f.startsWith(o))) continue;
  const nb = percentToNotebook(fs.readFileSync(path.join(srcDir, f), 'utf8'));
  const out = path.join(root, 'notebooks', f.replace(/\.ts$/, '.ipynb'));
  if (values['keep-outputs']) carryOutputs(nb, JSON.parse(fs.readFileSync(out, 'utf8')), f);
  fs.writeFileSync(out, JSON.stringify(nb, null, 1) + '\n');
  console.log(
    `${path.relative(root, out)}: ${nb.cells.length} cells${values['keep-outputs'] ? ', outputs kept' : ''}`,
  );
}
