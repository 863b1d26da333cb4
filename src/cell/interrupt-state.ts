import { whenChanged } from "../shared/wait-async";

/**
 * What every thread knows about interrupting the running cell, in one SharedArrayBuffer.
 *
 * An interrupt is SIGINT (the I/O thread raises it on interrupt_request; a terminal's
 * Ctrl-C sends it too). While a cell's code runs inside a `vm` script with breakOnSigint
 * (its synchronous part, a timer callback, a %timeit measurement: interruptible-call.ts)
 * V8 stops it there. Otherwise the signal reaches the SIGINT guard's thread
 * (execution/sigint-guard.ts), which raises the request slot here; the main thread takes
 * the request as soon as its event loop is free and abandons the cell's pending await
 * (`onInterruptRequest`). The phase slot says which of the two the main thread is in, so
 * the guard steps aside while a cell's script runs, and the heap watch knows how to stop it.
 */

/** Slot indices in the Int32Array over the flags. */
export const interruptSlot = {
  /** 1 while an interrupt is requested and not yet taken by the main thread. */
  request: 0,
  /** What the main thread is doing: a CellPhase. */
  phase: 1,
} as const;

export const cellPhase = {
  idle: 0,
  /** Code of a cell inside a script with breakOnSigint: SIGINT stops it. */
  script: 1,
  /** The cell's asynchronous part: callbacks and code after an await. */
  awaiting: 2,
} as const;

export type CellPhase = (typeof cellPhase)[keyof typeof cellPhase];

/**
 * The main thread's flags, made when the kernel loads this module; the threads that watch
 * or raise them (the SIGINT guard, the heap watch, the I/O thread) get them through their
 * workerData, since a worker that imports this module makes a buffer of its own.
 */
export const interruptFlags = new SharedArrayBuffer(8);

/** Asks for the running cell to be interrupted; callable from any thread that holds the flags. */
export function requestInterrupt(flags: SharedArrayBuffer = interruptFlags): void {
  const view = new Int32Array(flags);
  Atomics.store(view, interruptSlot.request, 1);
  Atomics.notify(view, interruptSlot.request);
}

const view = new Int32Array(interruptFlags);
const listeners = new Set<() => void>();
let watching = false;

/**
 * Main-thread side: whenever the main thread is free to notice a request, take it (clear
 * the slot) and tell the listeners. `Atomics.waitAsync` does not block and does not keep
 * the process alive.
 */
export function onInterruptRequest(listener: () => void): () => void {
  listeners.add(listener);
  if (!watching) {
    watching = true;
    watch();
  }
  return () => {
    listeners.delete(listener);
  };
}

function watch(): void {
  const requested = whenChanged(view, interruptSlot.request, 0);
  void requested.then(() => {
    if (Atomics.exchange(view, interruptSlot.request, 0) !== 0) for (const listener of listeners) listener();
    if (listeners.size === 0) {
      watching = false;
      return;
    }
    watch();
  });
}

/** The main thread's current phase. */
export function cellPhaseNow(): CellPhase {
  return Atomics.load(view, interruptSlot.phase) as CellPhase;
}

/** Records what the main thread is doing. */
export function setCellPhase(phase: CellPhase): void {
  Atomics.store(view, interruptSlot.phase, phase);
  // The SIGINT guard's thread may be waiting for the script phase to end (sigint-guard-worker.ts).
  Atomics.notify(view, interruptSlot.phase);
}

/** Takes a request not yet seen by the listeners: true if there was one. */
export function takeInterruptRequest(): boolean {
  return Atomics.exchange(view, interruptSlot.request, 0) !== 0;
}

/** Drops a request that was meant for a cell that has ended. */
export function clearInterruptRequest(): void {
  Atomics.store(view, interruptSlot.request, 0);
}
