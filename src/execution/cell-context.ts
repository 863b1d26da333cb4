import { AsyncLocalStorage } from "node:async_hooks";
import type { OutputSink } from "./types";

/**
 * What library code running inside a cell (display, timeit, the parallel runtime)
 * needs from the request that started it. Carried by AsyncLocalStorage so that
 * callbacks a cell schedules still write to that cell, and so that no module
 * holds a mutable "current cell".
 */
export interface CellContext {
  sink: OutputSink;
  /** Aborted when the user interrupts the cell; long-running library loops check it. */
  signal: AbortSignal;
}

export const cellContextStorage = new AsyncLocalStorage<CellContext>();

export function currentCell(): CellContext | undefined {
  return cellContextStorage.getStore();
}
