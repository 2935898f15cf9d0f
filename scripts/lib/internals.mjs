// The private tfjs and tslab internals the library relies on (src/internals.ts), checked in
// a child process. It runs the TypeScript source through tsx, so it works before dist/ is built.
import { spawnSync } from 'node:child_process';
import { root } from './util.mjs';

/** One {name, usedBy, ok, detail} per internal, or one failed row saying why none could be checked. */
export function probeInternals() {
  const code =
    "const { internalsReport } = require('./src/internals.ts');" +
    'console.log(JSON.stringify(internalsReport()));';
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  try {
    if (r.status === 0) return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    /* below */
  }
  const why =
    (r.stderr || '').split('\n').find((l) => /Error:/.test(l)) ??
    (r.stderr || '').trim().split('\n').pop();
  return [
    {
      name: 'src/internals.ts',
      usedBy: 'the library',
      ok: false,
      detail: `the checks did not run: ${why || r.error?.message || `exit ${r.status}`}`,
    },
  ];
}
