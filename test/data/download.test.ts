// The download path against a loopback server serving a generated archive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { downloadFile, loadCifar10 } from '../../src/data';
import { listTree, serve, tempDir, writeCifarArchive } from './fixtures';

let work: string;
let archive: Uint8Array;
let md5: string;

before(async () => {
  work = tempDir('cnn-download-');
  archive = fs.readFileSync(await writeCifarArchive(work));
  md5 = createHash('md5').update(archive).digest('hex');
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

function freshCache(name: string): string {
  return path.join(work, name);
}

test('loadCifar10 downloads, verifies and unpacks into the cache, then reads it', async () => {
  const server = await serve(archive);
  const cacheDir = freshCache('ok');
  try {
    const d = await loadCifar10(undefined, { searchDirs: [], cacheDir, progress: false, source: { url: server.url, md5, size: archive.length } });
    assert.deepEqual(d.xTrain.shape, [50000, 32, 32, 3]);
    assert.equal(d.yTest[9], 9);
    // Only the finished folder remains: no archive, no temporary files.
    assert.deepEqual(fs.readdirSync(cacheDir), ['cifar-10-batches-bin']);
    assert.equal(fs.readdirSync(path.join(cacheDir, 'cifar-10-batches-bin')).length, 7);
    // A second load finds the cache and does not download again (the server is gone).
    await server.close();
    const again = await loadCifar10(undefined, { searchDirs: [], cacheDir, progress: false, source: { url: server.url } });
    assert.equal(again.yTrain.length, 50000);
  } finally {
    await server.close();
  }
});

test('a checksum mismatch fails with expected vs found md5 and leaves nothing behind', async () => {
  const server = await serve(archive);
  const cacheDir = freshCache('bad-md5');
  try {
    await assert.rejects(
      loadCifar10(undefined, { searchDirs: [], cacheDir, progress: false, source: { url: server.url, md5: '0'.repeat(32) } }),
      new RegExp(`md5 0{32} expected, ${md5} found .*Put data_batch_1\\.bin .* or set CIFAR10_DIR`),
    );
    assert.equal(fs.existsSync(cacheDir), false, `${cacheDir} left behind: ${listTree(cacheDir)}`);
  } finally {
    await server.close();
  }
});

test('an interrupted transfer fails and leaves nothing behind', async () => {
  const server = await serve(archive, { cutAfter: Math.floor(archive.length / 3) });
  const cacheDir = freshCache('cut');
  try {
    await assert.rejects(
      loadCifar10(undefined, { searchDirs: [], cacheDir, progress: false, source: { url: server.url, md5 } }),
      /could not be downloaded \(download http:\/\/127\.0\.0\.1:\d+\/cifar-10-binary\.tar\.gz: .*\)/,
    );
    assert.equal(fs.existsSync(cacheDir), false, `${cacheDir} left behind: ${listTree(cacheDir)}`);
  } finally {
    await server.close();
  }
});

test('a size mismatch is reported with expected and found bytes', async () => {
  const server = await serve(archive);
  const dest = path.join(freshCache('size'), 'a.tar.gz');
  fs.mkdirSync(path.dirname(dest));
  try {
    await assert.rejects(downloadFile(server.url, dest, { size: 170_052_171, progress: false }),
      new RegExp(`download a\\.tar\\.gz: 170,052,171 bytes expected, ${archive.length.toLocaleString('en-US')} found`));
    assert.deepEqual(listTree(path.dirname(dest)), []);
  } finally {
    await server.close();
  }
});

test('with no server reachable, one message says where to put the files', async () => {
  const server = await serve(archive);
  const url = server.url;
  await server.close(); // the port is now closed: connection refused
  const cacheDir = freshCache('offline');
  await assert.rejects(
    loadCifar10(undefined, { searchDirs: [], cacheDir, progress: false, source: { url } }),
    (e: Error) => {
      assert.match(e.message, /^CIFAR-10 binary files not found in .*offline.cifar-10-batches-bin and could not be downloaded \(download .*ECONNREFUSED.*\)\. Put data_batch_1\.bin \.\.\. data_batch_5\.bin and test_batch\.bin .* in .*data.cifar-10-batches-bin\/ or set CIFAR10_DIR/);
      return true;
    },
  );
  assert.equal(fs.existsSync(cacheDir), false, `${cacheDir} left behind: ${listTree(cacheDir)}`);
});
