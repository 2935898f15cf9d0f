// CIFAR-10 as Keras's `cifar10.load_data()` gives it: uint8 images [N, 32, 32, 3]
// channels-last, labels 0-9. Read from the official "binary version" files, found
// on disk or downloaded once (verified, atomic) into the git-ignored cache.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeDirAtomic } from '../atomic';
import { CIFAR_PIXELS, checkCifarFileSize, decodeCifarRecords, readCifarFile } from './cifar';
import { downloadFile } from './download';
import { Images } from './images';
import type { Dataset } from './mnist';
import { cacheDir as defaultCacheDir, dataDir } from './paths';

export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';
const RECORDS_PER_FILE = 10_000;
const FOLDER = 'cifar-10-batches-bin';

/** The official archive (https://www.cs.toronto.edu/~kriz/cifar.html, "CIFAR-10 binary version"). */
export const CIFAR10_SOURCE = {
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
  size: 170_052_171,
};

export interface Cifar10Dataset extends Dataset {
  classNames: string[];
}

export interface Cifar10Options {
  /** Folders tried in order when no `dir` is given. Default: $CIFAR10_DIR, then <repo>/data/cifar-10-batches-bin. */
  searchDirs?: string[];
  /** Where downloads go (as <cacheDir>/cifar-10-batches-bin). Default <repo>/data/cache. */
  cacheDir?: string;
  /** Download when no folder holds the files. Default true. */
  download?: boolean;
  /** The archive to download: URL, md5 and size (defaults to the official one). */
  source?: { url: string; md5?: string; size?: number };
  /** Show a download progress bar. Default true. */
  progress?: boolean;
}

/** The default folders searched, in order. */
export function cifar10SearchDirs(): string[] {
  const env = process.env.CIFAR10_DIR;
  return [...(env ? [env] : []), path.join(dataDir, FOLDER)];
}

/**
 * Loads CIFAR-10: 50,000 training and 10,000 test images (uint8 [N, 32, 32, 3])
 * with labels (Uint8Array [N]) and the ten class names. Looks in `dir` if given
 * (and only there), else in $CIFAR10_DIR, <repo>/data/cifar-10-batches-bin and the
 * download cache; downloads the official archive when none holds the files.
 */
export async function loadCifar10(
  dir?: string,
  options: Cifar10Options = {},
): Promise<Cifar10Dataset> {
  return readCifar10(await locateCifar10(dir, options));
}

/** The folder holding the six batch files, downloading them if needed (see loadCifar10). */
export async function locateCifar10(dir?: string, options: Cifar10Options = {}): Promise<string> {
  if (dir !== undefined) {
    if (!hasCifar10Files(dir)) throw new Error(`CIFAR-10: folder ${dir} ${missingText(dir)}`);
    return dir;
  }
  const cache = path.join(options.cacheDir ?? defaultCacheDir, FOLDER);
  const candidates = [...(options.searchDirs ?? cifar10SearchDirs()), cache];
  const found = candidates.find(hasCifar10Files);
  if (found) return found;
  if (options.download === false)
    throw new Error(notFoundMessage(candidates, 'downloading is switched off'));
  try {
    await downloadCifar10(cache, options);
  } catch (e) {
    throw new Error(notFoundMessage(candidates, (e as Error).message));
  }
  return cache;
}

/**
 * True when `dir` holds all six batch files; false when it holds none of them
 * (or does not exist). A folder with only some of them is an error.
 */
export function hasCifar10Files(dir: string): boolean {
  const names = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE];
  const present = names.filter((n) => fs.existsSync(path.join(dir, n)));
  if (present.length === names.length) return true;
  if (present.length === 0) return false;
  throw new Error(
    `CIFAR-10: folder ${dir} ${missingText(dir)} (an incomplete copy? nothing was changed)`,
  );
}

/** Reads the six batch files of `dir` (no searching, no download). */
export function readCifar10(dir: string): Cifar10Dataset {
  const train = readBatches(dir, CIFAR10_TRAIN_FILES);
  const test = readBatches(dir, [CIFAR10_TEST_FILE]);
  return {
    xTrain: train.images,
    yTrain: train.labels,
    xTest: test.images,
    yTest: test.labels,
    classNames: [...CIFAR10_CLASSES],
  };
}

