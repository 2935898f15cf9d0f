// Where datasets live on disk. The repository root is two levels above this
// file both in src/data/ (tsx, tests) and in dist/data/ (compiled).
import * as path from 'node:path';

/** The repository root (the folder holding package.json). */
export const repoRoot: string = path.resolve(__dirname, '..', '..');

/** <repo>/data: shipped assets and, under cache/, downloads (git-ignored). */
export const dataDir: string = path.join(repoRoot, 'data');

/** <repo>/data/cache: downloaded datasets. */
export const cacheDir: string = path.join(dataDir, 'cache');
