import { cellPhase, interruptFlags, interruptSlot } from "./interrupt-flags";
import { whenChanged } from "../shared/wait-async";

const listeners = new Set<() => void>();
const view = new Int32Array(interruptFlags);
let watching = false;

/**
 * Main-thread side of the interrupt flags: whenever the main thread is free to notice a
 * request, take it (clear the flag, so the watchdog does not force anything) and tell the
 * listeners. `Atomics.waitAsync` does not block and does not keep the process alive.
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

/** Records what the main thread is doing, for the watchdog. */
export function setCellPhase(phase: (typeof cellPhase)[keyof typeof cellPhase]): void {
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
