// Interrupting a running cell is a learner's own stop, not a crash: the cell says so in
// one calm line (our tslab patch, patches/), with no error text and no stack frames.
// Driven through jupyter_client against the real tslab kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const python = path.join(root, '.venv', 'bin', 'python');

// Starts the project's kernel, runs `code`, interrupts it after `after` seconds, and
// prints the cell's iopub outputs and reply status as JSON.
const driver = `
import json, os, sys, time
from jupyter_client.manager import start_new_kernel
code, after = sys.argv[1], float(sys.argv[2])
km, kc = start_new_kernel(kernel_name='tslab-cnn')
try:
    msg_id = kc.execute(code)
    time.sleep(after)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=60)
    while reply['parent_header'].get('msg_id') != msg_id:
        reply = kc.get_shell_msg(timeout=60)
    outputs = []
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if m['parent_header'].get('msg_id') != msg_id:
            continue
        t = m['msg_type']
        if t == 'status' and m['content']['execution_state'] == 'idle':
            break
        if t in ('stream', 'error', 'display_data', 'execute_result'):
            outputs.append({'type': t, **m['content']})
    # A cell sent the instant the kernel goes idle after an interrupt can lose its output
    # (tslab, with or without our patch); a learner's next click is never that fast.
    time.sleep(1)
    next_id = kc.execute('console.log(6 * 7)')
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if m['parent_header'].get('msg_id') != next_id:
            continue
        if m['msg_type'] == 'stream':
            outputs.append({'type': 'next', **m['content']})
        if m['msg_type'] == 'status' and m['content']['execution_state'] == 'idle':
            break
    print(json.dumps({'status': reply['content'].get('status'), 'outputs': outputs}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
`;

test('an interrupted cell says so in one calm line, without an error or a stack trace', () => {
  const code = 'await new Promise((resolve) => setTimeout(resolve, 120_000));';
  const r = spawnSync(python, ['-c', driver, code, '4'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 150_000,
    env: {
      ...process.env,
      JUPYTER_PLATFORM_DIRS: '1',
      JUPYTER_PATH: path.join(root, '.venv', 'share', 'jupyter'),
    },
  });
  assert.equal(r.status, 0, `driver failed: ${r.stderr.slice(-2000)}`);
  const { outputs } = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    outputs: { type: string; name?: string; text?: string; ename?: string }[];
  };
  const cell = outputs.filter((o) => o.type !== 'next');
  const text = cell.map((o) => o.text ?? `${o.ename}`).join('');
  assert.deepEqual(
    cell.map((o) => `${o.type}:${o.name ?? ''}`),
    ['stream:stdout'],
    `one stdout line expected, found ${JSON.stringify(cell)}`,
  );
  assert.match(text, /^Stopped: the kernel was interrupted\.\n?$/);
  assert.doesNotMatch(text, /Error|\bat .*\.js:\d+/);
  assert.ok(
    outputs.some((o) => o.type === 'next' && /42/.test(o.text ?? '')),
    'the kernel answers the next cell',
  );
});
