// The layer rule of ARCHITECTURE.md: a module imports only from its own layer or the
// layers below it. Reads every import in src/ and names each one that points up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const src = path.resolve(__dirname, '..', '..', 'src');

/** Bottom to top; index.ts, the front door, sits above them all. */
export const LAYERS: string[][] = [
  [
    'backend.ts',
    'config.ts',
    'figure.ts',
    'display.ts',
    'atomic.ts',
    'validate.ts',
    'errors.ts',
    'internals.ts',
  ],
  ['data'],
  ['plot'],
  ['models'],
  ['optimizers', 'kernels'],
  ['graph'],
  ['train'],
  ['viz'],
  ['index.ts'],
];

function layerOf(file: string): number {
  const top = path.relative(src, file).split(path.sep)[0];
  const i = LAYERS.findIndex((names) => names.includes(top));
  if (i < 0)
    throw new Error(
      `${path.relative(src, file)}: not in any layer of test/architecture/layers.test.ts`,
    );
  return i;
}

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** Relative imports and re-exports of a file, resolved to files under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)|require\('(\.[^']+)'\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
  return specs.map((s) => {
    const base = path.resolve(path.dirname(file), s);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (!hit) throw new Error(`${path.relative(src, file)}: import '${s}' does not resolve`);
    return hit;
  });
}

export function upwardImports(): string[] {
  const found: string[] = [];
  for (const file of sources(src)) {
    for (const target of importsOf(file)) {
      if (layerOf(target) > layerOf(file))
        found.push(`${path.relative(src, file)} imports ${path.relative(src, target)}`);
    }
  }
  return found;
}

test('no module in src/ imports from a layer above its own', () => {
  assert.deepEqual(upwardImports(), []);
});

test('every file and folder of src/ belongs to a layer', () => {
  for (const e of fs.readdirSync(src)) layerOf(path.join(src, e));
});
