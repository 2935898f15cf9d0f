// A thin, typed layer over the addon for building one graph: unique op names,
// float32 defaults, and the handful of ops the model translation needs.
import { Attr, GraphAddon, GraphHandle, Input, Output } from './addon';

const F32: Attr = ['T', 'type', 'float32'];

export class GraphBuilder {
  readonly graph: GraphHandle;
  private readonly used = new Set<string>();

  constructor(readonly addon: GraphAddon) {
    this.graph = addon.newGraph();
  }

  /** A fresh op name under a readable prefix (TF op names: [A-Za-z0-9.][A-Za-z0-9_.\-/]*). */
  name(prefix: string): string {
    const base = prefix.replace(/[^A-Za-z0-9_.\-/]/g, '_').replace(/^[^A-Za-z0-9.]/, 'n');
    let n = base;
    for (let i = 1; this.used.has(n); i++) n = `${base}_${i}`;
    this.used.add(n);
    return n;
  }

  /** Adds an op; returns its first output (the name is the op's). */
  op(
    type: string,
    prefix: string,
    inputs: Input[],
    attrs: Attr[] = [],
    controlInputs: string[] = [],
  ): Output {
    const name = this.name(prefix);
    this.addon.addOperation(this.graph, type, name, inputs, controlInputs, attrs);
    return [name, 0];
  }

  /** Element-wise float32 op with the usual T attr. */
  f(type: string, prefix: string, ...inputs: Output[]): Output {
    return this.op(type, prefix, inputs, [F32]);
  }

  scalar(value: number, prefix = 'scalar'): Output {
    return this.op(
      'Const',
      prefix,
      [],
      [
        ['dtype', 'type', 'float32'],
        ['value', 'tensor', ['float32', [], new Float32Array([value])]],
      ],
    );
  }

  ints(values: number[], prefix = 'ints'): Output {
    return this.op(
      'Const',
      prefix,
      [],
      [
        ['dtype', 'type', 'int32'],
        ['value', 'tensor', ['int32', [values.length], new Int32Array(values)]],
      ],
    );
  }

  intScalar(value: number, prefix = 'int'): Output {
    return this.op(
      'Const',
      prefix,
      [],
      [
        ['dtype', 'type', 'int32'],
        ['value', 'tensor', ['int32', [], new Int32Array([value])]],
      ],
    );
  }

  placeholder(prefix: string, shape: number[], dtype: 'float32' | 'int32' = 'float32'): Output {
    return this.op(
      'Placeholder',
      prefix,
      [],
      [
        ['dtype', 'type', dtype],
        ['shape', 'shape', shape],
      ],
    );
  }

  /** Sum or Mean over `axes`. */
  reduce(
    type: 'Sum' | 'Mean',
    prefix: string,
    x: Output,
    axes: number[],
    keepDims = false,
  ): Output {
    return this.op(
      type,
      prefix,
      [x, this.ints(axes, `${prefix}/axes`)],
      [F32, ['Tidx', 'type', 'int32'], ['keep_dims', 'bool', keepDims]],
    );
  }

  /** A float32 tensor of zeros with a fixed shape. */
  zeros(prefix: string, shape: number[]): Output {
    return this.op(
      'Fill',
      prefix,
      [this.ints(shape, `${prefix}/dims`), this.scalar(0, `${prefix}/zero`)],
      [F32, ['index_type', 'type', 'int32']],
    );
  }

  /** A resource variable: its handle and one ReadVariableOp of it. */
  variable(prefix: string, shape: number[]): { handle: Output; read: Output } {
    const name = this.name(prefix);
    this.addon.addOperation(
      this.graph,
      'VarHandleOp',
      name,
      [],
      [],
      [
        ['dtype', 'type', 'float32'],
        ['shape', 'shape', shape],
        ['shared_name', 'string', name],
      ],
    );
    const handle: Output = [name, 0];
    return {
      handle,
      read: this.op('ReadVariableOp', `${name}/read`, [handle], [['dtype', 'type', 'float32']]),
    };
  }

  assign(
    handle: Output,
    value: Output,
    kind: 'AssignVariableOp' | 'AssignSubVariableOp' = 'AssignVariableOp',
    controlInputs: string[] = [],
  ): string {
    return this.op(
      kind,
      `${handle[0]}/${kind === 'AssignVariableOp' ? 'assign' : 'assign_sub'}`,
      [handle, value],
      [['dtype', 'type', 'float32']],
      controlInputs,
    )[0];
  }

  /** A NoOp that runs after `ops` (a target that groups them). */
  group(prefix: string, ops: string[]): string {
    return this.op('NoOp', prefix, [], [], ops)[0];
  }
}
