// Traceback filtering, as Keras 3 does it (keras.config.disable_traceback_filtering). In a
// notebook an error from the library shows its message and the learner's own cell lines
// (mapped back to the TypeScript cell), not the frames of the library's dist/, node_modules
// or node internals. The kernel does the printing (patches/tslab+*.patch, executor.js's
// reportError); this module only holds the switch, one global flag the kernel reads when an
// error reaches it. Outside a notebook nothing changes: errors keep their full stack.

/** The flag the patched tslab kernel reads: false means print the full trace. */
const FLAG = Symbol.for('cnn-notebooks.tracebackFiltering');

type Flagged = { [FLAG]?: boolean };

/** Shows the full stack of the next errors in this notebook, library and kernel frames included. */
export function disableTracebackFiltering(): void {
  (globalThis as Flagged)[FLAG] = false;
}

/** Back to the default: an error shows its message and the cells' own lines. */
export function enableTracebackFiltering(): void {
  (globalThis as Flagged)[FLAG] = true;
}

/** Whether a notebook error shows only its message and the cells' lines (the default). */
export function isTracebackFilteringEnabled(): boolean {
  return (globalThis as Flagged)[FLAG] !== false;
}
