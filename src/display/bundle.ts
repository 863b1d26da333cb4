import { inspect, types } from "node:util";
import { jupyterDisplaySymbol, type MimeBundle } from "../cell/mime";

/**
 * How values print as text/plain: like Node's REPL (strings quoted), without ANSI colours
 * (notebooks show them raw), and deeper than util.inspect's default of 2 so a nested
 * result is readable, but bounded so a huge value cannot flood the notebook.
 */
export function plainText(value: unknown): string {
  if (types.isPromise(value)) hideAsyncHookSymbols(value);
  return inspect(value, { colors: false, depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

/**
 * While an AsyncLocalStorage is in use (the cell context), Node's promise hooks tag each
 * promise with enumerable symbol properties (async ids and the storage's value), which
 * util.inspect would print after `Promise { 3 }`, the cell's sink included.
 */
function hideAsyncHookSymbols(promise: Promise<unknown>): void {
  for (const symbol of Object.getOwnPropertySymbols(promise)) {
    if (!internalPromiseSymbols.has(symbol.description ?? "")) continue;
    const descriptor = Object.getOwnPropertyDescriptor(promise, symbol);
    if (descriptor?.configurable) Object.defineProperty(promise, symbol, { ...descriptor, enumerable: false });
  }
}

const internalPromiseSymbols = new Set(["async_id_symbol", "trigger_async_id_symbol", "kResourceStore"]);

/**
 * The MIME bundle of a value: its own bundle when it implements
 * `[Symbol.for("Jupyter.display")]()` (text/plain added when missing, as every front end
 * can show it), else text/plain.
 */
export function mimeBundleOf(value: unknown): MimeBundle {
  const render = richRenderer(value);
  if (!render) return { "text/plain": plainText(value) };
  const bundle = render();
  if (typeof bundle !== "object" || bundle === null) {
    throw new TypeError(`[Symbol.for("Jupyter.display")]() must return a MIME bundle object, got ${plainText(bundle)}`);
  }
  return "text/plain" in bundle ? { ...bundle } : { ...bundle, "text/plain": plainText(value) };
}

function richRenderer(value: unknown): (() => unknown) | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  const method = (value as Record<symbol, unknown>)[jupyterDisplaySymbol];
  return typeof method === "function" ? () => method.call(value) : undefined;
}
