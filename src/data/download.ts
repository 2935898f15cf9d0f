// Verified, atomic downloads with the platform's own parts: Node's fetch, piped through
// a Transform that hashes and counts the bytes, into a temporary file beside the target
// (atomic.ts), which is checked (size, md5) and only then flushed and renamed into place.
// Any failure removes the temporary file, so an interrupted transfer leaves nothing behind.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { SingleBar } from 'cli-progress';
import { writeFileAtomicWith } from '../atomic';
import { formatCount } from './numbers';

export interface DownloadOptions {
  /** Expected md5 (hex) of the whole file. */
  md5?: string;
  /** Expected size in bytes. */
  size?: number;
  /** Show a progress bar on stderr. Default: true. */
  progress?: boolean;
  /** Give up when no byte arrives for this long (ms). Default 60,000. */
  timeoutMs?: number;
}

/**
 * Downloads `url` into `dest` (following redirects) and verifies it. `dest`
 * appears only once the whole file arrived and matched; on failure nothing is left.
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions = {},
): Promise<void> {
  if (!/^https?:/.test(url)) throw new Error(`download: http(s) URL expected, found ${url}`);
  const name = path.basename(dest);
  await writeFileAtomicWith(dest, async (tmp) => {
    const { bytes, md5 } = await fetchTo(url, tmp, options);
    if (options.size !== undefined && bytes !== options.size) {
      throw new Error(
        `download ${name}: ${formatCount(options.size)} bytes expected, ${formatCount(bytes)} found`,
      );
    }
    if (options.md5 !== undefined && md5 !== options.md5.toLowerCase()) {
      throw new Error(
        `download ${name}: md5 ${options.md5.toLowerCase()} expected, ${md5} found (corrupted or a different file)`,
      );
    }
  });
}

async function fetchTo(
  url: string,
  file: string,
  options: DownloadOptions,
): Promise<{ bytes: number; md5: string }> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  // An idle timeout, not a total one: restarted by every chunk that arrives.
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const wait = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => abort.abort(new Error(`download ${url}: no data for ${timeoutMs} ms`)),
      timeoutMs,
    );
  };
  let bar: SingleBar | undefined;
  let bytes = 0;
  try {
    wait();
    let res: Response;
    try {
      // identity: the bytes as stored (a .tar.gz must not be gunzipped on the way).
      res = await fetch(url, {
        signal: abort.signal,
        redirect: 'follow',
        headers: { 'accept-encoding': 'identity' },
      });
    } catch (e) {
      throw abort.signal.aborted ? abort.signal.reason : new Error(`download ${url}: ${why(e)}`);
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new Error(`download ${url}: HTTP 200 expected, ${res.status} found`);
    }
    // Content-Length counts the bytes as sent; if the server encoded them anyway, fetch
    // decodes them, and only the size and md5 asked for can judge what arrived.
    const encoded = !/^(identity)?$/i.test(res.headers.get('content-encoding') ?? '');
    const announced = encoded ? NaN : Number(res.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(announced) ? announced : (options.size ?? 0);
    bar = startBar(path.basename(url), total, options.progress ?? true);
    const hash = createHash('md5');
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        hash.update(chunk);
        bar?.update(bytes);
        wait();
        done(null, chunk);
      },
    });
    try {
      await pipeline(
        Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
        meter,
        fs.createWriteStream(file, { flags: 'wx' }),
      );
    } catch (e) {
      if (abort.signal.aborted) throw abort.signal.reason;
      // A file error (a full disk…) is the file's; anything else is the connection's.
      if ((e as NodeJS.ErrnoException).syscall)
        throw new Error(`download ${url}: ${(e as Error).message}`, { cause: e });
      throw new Error(`download ${url}: connection closed after ${formatCount(bytes)} bytes`, {
        cause: e,
      });
    }
    if (Number.isFinite(announced) && bytes !== announced) {
      throw new Error(
        `download ${url}: ${formatCount(announced)} bytes announced, ${formatCount(bytes)} received (interrupted)`,
      );
    }
    return { bytes, md5: hash.digest('hex') };
  } finally {
    clearTimeout(timer);
    bar?.stop();
  }
}

// fetch's own message is "fetch failed"; the reason (ECONNREFUSED, a bad certificate,
// too many redirects) is in its cause chain.
function why(e: unknown): string {
  let reason = e as (Error & { code?: string; errors?: Error[] }) | undefined;
  while (reason?.cause instanceof Error) reason = reason.cause as typeof reason;
  if (reason?.errors?.length) reason = reason.errors[0]; // one per address tried
  const message = reason?.message || reason?.code || String(e);
  return /redirect count exceeded/.test(message) ? 'too many redirects' : message;
}

function startBar(name: string, total: number, show: boolean): SingleBar | undefined {
  if (!show) return undefined;
  // Loaded when a bar is drawn, not on import (start-up, issue #13).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar(
    {
      format: `${name} [{bar}] {percentage}% {value}/{total} bytes, eta {eta}s`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
