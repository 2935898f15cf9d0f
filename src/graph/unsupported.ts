// The one error that means "the graph engine cannot train this": a layer, loss, optimizer
// or setting it does not translate. fit()'s 'auto' engine falls back to eager mode on this
// error and on no other; anything else that goes wrong while building the graph is a real
// failure and propagates.

export class GraphEngineUnsupported extends Error {
  override readonly name = 'GraphEngineUnsupported';

  /**
   * @param reason what cannot be trained in a graph, in one line (fit's fallback note)
   * @param where who says so, the message's prefix
   */
  constructor(
    readonly reason: string,
    where = 'graph engine',
  ) {
    super(`${where}: ${reason}`);
  }
}
