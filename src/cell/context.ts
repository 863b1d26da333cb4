import { AsyncLocalStorage } from "node:async_hooks";
import { KeyboardInterrupt } from "./keyboard-interrupt";
import type { OutputSink } from "./output-sink";

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
  /**
   * Where a script position of cell code is in the notebook (`<cell 3>:12`), or undefined
   * for a script that is not a cell's. Line and column are one-based, as in stack traces;
   * the profiler names sampled functions with it, as tracebacks name frames.
   */
  cellLocation?: (script: string, line: number, column: number) => string | undefined;
}

export const cellContextStorage = new AsyncLocalStorage<CellContext>();

export function currentCell(): CellContext | undefined {
  return cellContextStorage.getStore();
}

/**
 * One running cell: its context (sink and AbortSignal) and a way to abandon what it awaits.
 * Interrupting aborts the signal (library loops stop) and rejects `race`, so the executor
 * stops waiting for a promise that may never settle; the kernel's state stays as it was.
 */
export class CellRun {
  readonly context: CellContext;
  private readonly controller = new AbortController();
  private readonly interrupted: Promise<never>;
  private rejectInterrupted!: (reason: KeyboardInterrupt) => void;

  constructor(sink: OutputSink, cellLocation?: CellContext["cellLocation"]) {
    this.context = { sink, signal: this.controller.signal, ...(cellLocation ? { cellLocation } : {}) };
    this.interrupted = new Promise<never>((_, reject) => {
      this.rejectInterrupted = reject;
    });
    this.interrupted.catch(() => undefined); // settled through `race` only
  }

  interrupt(message: string): void {
    const reason = new KeyboardInterrupt(message);
    if (!this.controller.signal.aborted) this.controller.abort(reason);
    this.rejectInterrupted(reason);
  }

  /** Marks the cell interrupted without a pending await to reject (vm's breakOnSigint did it). */
  abortSignal(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new KeyboardInterrupt("execution interrupted"));
  }

  race<T>(completion: Promise<T>): Promise<T> {
    return Promise.race([completion, this.interrupted]);
  }
}
