// Small generated inputs for the data tests: IDX and CIFAR-10 files, archives,
// and a loopback HTTP server. Everything lives in a fresh temporary folder.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { c as createTar } from 'tar';

export function tempDir(prefix = 'cnn-data-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** IDX bytes for uint8 data of `shape` (type code 0x08). */
export function idxBytes(shape: number[], data: Uint8Array): Uint8Array {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** Writes the four MNIST files with n tiny images each of h x w (pixel = (i + r + c) % 256). */
export function writeMnistFixture(dir: string, n = 5, h = 4, w = 3): void {
  const images = Uint8Array.from(
    { length: n * h * w },
    (_, k) => (Math.floor(k / (h * w)) + k) % 256,
  );
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  for (const prefix of ['train', 't10k']) {
    fs.writeFileSync(path.join(dir, `${prefix}-images-idx3-ubyte`), idxBytes([n, h, w], images));
    fs.writeFileSync(path.join(dir, `${prefix}-labels-idx1-ubyte`), idxBytes([n], labels));
  }
}

/**
 * CIFAR-10 records: record i has label `labelOf(i)` and planes filled with
 * R = (i + r*32 + c) % 256, G = R ^ 0x55, B = 255 - R (distinct per channel).
 */
export function cifarRecords(
  n: number,
  labelOf: (i: number) => number = (i) => i % 10,
): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    const o = i * 3073;
    out[o] = labelOf(i);
    for (let p = 0; p < 1024; p++) {
      const v = (i + p) % 256;
      out[o + 1 + p] = v;
      out[o + 1 + 1024 + p] = v ^ 0x55;
      out[o + 1 + 2048 + p] = 255 - v;
    }
  }
  return out;
}

export const CIFAR_NAMES = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
  'test_batch.bin',
];

/** A full-size cifar-10-batches-bin folder (6 x 10,000 records) inside `parent`. */
export function writeCifarFolder(parent: string): string {
  const dir = path.join(parent, 'cifar-10-batches-bin');
  fs.mkdirSync(dir, { recursive: true });
  const batch = cifarRecords(10_000);
  for (const name of CIFAR_NAMES) fs.writeFileSync(path.join(dir, name), batch);
  fs.writeFileSync(
    path.join(dir, 'batches.meta.txt'),
    'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n',
  );
  return dir;
}

/** cifar-10-binary.tar.gz built like the official one (top folder cifar-10-batches-bin/). */
export async function writeCifarArchive(parent: string): Promise<string> {
  const src = tempDir('cnn-cifar-src-');
  writeCifarFolder(src);
  const file = path.join(parent, 'cifar-10-binary.tar.gz');
  await createTar({ gzip: true, file, cwd: src }, ['cifar-10-batches-bin']);
  fs.rmSync(src, { recursive: true, force: true });
  return file;
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `body` on 127.0.0.1 at every path. With `cutAfter`, announces the full
 * length but drops the connection after that many bytes (an interrupted transfer).
 */
export async function serve(
  body: Uint8Array,
  options: { cutAfter?: number } = {},
): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Length': body.length, 'Content-Type': 'application/gzip' });
    if (options.cutAfter === undefined) return res.end(body);
    res.write(body.subarray(0, options.cutAfter), () =>
      setTimeout(() => res.socket?.destroy(), 20),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cifar-10-binary.tar.gz`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every file and folder under `dir`, relative, sorted. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

/** The real CIFAR-10 folder when CIFAR10_DIR names one, else a skip message. */
export function realCifarDir(): { dir?: string; skip: string | false } {
  const dir = process.env.CIFAR10_DIR;
  if (dir && fs.existsSync(path.join(dir, 'test_batch.bin'))) return { dir, skip: false };
  return {
    skip: 'real CIFAR-10 files absent: set CIFAR10_DIR to a cifar-10-batches-bin folder to run this test',
  };
}
