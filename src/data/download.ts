// Verified, atomic downloads: bytes go to a temporary file beside the target,
// are checked (size, md5) and only then renamed into place. Any failure removes
// the temporary file, so an interrupted transfer leaves nothing behind.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
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
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<void> {
  const tmp = temporaryPath(dest);
  try {
    const { bytes, md5 } = await fetchTo(url, tmp, options, 5);
    const name = path.basename(dest);
    if (options.size !== undefined && bytes !== options.size) {
      throw new Error(`download ${name}: ${formatCount(options.size)} bytes expected, ${formatCount(bytes)} found`);
    }
    if (options.md5 !== undefined && md5 !== options.md5.toLowerCase()) {
      throw new Error(`download ${name}: md5 ${options.md5.toLowerCase()} expected, ${md5} found (corrupted or a different file)`);
    }
    fs.renameSync(tmp, dest);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** A unique name beside `file`, hidden, so a rename to `file` is atomic. */
export function temporaryPath(file: string): string {
  const rand = Math.random().toString(36).slice(2, 10);
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${rand}.partial`);
}

function fetchTo(url: string, file: string, options: DownloadOptions, redirects: number): Promise<{ bytes: number; md5: string }> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : url.startsWith('http:') ? http : undefined;
    if (!client) return reject(new Error(`download: http(s) URL expected, found ${url}`));
    const req = client.get(url, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects <= 0) return reject(new Error(`download ${url}: too many redirects`));
        const next = new URL(res.headers.location, url).toString();
        return fetchTo(next, file, options, redirects - 1).then(resolve, reject);
      }
      if (status !== 200) {
        res.resume();
        return reject(new Error(`download ${url}: HTTP 200 expected, ${status} found`));
      }
      const announced = Number(res.headers['content-length'] ?? NaN);
      const total = Number.isFinite(announced) ? announced : options.size ?? 0;
      const bar = startBar(path.basename(url), total, options.progress ?? true);
      const hash = createHash('md5');
      const out = fs.createWriteStream(file);
      let bytes = 0;
      let failure: Error | undefined;
      const fail = (e: Error) => {
        failure ??= e;
        res.destroy();
        out.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
        bar?.update(bytes);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(new Error(`download ${url}: connection closed after ${formatCount(bytes)} bytes`)));
      out.on('error', fail);
      // Settle only once the file is closed, so the caller's clean-up cannot race its creation.
      out.on('close', () => {
        bar?.stop();
        if (failure) return reject(failure);
        if (Number.isFinite(announced) && bytes !== announced) {
          return reject(new Error(`download ${url}: ${formatCount(announced)} bytes announced, ${formatCount(bytes)} received (interrupted)`));
        }
        resolve({ bytes, md5: hash.digest('hex') });
      });
      res.pipe(out);
    });
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`download ${url}: no data for ${options.timeoutMs ?? 60_000} ms`)));
    req.on('error', (e) => reject(new Error(`download ${url}: ${e.message}`)));
  });
}

function startBar(name: string, total: number, show: boolean): SingleBar | undefined {
  if (!show) return undefined;
  const bar = new SingleBar(
    { format: `${name} [{bar}] {percentage}% {value}/{total} bytes, eta {eta}s`, noTTYOutput: true, notTTYSchedule: 5000 },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
