// The peak resident memory of a process's descendants (the notebook runner's
// kernels), polled from /proc. Each poll sums VmRSS over the tree; VmHWM (a process's
// own high-water mark, kept by the kernel) covers a spike of one process between polls.
// Linux only: elsewhere `take()` gives null.
import * as fs from 'node:fs';

/** Descendants of `pid` (not `pid` itself), from every /proc/<n>/stat's parent id. */
function descendants(pid) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const found = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.pop();
    found.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return found;
}

function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Polls `pid`'s process tree every `everyMs`. `take()` returns the peak in MB since the
 * previous take (or the start) and starts a new window; `stop()` ends the polling.
 */
export function watchPeakMemory(pid, everyMs = 500) {
  if (!fs.existsSync('/proc/self/status')) return { take: () => null, stop() {} };
  let peakKb = 0;
  const poll = () => {
    let sum = 0;
    for (const p of descendants(pid)) {
      sum += statusKb(p, 'VmRSS');
      peakKb = Math.max(peakKb, statusKb(p, 'VmHWM'));
    }
    peakKb = Math.max(peakKb, sum);
  };
  const timer = setInterval(poll, everyMs);
  timer.unref();
  return {
    take() {
      poll();
      const mb = Math.round(peakKb / 1024);
      peakKb = 0;
      return mb;
    },
    stop: () => clearInterval(timer),
  };
}
