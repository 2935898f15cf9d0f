#!/usr/bin/env node
// node scripts/add-twins.mjs [--force] [notebook.ipynb …]
// Adds a static image/png twin beside every Plotly chart of already-executed notebooks,
// without running them (the runner does the same after each notebook it saves).
import { parseCommandLine } from './lib/args.mjs';
import { notebookFiles } from './lib/notebook-files.mjs';
import { addTwinsToFiles } from './lib/notebook-twins.mjs';

const usage = `
usage: node scripts/add-twins.mjs [--force] [notebook.ipynb …]
Draws each Plotly output of the notebooks (default: every notebooks/NN-*.ipynb) as a PNG
in headless Chromium and stores it in the same output bundle; nothing else in the file changes.
  --force   redraw twins that are already there
`;
const { values, positionals } = parseCommandLine(usage, {
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false } },
});
const files = notebookFiles(positionals, 'add-twins.mjs');
await addTwinsToFiles(files, { force: values.force, log: console.log });
