import { Console } from "node:console";

/**
 * Node wraps each method of the global `console` so that, while any inspector
 * session is connected, the call is also handed to V8's inspector, which builds
 * a console message (arguments, stack, timestamp) and stores it for DevTools.
 * The kernel always has a session connected while a cell runs (the heap watch
 * asks the main thread's heap use through one), and nobody reads those
 * messages: a print loop of 100,000 lines spent two thirds of its time there.
 *
 * This rebinds the methods Node's own Console defines (log, error, table, …)
 * to the global console, which is how Node binds them before wrapping, so a
 * cell's output is formatted and written exactly as before. Methods only the
 * inspector implements (profile, timeStamp, …) keep their wrapper. Returns the
 * function that puts the wrapped methods back.
 */
export function unwrapConsoleFromInspector(target: Console = console): () => void {
  const record = target as unknown as Record<string, unknown>;
  const prototype = Console.prototype as unknown as Record<string, unknown>;
  const wrapped = new Map<string, unknown>();
  for (const name of Object.getOwnPropertyNames(Console.prototype)) {
    const method = prototype[name];
    if (name === "constructor" || typeof method !== "function" || typeof record[name] !== "function") continue;
    wrapped.set(name, record[name]);
    record[name] = (method as (...args: unknown[]) => unknown).bind(target);
  }
  return () => {
    for (const [name, method] of wrapped) record[name] = method;
  };
}
