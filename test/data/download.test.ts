// The download path against a loopback server serving a generated archive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { downloadFile, loadCifar10 } from '../../src/data';
import { listTree, serve, tempDir, writeCifarArchive } from './fixtures';
import { assertPublishedDurably, record } from '../helpers/fsEvents';

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
    let d: Awaited<ReturnType<typeof loadCifar10>> | undefined;
    const events = await record(async () => {
      d = await loadCifar10(undefined, {
        searchDirs: [],
        cacheDir,
        progress: false,
        source: { url: server.url, md5, size: archive.length },
      });
    });
    assert.ok(d);
    // Published durably: the six batch files on disk before the folder's name is.
    assertPublishedDurably(events, path.join(cacheDir, 'cifar-10-batches-bin'));
    assert.deepEqual(d.xTrain.shape, [50000, 32, 32, 3]);
    assert.equal(d.yTest[9], 9);
    // Only the finished folder remains: no archive, no temporary files.
    assert.deepEqual(fs.readdirSync(cacheDir), ['cifar-10-batches-bin']);
    assert.equal(fs.readdirSync(path.join(cacheDir, 'cifar-10-batches-bin')).length, 7);
    // A second load finds the cache and does not download again (the server is gone).
    await server.close();
    const again = await loadCifar10(undefined, {
      searchDirs: [],
      cacheDir,
      progress: false,
      source: { url: server.url },
    });
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
      loadCifar10(undefined, {
        searchDirs: [],
        cacheDir,
        progress: false,
        source: { url: server.url, md5: '0'.repeat(32) },
      }),
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
      loadCifar10(undefined, {
        searchDirs: [],
        cacheDir,
        progress: false,
        source: { url: server.url, md5 },
      }),
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
    await assert.rejects(
      downloadFile(server.url, dest, { size: 170_052_171, progress: false }),
      new RegExp(
        `download a\\.tar\\.gz: 170,052,171 bytes expected, ${archive.length.toLocaleString('en-US')} found`,
      ),
    );
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
      assert.match(
        e.message,
        /^CIFAR-10 binary files not found in .*offline.cifar-10-batches-bin and could not be downloaded \(download .*ECONNREFUSED.*\)\. Put data_batch_1\.bin \.\.\. data_batch_5\.bin and test_batch\.bin .* in .*data.cifar-10-batches-bin\/ or set CIFAR10_DIR/,
      );
      return true;
    },
  );
  assert.equal(fs.existsSync(cacheDir), false, `${cacheDir} left behind: ${listTree(cacheDir)}`);
});

// Cases the move to fetch could change: redirects, content encoding, a stalled or cut
// transfer, an HTTP error. Each against a loopback server with its own handler.

/** A loopback server answering every request with `handler`. */
async function serveWith(
  handler: http.RequestListener,
): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('redirects are followed to the file; a redirect loop fails naming the URL', async () => {
  const server = await serveWith((req, res) => {
    if (req.url === '/start') res.writeHead(302, { Location: '/moved/file.tar.gz' }).end();
    else if (req.url === '/loop') res.writeHead(301, { Location: '/loop' }).end();
    else res.writeHead(200, { 'Content-Length': archive.length }).end(archive);
  });
  const dir = freshCache('redirect');
  fs.mkdirSync(dir);
  try {
    await downloadFile(`${server.base}/start`, path.join(dir, 'a.tar.gz'), {
      md5,
      size: archive.length,
      progress: false,
    });
    assert.ok(fs.readFileSync(path.join(dir, 'a.tar.gz')).equals(archive));
    await assert.rejects(
      downloadFile(`${server.base}/loop`, path.join(dir, 'b.tar.gz'), { progress: false }),
      new RegExp(`^Error: download ${escapeRe(server.base)}/loop: too many redirects$`),
    );
    assert.deepEqual(listTree(dir), ['a.tar.gz']);
  } finally {
    await server.close();
  }
});

