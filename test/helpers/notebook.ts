// Runs a percent-format notebook through the real tslab kernel (nbclient),
// returning the executed notebook for assertions.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
export interface ExecutedNotebook {
  cells: { cell_type: string; outputs?: Output[]; source: string | string[] }[];
  metadata: { kernelspec?: { name: string } };
}

export async function runPercentNotebook(
  source: string,
  name: string,
  env: Record<string, string> = {},
) {
  const { percentToNotebook } = await import(
    path.join(root, 'scripts', 'lib', 'percent-notebook.mjs')
  );
  const dir = path.join(root, 'build', 'test');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(percentToNotebook(source)));
  const out = path.join(dir, 'out');
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'run-notebooks.mjs'), '--out', out, '--cell-timeout', '600', file],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
  const executed = JSON.parse(
    fs.readFileSync(path.join(out, `${name}.ipynb`), 'utf8'),
  ) as ExecutedNotebook;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, notebook: executed };
}

export function outputsOf(nb: ExecutedNotebook): Output[] {
  return nb.cells.flatMap((c) => c.outputs ?? []);
}

export function textOf(o: Output): string {
  return Array.isArray(o.text) ? o.text.join('') : (o.text ?? '');
}
