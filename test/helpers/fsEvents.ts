// Records the calls that decide what survives a power cut: each fsync (by the path its
// descriptor was opened with) and each rename, made through Node's own fs module (so
// the library's calls are seen, not a copy's). For the durability tests.
import { mock } from 'node:test';
import assert from 'node:assert/strict';
import fs = require('node:fs');
import * as path from 'node:path';

export type Event = { op: 'fsync'; path: string } | { op: 'rename'; from: string; to: string };

/** Runs `body`, recording each fsync (by path) and rename made through `fs`. */
export async function record(body: () => Promise<void> | void): Promise<Event[]> {
  const events: Event[] = [];
  const open = new Map<number, string>();
  const { openSync, fsyncSync, renameSync } = fs;
  const spies = [
    mock.method(fs, 'openSync', (p: fs.PathLike, ...rest: [fs.OpenMode?]) => {
      const fd = openSync(p, ...rest);
      open.set(fd, path.resolve(String(p)));
      return fd;
    }),
    mock.method(fs, 'fsyncSync', (fd: number) => {
      fsyncSync(fd);
      events.push({ op: 'fsync', path: open.get(fd) ?? `fd ${fd}` });
    }),
    mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
      renameSync(from, to);
      events.push({ op: 'rename', from: path.resolve(String(from)), to: path.resolve(String(to)) });
    }),
  ];
  try {
    await body();
  } finally {
    for (const s of spies) s.mock.restore();
  }
  return events;
}

export const fsynced = (events: Event[], p: string) =>
  events.findIndex((e) => e.op === 'fsync' && e.path === p);
export const fsyncedAfter = (events: Event[], p: string, i: number) =>
  events.findIndex((e, j) => j > i && e.op === 'fsync' && e.path === p);

/**
 * Asserts that `target` (a file or a folder, as it is now) was published durably: renamed
 * into place from a temporary whose every file and folder was fsynced before that rename,
 * with the folder holding `target` fsynced after it. Returns the rename's index.
 */
export function assertPublishedDurably(events: Event[], target: string): number {
  let publish = -1;
  events.forEach((e, i) => {
    if (e.op === 'rename' && e.to === target) publish = i;
  });
  assert.ok(publish >= 0, `no rename to ${target} among ${events.length} calls`);
  const from = (events[publish] as { from: string }).from;
  const inside = fs.statSync(target).isDirectory()
    ? (fs.readdirSync(target, { recursive: true }) as string[]).map((p) => path.join(from, p))
    : [];
  for (const p of [from, ...inside]) {
    const i = fsynced(events, p);
    assert.ok(i >= 0 && i < publish, `${p} not fsynced before its rename to ${target}`);
  }
  const parent = path.dirname(target);
  assert.ok(
    fsyncedAfter(events, parent, publish) > publish,
    `${parent} not fsynced after the rename to ${target}`,
  );
  return publish;
}
