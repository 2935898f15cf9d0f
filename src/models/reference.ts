// A model against the one Keras built for the same notebook cell (the reference's summary):
// parameter count, and each layer's kind and output shape.
import { tf } from '../backend';
import type { KerasReference } from '../data/reference';

const fmt = (n: number) => n.toLocaleString('en-US');
const shapeText = (s: readonly (number | null)[]) =>
  `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;

/**
 * One line: "Same layers, shapes and 1,250,858 parameters as Keras", or what differs
 * ("Not Keras's model: 476,522 parameters, Keras 477,994; layer 7 conv2d_3 (Conv2D) gives
 * (12, 12, 64), Keras (10, 10, 64); 2 more differences").
 */
export function checkShapes(model: tf.LayersModel, reference: KerasReference): string {
  if (!(model instanceof tf.LayersModel))
    throw new Error(`checkShapes: a tf.LayersModel expected, found ${typeof model}`);
  if (!reference || !Array.isArray(reference.layers))
    throw new Error('checkShapes: a Keras reference expected (loadReference(caseId))');
  const diffs: string[] = [];
  const params = model.countParams();
  if (params !== reference.params)
    diffs.push(`${fmt(params)} parameters, Keras ${fmt(reference.params)}`);
  const ours = model.layers;
  const theirs = reference.layers;
  if (ours.length !== theirs.length) diffs.push(`${ours.length} layers, Keras ${theirs.length}`);
  for (let i = 0; i < Math.min(ours.length, theirs.length); i++) {
    const [l, k] = [ours[i], theirs[i]];
    const name = `layer ${i + 1} ${l.name} (${l.getClassName()})`;
    const shape = (l.outputShape as (number | null)[]).slice(1);
    const keras = k.outputShape.slice(1);
    if (l.getClassName() !== k.class) diffs.push(`${name} is a ${k.class} in Keras`);
    else if (shapeText(shape) !== shapeText(keras))
      diffs.push(`${name} gives ${shapeText(shape)}, Keras ${shapeText(keras)}`);
    else if (l.countParams() !== k.params)
      diffs.push(`${name} has ${fmt(l.countParams())} parameters, Keras ${fmt(k.params)}`);
  }
  if (!diffs.length) return `Same layers, shapes and ${fmt(params)} parameters as Keras`;
  const more = diffs.length - 2;
  return (
    `Not Keras's model: ${diffs.slice(0, 2).join('; ')}` +
    (more > 0 ? `; ${more} more difference${more > 1 ? 's' : ''}` : '')
  );
}
