/**
 * Interrupting a cell from another thread (the kernel's control thread) without a signal.
 * The thread raises this shared flag; the main thread takes it as soon as it is free
 * (interrupt-listener.ts: abandons a pending await, aborts the cell's AbortSignal), and
 * the converter worker sends SIGINT if a cell's synchronous top level keeps the main
 * thread busy (interrupt-watchdog.ts), which breakOnSigint turns into KeyboardInterrupt.
 *
 * Free of imports beyond Node so the kernel can hand the buffer to its control thread
 * without loading the executor.
 */

/** Slot indices in the Int32Array over `interruptFlags`. */
export const interruptSlot = {
  /** 1 while an interrupt is requested and not yet taken by the main thread. */
  request: 0,
  /** What the main thread is doing: a CellPhase. */
  phase: 1,
} as const;

export const cellPhase = {
  idle: 0,
  /** The cell's synchronous top level, under breakOnSigint: SIGINT stops it. */
  script: 1,
  /** The cell's asynchronous part: callbacks and code after an await. */
  awaiting: 2,
} as const;

/** The process-wide flags (created in the main thread; share them with the control thread). */
export const interruptFlags = new SharedArrayBuffer(8);

/**
 * Asks for the running cell to be interrupted; callable from any thread that holds the
 * buffer (the main thread's `interruptFlags`, or a copy passed through workerData).
 */
export function requestInterrupt(flags: SharedArrayBuffer = interruptFlags): void {
  const view = new Int32Array(flags);
  Atomics.store(view, interruptSlot.request, 1);
  Atomics.notify(view, interruptSlot.request);
}
