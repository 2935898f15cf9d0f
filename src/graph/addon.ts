// Loads native/graph (TensorFlow's graph C API through our own N-API addon), if built.
// Optional: without it the graph engine reports itself unavailable and nothing else changes.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** An op's output: [operation name, output index]. */
export type Output = [string, number];
/** 'bfloat16' only in attrs (mixed precision's compute dtype): never fed or fetched. */
export type DType = 'float32' | 'int32' | 'uint8' | 'int64' | 'bool' | 'resource' | 'bfloat16';
/** [name, kind, value] as the addon expects it. */
export type Attr =
  | [string, 'type', DType]
  | [string, 'int' | 'float', number]
  | [string, 'bool', boolean]
  | [string, 'string', string]
  | [string, 'shape' | 'ints', number[]]
  | [string, 'types', DType[]]
  | [string, 'tensor', [DType, number[], Float32Array | Int32Array]];
export type Input = Output | Output[];
export interface Fetched {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}
export type Feed =
  | [Output, 'float32' | 'int32', number[], Float32Array | Int32Array]
  | [Output, 'uint8', number[], Uint8Array];

declare const opaque: unique symbol;
export type GraphHandle = { readonly [opaque]: 'graph' };
export type SessionHandle = { readonly [opaque]: 'session' };

export interface GraphAddon {
  version(): string;
  newGraph(): GraphHandle;
  addOperation(
    g: GraphHandle,
    type: string,
    name: string,
    inputs: Input[],
    controlInputs: string[],
    attrs: Attr[],
  ): number;
  addGradients(g: GraphHandle, ys: Output[], xs: Output[]): Output[];
  /** `configBytes`: more serialized ConfigProto fields, merged after the thread counts. */
  newSession(
    g: GraphHandle,
    intraOpThreads: number,
    interOpThreads: number,
    configBytes?: Uint8Array,
  ): SessionHandle;
  run(s: SessionHandle, feeds: Feed[], fetches: Output[], targets: string[]): Fetched[];
  closeSession(s: SessionHandle): void;
  /** Sessions created and not yet closed (leak checks). */
  openSessions(): number;
}

// src/graph and dist/graph both sit two levels below the checkout.
export const graphAddonFile = path.resolve(
  __dirname,
  '..',
  '..',
  'native',
  'graph',
  'build',
  'Release',
  'tf_graph.node',
);

let loaded: { addon: GraphAddon | null; reason: string } | null = null;

function load(): { addon: GraphAddon | null; reason: string } {
  if (loaded) return loaded;
  if (!fs.existsSync(graphAddonFile)) {
    loaded = {
      addon: null,
      reason: `native/graph is not built (${graphAddonFile} missing; run \`node scripts/lib/graph-addon.mjs\`)`,
    };
    return loaded;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(graphAddonFile) as GraphAddon;
    loaded = { addon, reason: `TensorFlow ${addon.version()}` };
  } catch (e) {
    loaded = {
      addon: null,
      reason: `native/graph does not load: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  return loaded;
}

/** True when native/graph is built and loads (the graph training engine can run). */
export function isGraphEngineAvailable(): boolean {
  return load().addon !== null;
}

/** Why the graph engine is (un)available, in one line. */
export function graphEngineStatus(): string {
  return load().reason;
}

/** The addon, or an error saying why it is unavailable. */
export function graphAddon(): GraphAddon {
  const { addon, reason } = load();
  if (!addon) throw new Error(`graph engine unavailable: ${reason}`);
  return addon;
}
