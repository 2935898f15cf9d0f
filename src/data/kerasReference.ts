// The notebooks' way to ask for a training cell's Keras reference: the band when the
// reference runs were made for this mode, one calm line instead of an error when not yet
// (the training runs either way; the chart then has no band).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isQuick } from '../config';
import { fail } from '../validate';
import { repoRoot } from './paths';
import {
  loadReference,
  referenceCommand,
  referenceCases,
  referenceDir,
  type KerasReference,
  type ReferenceMode,
} from './reference';

/**
 * Keras's runs of the training cell `caseId` (see notebooks/reference/cases.json) in this
 * run mode, and one line saying what they are; `undefined`, with a line saying how to make
 * them, when they have not been made yet. A case that does not exist is an error.
 */
export function kerasReference(caseId: string, mode?: ReferenceMode): KerasReference | undefined {
  const m: ReferenceMode = mode ?? (isQuick() ? 'quick' : 'full');
  const known = referenceCases();
  if (known.length && !known.includes(caseId))
    fail('kerasReference: caseId', `one of ${known.join(', ')}`, JSON.stringify(caseId));
  const file = path.join(referenceDir, `${caseId}.${m}.json`);
  if (!fs.existsSync(file)) {
    console.log(
      `No Keras reference for this training (${m} mode) yet: \`${referenceCommand(caseId, m)}\` makes it. ` +
        'The training runs without the band.',
    );
    return undefined;
  }
  const ref = loadReference(caseId, m);
  const versions = `Keras ${ref.made.versions.keras} on TensorFlow ${ref.made.versions.tensorflow}`;
  console.log(
    `Keras reference: the same training in ${versions}, ${ref.seeds.length} seed(s) ` +
      `(${path.relative(repoRoot, file)}).`,
  );
  return ref;
}
