// Keras's categorical cross-entropy from probabilities and categorical accuracy, as graph
// ops, computed exactly as tfjs-layers does (losses.categoricalCrossentropy):
//   p /= sum(p, -1); p = clip(p, eps, 1 - eps); loss = mean(-sum(y * log p, -1)).
import { Output } from './addon';
import { GraphBuilder } from './builder';

/** tfjs-layers' (and Keras's) backend epsilon. */
const EPSILON = 1e-7;

export function categoricalCrossentropy(b: GraphBuilder, y: Output, p: Output): Output {
  const normalised = b.f(
    'RealDiv',
    'loss/normalised',
    p,
    b.reduce('Sum', 'loss/p_sum', p, [-1], true),
  );
  const clipped = b.f(
    'Minimum',
    'loss/clip_high',
    b.f('Maximum', 'loss/clip_low', normalised, b.scalar(EPSILON, 'loss/eps')),
    b.scalar(1 - EPSILON, 'loss/one_minus_eps'),
  );
  const perSample = b.f(
    'Neg',
    'loss/per_sample',
    b.reduce(
      'Sum',
      'loss/sum',
      b.f('Mul', 'loss/y_log_p', y, b.f('Log', 'loss/log', clipped)),
      [-1],
    ),
  );
  return b.reduce('Mean', 'loss/mean', perSample, [0]);
}

export function categoricalAccuracy(b: GraphBuilder, y: Output, p: Output): Output {
  const argMax = (prefix: string, t: Output) =>
    b.op(
      'ArgMax',
      prefix,
      [t, b.intScalar(-1, `${prefix}/axis`)],
      [
        ['T', 'type', 'float32'],
        ['Tidx', 'type', 'int32'],
        ['output_type', 'type', 'int32'],
      ],
    );
  const equal = b.op(
    'Equal',
    'accuracy/equal',
    [argMax('accuracy/true', y), argMax('accuracy/pred', p)],
    [['T', 'type', 'int32']],
  );
  const correct = b.op(
    'Cast',
    'accuracy/correct',
    [equal],
    [
      ['SrcT', 'type', 'bool'],
      ['DstT', 'type', 'float32'],
    ],
  );
  return b.reduce('Mean', 'accuracy/mean', correct, [0]);
}
