// Notebooks are written as TypeScript in the "percent" format (as jupytext
// uses): `// %%` starts a code cell, `// %% [markdown]` a markdown cell whose
// lines are `// `-comments. Reviewable diffs in git; the .ipynb is generated.
import { KERNEL_NAME } from './kernel.mjs';

export function percentToNotebook(source) {
  const cells = [];
  let current = null;
  const flush = () => {
    if (!current) return;
    while (current.lines.length && current.lines[current.lines.length - 1].trim() === '')
      current.lines.pop();
    while (current.lines.length && current.lines[0].trim() === '') current.lines.shift();
    if (current.lines.length) cells.push(makeCell(current.type, current.lines));
    current = null;
  };
  for (const line of source.split('\n')) {
    const marker = /^\/\/ %%(?:\s*\[(markdown)\])?\s*$/.exec(line);
    if (marker) {
      flush();
      current = { type: marker[1] ? 'markdown' : 'code', lines: [] };
    } else if (current) {
      current.lines.push(current.type === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
    }
  }
  flush();
  return {
    cells,
    metadata: {
      kernelspec: { name: KERNEL_NAME, display_name: 'TypeScript (tslab)', language: 'typescript' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

let counter = 0;
function makeCell(type, lines) {
  const source = lines.map((l, i) => (i < lines.length - 1 ? l + '\n' : l));
  counter += 1;
  const id = `cell-${counter.toString(36)}`;
  return type === 'markdown'
    ? { cell_type: 'markdown', id, metadata: {}, source }
    : { cell_type: 'code', id, execution_count: null, metadata: {}, outputs: [], source };
}
