// Interrupting a running cell is a learner's own stop, not a crash: the cell says so in
// one calm line (our tslab patch, patches/), with no error text and no stack frames.
// Driven through jupyter_client against the real tslab kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInterrupted } from '../helpers/kernel';

test('an interrupted cell says so in one calm line, without an error or a stack trace', () => {
  const code = 'await new Promise((resolve) => setTimeout(resolve, 120_000));';
  const { outputs } = runInterrupted(code, 4);
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