/** Downloads and unpacks the archive into `target` (a folder that must not exist yet). */
export async function downloadCifar10(
  target: string,
  options: Pick<Cifar10Options, 'source' | 'progress'> = {},
): Promise<void> {
  const source = options.source ?? CIFAR10_SOURCE;
  // Publishing replaces `target`: never a folder that holds something.
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new Error(`CIFAR-10: ${target} already exists and is not empty (nothing was downloaded)`);
  }
  const parent = path.dirname(target);
  const created = fs.mkdirSync(parent, { recursive: true });
  // Everything happens in a private temporary folder beside the target; the
  // finished folder is renamed into place, so a failure leaves no half copy.
  const work = fs.mkdtempSync(path.join(parent, '.cifar-10-download-'));
  try {
    const archive = path.join(work, 'cifar-10-binary.tar.gz');
    await downloadFile(source.url, archive, {
      md5: source.md5,
      size: source.size,
      progress: options.progress,
    });
    const wanted = new Set(
      [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE, 'batches.meta.txt'].map((n) => `${FOLDER}/${n}`),
    );
    // tar is loaded here, not on import: only a download unpacks (start-up, issue #13).
    const { x: extractTar } = await import('tar');
    await extractTar({
      file: archive,
      cwd: work,
      filter: (p) => wanted.has(p.replace(/^\.\//, '')) || p.replace(/^\.\//, '') === `${FOLDER}/`,
    });
    const unpacked = path.join(work, FOLDER);
    if (!fs.existsSync(unpacked) || !hasCifar10Files(unpacked)) {
      throw new Error(`archive ${source.url} holds no ${FOLDER}/ folder with the six batch files`);
    }
    // Check every file's size before publishing the folder.
    for (const n of [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE])
      checkCifarFileSize(path.join(unpacked, n), RECORDS_PER_FILE);
    // Published through atomic.ts: moved (not copied) into its temporary folder, flushed to
    // disk, renamed into place, so not even a power cut can leave a folder of empty files.
    await writeDirAtomic(target, async (tmp) => {
      for (const n of fs.readdirSync(unpacked))
        fs.renameSync(path.join(unpacked, n), path.join(tmp, n));
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    // A failed first download should not even leave the empty cache folder it made.
    if (created && !fs.existsSync(target)) removeEmptyUpTo(parent, created);
  }
}

function removeEmptyUpTo(dir: string, top: string): void {
  for (let d = dir; d.startsWith(top); d = path.dirname(d)) {
    if (fs.readdirSync(d).length > 0) return;
    fs.rmdirSync(d);
    if (d === top) return;
  }
}

function readBatches(dir: string, names: string[]): { images: Images; labels: Uint8Array } {
  const n = names.length * RECORDS_PER_FILE;
  // One allocation for the whole split: each file is decoded straight into it.
  const images = new Uint8Array(n * 3 * CIFAR_PIXELS);
  const labels = new Uint8Array(n);
  names.forEach((name, i) => {
    const bytes = readCifarFile(path.join(dir, name), RECORDS_PER_FILE);
    decodeCifarRecords(bytes, name, images, labels, i * RECORDS_PER_FILE);
  });
  return { images: new Images(images, [n, 32, 32, 3]), labels };
}

function missingText(dir: string): string {
  const missing = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE].filter(
    (n) => !fs.existsSync(path.join(dir, n)),
  );
  return `is missing ${missing.join(', ')} (6 batch files expected, ${6 - missing.length} found)`;
}

function notFoundMessage(searched: string[], why: string): string {
  return (
    `CIFAR-10 binary files not found in ${searched.join(', ')} and could not be downloaded (${why}). ` +
    `Put data_batch_1.bin ... data_batch_5.bin and test_batch.bin (from cifar-10-binary.tar.gz, ${CIFAR10_SOURCE.url}) ` +
    `in ${path.join(dataDir, FOLDER)}${path.sep} or set CIFAR10_DIR to the folder holding them.`
  );
}