test('the bytes are saved as stored: no compression is asked for on the way', async () => {
  // Like a server compressing on demand: gzip when the client accepts it, with the
  // compressed length. fetch would undo the gzip and the count would not match.
  const asked: (string | undefined)[] = [];
  const server = await serveWith((req, res) => {
    asked.push(req.headers['accept-encoding']);
    const gzip = /gzip/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? zlib.gzipSync(archive) : archive;
    res.writeHead(200, {
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  const dir = freshCache('encoding');
  fs.mkdirSync(dir);
  try {
    await downloadFile(`${server.base}/a.tar.gz`, path.join(dir, 'a.tar.gz'), {
      md5,
      size: archive.length,
      progress: false,
    });
    assert.deepEqual(asked, ['identity']);
    assert.ok(fs.readFileSync(path.join(dir, 'a.tar.gz')).equals(archive));
  } finally {
    await server.close();
  }
});

test('a server that labels a .gz file as gzip-encoded: fetch decodes it, and the md5 check catches it', async () => {
  // The stored .gz sent as is but labelled "Content-Encoding: gzip" (a common server
  // setting for .gz files): fetch gunzips it on the way. The old http.get code saved it as sent.
  const stored = zlib.gzipSync(Buffer.from('a small archive\n'.repeat(100)));
  const storedMd5 = createHash('md5').update(stored).digest('hex');
  const server = await serveWith((_req, res) => {
    res.writeHead(200, { 'Content-Length': stored.length, 'Content-Encoding': 'gzip' }).end(stored);
  });
  const dir = freshCache('forced-encoding');
  fs.mkdirSync(dir);
  try {
    await assert.rejects(
      downloadFile(`${server.base}/a.gz`, path.join(dir, 'a.gz'), {
        md5: storedMd5,
        progress: false,
      }),
      new RegExp(`^Error: download a\\.gz: md5 ${storedMd5} expected, [0-9a-f]{32} found`),
    );
    assert.deepEqual(listTree(dir), []);
  } finally {
    await server.close();
  }
});

test('a connection closed mid-body, a stalled one and an HTTP error each fail naming the URL and leave nothing', async () => {
  const server = await serveWith((req, res) => {
    if (req.url === '/missing') return res.writeHead(404).end('not here');
    res.writeHead(200, { 'Content-Length': archive.length });
    // /cut: 64 KiB then the connection drops; /stall: 64 KiB then nothing more.
    res.write(archive.subarray(0, 65536), () => {
      if (req.url === '/cut') setTimeout(() => res.socket?.destroy(), 20);
    });
  });
  const dir = freshCache('failures');
  fs.mkdirSync(dir);
  const dest = path.join(dir, 'a.tar.gz');
  try {
    await assert.rejects(
      downloadFile(`${server.base}/cut`, dest, { progress: false }),
      new RegExp(
        `^Error: download ${escapeRe(server.base)}/cut: connection closed after [\\d,]+ bytes$`,
      ),
    );
    await assert.rejects(
      downloadFile(`${server.base}/stall`, dest, { progress: false, timeoutMs: 300 }),
      new RegExp(`^Error: download ${escapeRe(server.base)}/stall: no data for 300 ms$`),
    );
    await assert.rejects(
      downloadFile(`${server.base}/missing`, dest, { progress: false }),
      new RegExp(
        `^Error: download ${escapeRe(server.base)}/missing: HTTP 200 expected, 404 found$`,
      ),
    );
    assert.deepEqual(listTree(dir), []);
  } finally {
    await server.close();
  }
});

test('the timeout is for silence, not for the whole transfer: a slow steady server completes', async () => {
  const body = archive.subarray(0, 8 * 1024);
  const server = await serveWith((_req, res) => {
    res.writeHead(200, { 'Content-Length': body.length });
    let i = 0; // 8 chunks, one every 100 ms: 800 ms in all, never 300 ms of silence
    const next = () => {
      res.write(body.subarray(i * 1024, (i + 1) * 1024));
      if (++i < 8) setTimeout(next, 100);
      else res.end();
    };
    next();
  });
  const dir = freshCache('slow');
  fs.mkdirSync(dir);
  try {
    await downloadFile(`${server.base}/slow.bin`, path.join(dir, 'slow.bin'), {
      size: body.length,
      progress: false,
      timeoutMs: 300,
    });
    assert.ok(fs.readFileSync(path.join(dir, 'slow.bin')).equals(body));
  } finally {
    await server.close();
  }
});
