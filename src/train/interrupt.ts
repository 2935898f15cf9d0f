// Kernel interrupts: Jupyter sends SIGINT; tslab rejects the cell's promise but the
// awaited training would go on. While training we listen too and ask it to stop.

/** Calls `onInterrupt` on SIGINT until the returned function is called. In a plain
 *  terminal a second Ctrl-C exits, as Ctrl-C normally would. */
export function watchInterrupts(onInterrupt: () => void, inNotebook: boolean): () => void {
  let count = 0;
  const handler = () => {
    count += 1;
    if (count > 1 && !inNotebook) process.exit(130);
    onInterrupt();
  };
  process.on('SIGINT', handler);
  return () => {
    process.removeListener('SIGINT', handler);
  };
}
