/**
 * What the heap watch worker and the executor share (heap-watch.ts, heap-watch-worker.ts).
 * Free of imports so the worker loads nothing else.
 */

/** Slot indices in the Int32Array over `HeapWatchData.state`. */
export const heapSlot = {
  /** 1 while a cell runs and has not been stopped for memory yet: the watch fires once per cell. */
  armed: 0,
  /** 1 once the watch stopped the running cell. */
  fired: 1,
  /** The cell's heap use when it was stopped, MB. */
  usedMb: 2,
} as const;

export interface HeapWatchData {
  state: SharedArrayBuffer;
  /** The kernel's interrupt flags (cell/interrupt-state.ts): read the cell's phase, so the watch sleeps between cells. */
  interruptFlags: SharedArrayBuffer;
  /** Heap use at which the running cell is stopped, bytes. */
  thresholdBytes: number;
  pollMs: number;
}
