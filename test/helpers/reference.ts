// A Keras reference made up in code, for tests of the band, the verdict and the views.
import type { KerasReference, ReferenceBandEpoch } from '../../src/data/reference';

/** A reference with the given band epochs (seeds: the most any epoch has); the rest is filler. */
export function syntheticReference(
  epochs: ReferenceBandEpoch[],
  overrides: Partial<KerasReference> = {},
): KerasReference {
  const seeds = Math.max(...epochs.map((e) => e.seeds));
  return {
    case: 'synthetic',
    mode: 'quick',
    notebook: 'nb',
    cell: 'cell',
    made: { date: '2026-01-01', wallSeconds: 1, cpu: { model: 'cpu' }, versions: {} },
    settings: {
      model: 'm',
      optimizer: { name: 'adam' },
      data: { dataset: 'cifar10', train: 10_000, test: 10_000, scale: true },
      phases: [{ name: 'fit', batchSize: 10, epochs: epochs.length, validation: 'test' }],
    },
    params: 10,
    layers: [],
    seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    runs: [],
    band: { epochs, evaluations: [] },
    file: 'synthetic.json',
    ...overrides,
  };
}
