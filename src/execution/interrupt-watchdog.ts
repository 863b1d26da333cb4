import { cellPhase, interruptSlot } from "./interrupt-flags";
import { whenChanged } from "../shared/wait-async";

/** How long the main thread has to take an interrupt itself before the watchdog helps. */
const graceMs = 300;

/**
 * Runs in the converter worker: waits (without blocking its own event loop) for an
 * interrupt request. A free main thread takes requests itself (interrupt-listener.ts).
 * If it has not after the grace period and a cell's synchronous top level is running,
 * the watchdog sends SIGINT, which `vm`'s breakOnSigint turns into KeyboardInterrupt.
 *
 * Code running after an `await` cannot be stopped while it keeps the main thread busy:
 * stopping it from another thread (the inspector's Runtime.terminateExecution) was tried
 * and aborts Node 20 when async hooks are on ("Assertion failed:
 * (env_->execution_async_id()) == (0)"), and the cell context needs them. The request
 * stays raised and is taken as soon as the main thread is free again.
 */
export function watchInterrupts(flags: SharedArrayBuffer): void {
  const view = new Int32Array(flags);
  const wait = () => {
    void whenChanged(view, interruptSlot.request, 0).then(async () => {
      while (Atomics.load(view, interruptSlot.request) !== 0) {
        await new Promise((resolve) => setTimeout(resolve, graceMs));
        const stillRequested = Atomics.load(view, interruptSlot.request) !== 0;
        if (stillRequested && Atomics.load(view, interruptSlot.phase) === cellPhase.script) process.kill(process.pid, "SIGINT");
        if (stillRequested && Atomics.load(view, interruptSlot.phase) === cellPhase.idle) Atomics.store(view, interruptSlot.request, 0);
      }
      wait();
    });
  };
  wait();
}
