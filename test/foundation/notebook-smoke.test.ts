import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputsOf, root, runPercentNotebook, textOf } from '../helpers/notebook';

test('a smoke notebook runs through the real tslab kernel and shows a PNG', async () => {
  const source = fs.readFileSync(path.join(root, 'test', 'fixtures', 'smoke.ts'), 'utf8');
  const { status, stdout, notebook } = await runPercentNotebook(source, 'smoke');
  assert.equal(status, 0, stdout);
  const outputs = outputsOf(notebook);
  assert.deepEqual(
    outputs.filter((o) => o.output_type === 'error'),
    [],
  );
  assert.equal(
    outputs
      .filter((o) => o.name === 'stderr')
      .map(textOf)
      .join(''),
    '',
    'no stderr output in cells',
  );
  const info = JSON.parse(textOf(outputs[0]));
  assert.equal(info.backend, 'tensorflow');
  const png = outputs.find((o) => o.data?.['image/png']);
  assert.ok(png, 'a PNG output');
  const bytes = Buffer.from(png!.data!['image/png'] as string, 'base64');
  assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.equal(bytes.readUInt32BE(16), 40);
  assert.equal(notebook.metadata.kernelspec?.name, 'tslab-cnn');
  // src/internals.ts's check of tslab's display writer, run where the writer exists.
  const writer = outputs.map(textOf).find((t) => t.includes('"tslab lastWriteDisplayData"'));
  assert.ok(writer, "the check of tslab's display writer printed its status");
  const check = JSON.parse(writer);
  assert.ok(check.ok, check.detail);
  assert.match(check.detail, /inside a running kernel cell/);
});
