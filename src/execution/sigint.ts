const listeners = new Set<() => void>();

function dispatch(): void {
  for (const listener of listeners) listener();
}

/**
 * Subscribes to SIGINT for as long as any executor lives. Having a listener at all is what
 * keeps the kernel alive on SIGINT (Node's default is to exit); with no cell running the
 * signal is simply ignored. While a cell's synchronous code runs under `vm`'s
 * `breakOnSigint`, Node hands the signal to the script instead and this listener is not called.
 */
export function onSigint(listener: () => void): () => void {
  if (listeners.size === 0) process.on("SIGINT", dispatch);
  listeners.add(listener);
  return () => {
    if (listeners.delete(listener) && listeners.size === 0) process.off("SIGINT", dispatch);
  };
}
