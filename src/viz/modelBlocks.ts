// A Sequential CNN read as the blocks a diagram draws: one block per layer that
// changes the shape or holds weights (input, conv, pooling, flatten, dense), with
// the layers that only act element-wise (activation, dropout, batch norm) folded
// into the label of the block they follow.
import { tf } from '../backend';

export type BlockKind = 'input' | 'volume' | 'vector' | 'output';

export interface DiagramBlock {
  kind: BlockKind;
  /** Keras class of the layer ('Input' for the input). */
  type: string;
  /** Layer names in the block, the main one first. */
  layers: string[];
  /** Short title, e.g. 'Conv2D 3×3' or 'MaxPool 2×2'. */
  title: string;
  /** What was folded in, e.g. ['+ relu', '+ dropout 0.25']. */
  extras: string[];
  /** Output shape without the batch axis: [h, w, c] or [n]. */
  shape: number[];
  /** Parameters of the block's layers together. */
  params: number;
  /** The block ends in a softmax (its values are class probabilities). */
  softmax: boolean;
}

/** Layers that keep the shape and are drawn as a "+ …" line of the layer before them. */
const FOLDED = new Set([
  'Activation',
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'BatchNormalization',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  'ThresholdedReLU',
]);

/** Output layers with at most this many units are drawn one cell per class. */
const MAX_CELLS = 32;

const pair = (v: unknown): string => {
  const [a, b] = Array.isArray(v) ? v : [v, v];
  return `${a}×${b}`;
};

function titleOf(layer: tf.layers.Layer): string {
  const type = layer.getClassName();
  const c = layer.getConfig() as Record<string, unknown>;
  const stride = Array.isArray(c.strides) && c.strides.some((s) => s !== 1);
  switch (type) {
    case 'Conv2D':
      return `Conv2D ${pair(c.kernelSize)}${stride ? `, stride ${pair(c.strides)}` : ''}`;
    case 'MaxPooling2D':
      return `MaxPool ${pair(c.poolSize)}`;
    case 'AveragePooling2D':
      return `AvgPool ${pair(c.poolSize)}`;
    default:
      return type;
  }
}

/** The "+ …" line of a folded layer, or of a layer's own activation. */
function extraOf(layer: tf.layers.Layer): string | undefined {
  const type = layer.getClassName();
  const c = layer.getConfig() as Record<string, unknown>;
  if (typeof c.activation === 'string' && c.activation !== 'linear') return `+ ${c.activation}`;
  if (type === 'Activation') return undefined; // linear
  if (typeof c.rate === 'number')
    return `+ ${type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${c.rate}`;
  if (type === 'BatchNormalization') return '+ batch norm';
  if (FOLDED.has(type)) return `+ ${type.toLowerCase()}`;
  return undefined;
}

function isSoftmax(layer: tf.layers.Layer): boolean {
  const c = layer.getConfig() as Record<string, unknown>;
  return layer.getClassName() === 'Softmax' || c.activation === 'softmax';
}

const CHAIN = 'modelDiagram draws a single chain of layers (a Sequential model)';
const BRANCHES = `the model branches, and ${CHAIN}`;

/** The model's layers as one chain, input to output, or an Error naming where it branches. */
function chain(model: tf.LayersModel): tf.layers.Layer[] {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const consumers = new Map<tf.layers.Layer, string[]>();
  layers.forEach((layer, i) => {
    const cls = layer.getClassName();
    if (cls === 'Sequential' || cls === 'Model' || cls === 'Functional')
      throw new Error(
        `modelDiagram: layer '${layer.name}' is itself a model; build the model from plain layers to draw it`,
      );
    if (layer.inboundNodes.length !== 1)
      throw new Error(
        `modelDiagram: layer '${layer.name}' is used ${layer.inboundNodes.length} times; ${CHAIN}`,
      );
    const inbound = layer.inboundNodes[0].inboundLayers;
    if (inbound.length !== 1)
      throw new Error(
        `modelDiagram: layer '${layer.name}' takes ${inbound.length} inputs (${inbound.map((l) => l.name).join(', ')}): ${BRANCHES}`,
      );
    const from = inbound[0];
    consumers.set(from, [...(consumers.get(from) ?? []), layer.name]);
  });
  for (const [from, to] of consumers)
    if (to.length > 1)
      throw new Error(
        `modelDiagram: layer '${from.name}' feeds ${to.length} layers (${to.join(', ')}): ${BRANCHES}`,
      );
  layers.forEach((layer, i) => {
    const from = layer.inboundNodes[0].inboundLayers[0];
    if (i > 0 && from !== layers[i - 1])
      throw new Error(
        `modelDiagram: layer '${layer.name}' reads '${from.name}', not the layer before it ('${layers[i - 1].name}'); ${CHAIN}`,
      );
  });
  return layers;
}

const dims = (shape: tf.Shape | tf.Shape[]): number[] => (shape as number[]).slice(1);

/** Reads a Sequential CNN (or a functional model that is a single chain) as diagram blocks. */
export function diagramBlocks(model: tf.LayersModel): DiagramBlock[] {
  if (!(model instanceof tf.LayersModel))
    throw new Error(
      `modelDiagram: expected a tf.LayersModel (e.g. tf.sequential()), found ${model === null ? 'null' : typeof model}`,
    );
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new Error(
      `modelDiagram: expected one input and one output, found ${model.inputs.length} inputs and ${model.outputs.length} outputs: ${BRANCHES}`,
    );
  const input = model.inputs[0].shape;
  const [, h, w, c = 1] = input;
  if ((input.length !== 3 && input.length !== 4) || !(h! > 0 && w! > 0 && c! > 0))
    throw new Error(
      `modelDiagram: expected an image input [height, width] or [height, width, channels], found [${input.slice(1).join(', ')}]: it draws image models (use summary(model) for others)`,
    );
  const blocks: DiagramBlock[] = [
    {
      kind: 'input',
      type: 'Input',
      layers: [],
      title: 'Input',
      extras: [],
      shape: [h!, w!, c!],
      params: 0,
      softmax: false,
    },
  ];
  for (const layer of chain(model)) {
    const shape = dims(layer.outputShape);
    const last = blocks[blocks.length - 1];
    const extra = extraOf(layer);
    if (FOLDED.has(layer.getClassName())) {
      if (extra) last.extras.push(extra);
      last.layers.push(layer.name);
      last.params += layer.countParams();
      last.softmax = last.softmax || isSoftmax(layer);
      continue;
    }
    if (shape.length !== 3 && shape.length !== 1)
      throw new Error(
        `modelDiagram: layer '${layer.name}' (${layer.getClassName()}) outputs [${shape.join(', ')}], neither a stack of feature maps [h, w, c] nor a vector [n]`,
      );
    if (shape.some((d) => !(d > 0)))
      throw new Error(
        `modelDiagram: layer '${layer.name}' has an unknown output size [${shape.join(', ')}]`,
      );
    blocks.push({
      kind: shape.length === 3 ? 'volume' : 'vector',
      type: layer.getClassName(),
      layers: [layer.name],
      title: titleOf(layer),
      extras: extra ? [extra] : [],
      shape,
      params: layer.countParams(),
      softmax: isSoftmax(layer),
    });
  }
  const out = blocks[blocks.length - 1];
  if (
    blocks.length > 1 &&
    out.kind === 'vector' &&
    out.type === 'Dense' &&
    out.shape[0] <= MAX_CELLS
  )
    out.kind = 'output';
  return blocks;
}
