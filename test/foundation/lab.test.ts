import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { root } from '../helpers/notebook';
import { freePort, waitFor } from '../helpers/ports';

test('npm run lab serves the notebook list on 127.0.0.1 with token auth and the tslab kernel', async () => {
  const port = await freePort();
  const token = randomBytes(12).toString('hex');
  const lab = spawn(
    process.execPath,
    [
      path.join(root, 'scripts', 'lab.mjs'),
      '--no-browser',
      `--port=${port}`,
      `--IdentityProvider.token=${token}`,
    ],
    {
      cwd: root,
      stdio: 'ignore',
      detached: true,
    },
  );
  const api = (p: string, withToken = true) =>
    fetch(`http://127.0.0.1:${port}${p}`, {
      headers: withToken ? { Authorization: `token ${token}` } : {},
    });
  try {
    await waitFor(async () => (await api('/api/status')).ok, 60_000, 'JupyterLab to answer');
    assert.equal(
      (await api('/api/contents', false)).status,
      403,
      'API refuses requests without the token',
    );
    const contents = (await (await api('/api/contents')).json()) as { content: { name: string }[] };
    assert.ok(
      contents.content.some((f) => f.name === 'README.md'),
      'lists notebooks/ (its README)',
    );
    const specs = (await (await api('/api/kernelspecs')).json()) as {
      default: string;
      kernelspecs: Record<string, unknown>;
    };
    assert.ok(
      'tslab-cnn' in specs.kernelspecs,
      `tslab-cnn kernel registered: ${Object.keys(specs.kernelspecs)}`,
    );
    // A notebook made with "New" starts on the project's TypeScript kernel, not Python 3.
    assert.equal(specs.default, 'tslab-cnn', 'default kernel of a new notebook');
    assert.equal((await fetch(`http://127.0.0.1:${port}/lab?token=${token}`)).status, 200);
  } finally {
    process.kill(-lab.pid!, 'SIGTERM');
  }
});
